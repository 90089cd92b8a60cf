package org.kepu.review.assign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkStatus;

/**
 * Chooses reviewers for a work: those whose disciplines cover its topics, least loaded first, never its
 * creator and never one who declared a conflict with the creator. A work without topics may go to any
 * reviewer, since nobody could match it otherwise.
 */
public final class AssignmentPolicy {

    private AssignmentPolicy() {}

    /** Whether the reviewer may review the work at all. */
    public static boolean eligible(Reviewer reviewer, Work work) {
        return !reviewer.id().equals(work.owner())
                && !reviewer.conflictsWith(work.owner())
                && !work.review().isAssigned(reviewer.id())
                && (work.metadata().topics().isEmpty()
                        || reviewer.covers(work.metadata().topics()));
    }

    /**
     * Whether a reviewer may read the work at all: not a draft of a creator they declared a conflict with,
     * whether or not they were assigned to it. Published works are public anyway.
     */
    public static boolean mayRead(Reviewer reviewer, Work work) {
        return work.status() == WorkStatus.PUBLISHED || !reviewer.conflictsWith(work.owner());
    }

    /**
     * Who takes over the work from a reviewer still assigned to it: the least loaded eligible reviewer who
     * is not among {@code excluded}.
     */
    public static Optional<Reviewer> replacement(
            Work work, List<Reviewer> reviewers, Map<String, Integer> load, Set<String> excluded) {
        return reviewers.stream()
                .filter(r -> !excluded.contains(r.id()) && eligible(r, work))
                .min(byLoad(load));
    }

    /**
     * The assignments to add so that the work has as many reviewers as it needs approvals.
     *
     * @param load open assignments per reviewer id; missing means none
     */
    public static List<Assignment> choose(Work work, List<Reviewer> reviewers, Map<String, Integer> load, Instant now) {
        int missing =
                work.review().requiredApprovals() - work.review().assignments().size();
        if (missing <= 0) {
            return List.of();
        }
        List<Assignment> chosen = new ArrayList<>();
        reviewers.stream()
                .filter(r -> eligible(r, work))
                .sorted(byLoad(load))
                .limit(missing)
                .forEach(r -> chosen.add(new Assignment(r.id(), now)));
        return chosen;
    }

    private static Comparator<Reviewer> byLoad(Map<String, Integer> load) {
        return Comparator.comparingInt((Reviewer r) -> load.getOrDefault(r.id(), 0))
                .thenComparing(Reviewer::id);
    }
}
