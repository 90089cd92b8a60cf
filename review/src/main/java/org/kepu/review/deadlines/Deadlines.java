package org.kepu.review.deadlines;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.assign.Reviewer;
import org.kepu.review.assign.ReviewerLoad;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.lifecycle.ReviewFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves reviews whose reviewer let the deadline pass to another eligible reviewer. Editors are told
 * through the work's audit trail ({@code reassignment}, or {@code review-overdue} when nobody else may
 * take over and the assignment stays) and a warning in the log. Each move is a compare-and-set, so
 * instances sweeping at once move a work once.
 */
public class Deadlines {

    /** Told of each missed deadline once its change is written: {@code reassigned} or {@code overdue}. */
    public interface Listener {
        void missed(String outcome);
    }

    private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

    private final WorkRepository works;
    private final ReviewerLoad pool;
    private final ReviewFlow flow;
    private final Clock clock;
    private final Listener listener;

    public Deadlines(WorkRepository works, ReviewerLoad pool, ReviewFlow flow, Clock clock, Listener listener) {
        this.works = works;
        this.pool = pool;
        this.flow = flow;
        this.clock = clock;
        this.listener = listener;
    }

    /** Replaces every overdue reviewer it can; returns how many works changed. */
    public int sweep() {
        Instant now = clock.instant();
        List<Work> inReview = pool.inReview();
        List<Reviewer> reviewers = pool.reviewers();
        // counts this sweep's own moves, so that several overdue works do not all go to one reviewer
        Map<String, Integer> load = new HashMap<>(ReviewerLoad.load(inReview));
        int changed = 0;
        for (Work seen : inReview) {
            if (flow.replaceOverdue(seen, reviewers, load, now) == seen) {
                continue;
            }
            try {
                AtomicBoolean moved = new AtomicBoolean();
                Work after = works.update(seen.id(), w -> {
                    Work next = flow.replaceOverdue(w, reviewers, load, now);
                    moved.set(next != w);
                    return next == w ? w : recorded(next, now);
                });
                if (moved.get()) {
                    changed++;
                    report(after, now, load);
                }
            } catch (RuntimeException e) {
                log.warn("work {}: could not replace an overdue reviewer; the next sweep retries", seen.id(), e);
            }
        }
        return changed;
    }

    /** The sweep's change with its events, which are committed with it. */
    private Work recorded(Work work, Instant now) {
        Work recorded = work;
        for (Assignment a : work.review().assignments()) {
            if (ReviewFlow.DEADLINE.equals(a.reason()) && now.equals(a.assignedAt())) {
                recorded = recorded.recording(
                        AuditEvent.REASSIGNMENT,
                        AuditEvent.SYSTEM,
                        work.currentVersion(),
                        Map.of(
                                "from", a.replaces(),
                                "to", a.reviewer(),
                                "reason", ReviewFlow.DEADLINE,
                                "dueAt", flow.dueAt(work, a).toString()));
            } else if (now.equals(a.overdueSince())) {
                recorded = recorded.recording(
                        AuditEvent.REVIEW_OVERDUE,
                        AuditEvent.SYSTEM,
                        work.currentVersion(),
                        Map.of(
                                "reviewer",
                                a.reviewer(),
                                "assignedAt",
                                a.assignedAt().toString()));
            }
        }
        return recorded;
    }

    private void report(Work work, Instant now, Map<String, Integer> load) {
        for (Assignment a : work.review().assignments()) {
            if (ReviewFlow.DEADLINE.equals(a.reason()) && now.equals(a.assignedAt())) {
                load.merge(a.reviewer(), 1, Integer::sum);
                listener.missed("reassigned");
                log.warn(
                        "work {}: reviewer {} missed the review deadline; reassigned to {}",
                        work.id(),
                        a.replaces(),
                        a.reviewer());
            } else if (now.equals(a.overdueSince())) {
                listener.missed("overdue");
                log.warn(
                        "work {}: reviewer {} missed the review deadline and nobody else may take over;"
                                + " an editor has to step in",
                        work.id(),
                        a.reviewer());
            }
        }
    }
}
