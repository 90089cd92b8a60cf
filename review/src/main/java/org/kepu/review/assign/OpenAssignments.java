package org.kepu.review.assign;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.lifecycle.ReviewFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the works in review still short of reviewers to the registered reviewers: a reviewer an admin
 * registers after a work was screened, or one who may take over from a reviewer withdrawn for a conflict,
 * gets it without asking. Costs what the works in review cost to read; each assignment is a
 * compare-and-set, so instances offering at once assign once.
 */
public class OpenAssignments {

    private static final Logger log = LoggerFactory.getLogger(OpenAssignments.class);

    private final WorkRepository works;
    private final ReviewerLoad pool;
    private final ReviewFlow flow;
    private final Clock clock;

    public OpenAssignments(WorkRepository works, ReviewerLoad pool, ReviewFlow flow, Clock clock) {
        this.works = works;
        this.pool = pool;
        this.flow = flow;
        this.clock = clock;
    }

    /** Assigns eligible reviewers to every work in review short of them; returns how many works changed. */
    public int offer() {
        List<Work> inReview = pool.inReview();
        if (inReview.stream().noneMatch(OpenAssignments::shortOfReviewers)) {
            return 0;
        }
        List<Reviewer> reviewers = pool.reviewers();
        // counts this round's own assignments, so that the open works do not all go to one reviewer
        Map<String, Integer> load = new HashMap<>(ReviewerLoad.load(inReview));
        Instant now = clock.instant();
        int changed = 0;
        for (Work seen : inReview) {
            if (!shortOfReviewers(seen) || flow.assign(seen, reviewers, load, now) == seen) {
                continue;
            }
            try {
                Work after = works.update(seen.id(), w -> {
                    Work next = flow.assign(w, reviewers, load, now);
                    if (next == w) {
                        return w;
                    }
                    return next.recording(
                            AuditEvent.ASSIGNMENT,
                            AuditEvent.SYSTEM,
                            next.currentVersion(),
                            Map.of(
                                    "reviewers",
                                    added(next, now),
                                    "requiredApprovals",
                                    next.review().requiredApprovals()));
                });
                List<String> added = added(after, now);
                if (!added.isEmpty()) {
                    changed++;
                    added.forEach(r -> load.merge(r, 1, Integer::sum));
                }
            } catch (RuntimeException e) {
                log.warn("work {}: could not assign reviewers; the next round retries", seen.id(), e);
            }
        }
        return changed;
    }

    private static boolean shortOfReviewers(Work work) {
        return work.review().assignments().size() < work.review().requiredApprovals();
    }

    /** The reviewers this round assigned: their assignment starts now and replaces nobody. */
    private static List<String> added(Work work, Instant now) {
        return work.review().assignments().stream()
                .filter(a -> now.equals(a.assignedAt()) && a.replaces() == null)
                .map(Assignment::reviewer)
                .distinct()
                .toList();
    }
}
