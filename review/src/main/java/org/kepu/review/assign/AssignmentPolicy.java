package org.kepu.review.assign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Work;

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
                .sorted(Comparator.comparingInt((Reviewer r) -> load.getOrDefault(r.id(), 0))
                        .thenComparing(Reviewer::id))
                .limit(missing)
                .forEach(r -> chosen.add(new Assignment(r.id(), now)));
        return chosen;
    }
}
