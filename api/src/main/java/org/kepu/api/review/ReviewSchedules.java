package org.kepu.api.review;

import org.kepu.review.assign.OpenAssignments;
import org.kepu.review.deadlines.Deadlines;
import org.kepu.review.knowledge.Rescreen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the review's periodic steps; what they do lives in the review module. */
@Component
class ReviewSchedules {

    private static final Logger log = LoggerFactory.getLogger(ReviewSchedules.class);

    private final OpenAssignments openAssignments;
    private final Deadlines deadlines;
    private final Rescreen rescreen;

    ReviewSchedules(OpenAssignments openAssignments, Deadlines deadlines, Rescreen rescreen) {
        this.openAssignments = openAssignments;
        this.deadlines = deadlines;
        this.rescreen = rescreen;
    }

    /** Offers the works in review short of reviewers, every {@code kepu.review.assign-interval}. */
    @Scheduled(
            initialDelayString = "${kepu.review.assign-interval:1m}",
            fixedDelayString = "${kepu.review.assign-interval:1m}")
    void offerOpenAssignments() {
        try {
            int assigned = openAssignments.offer();
            if (assigned > 0) {
                log.info("{} works in review short of reviewers got reviewers", assigned);
            }
        } catch (RuntimeException e) {
            log.warn("offering works short of reviewers failed; retrying at the next interval", e);
        }
    }

    /**
     * Moves reviews past {@code kepu.review.deadline} to another reviewer, every
     * {@code kepu.review.deadline-sweep-interval}; those nobody may take over show in
     * {@code GET /api/v1/review/overdue}.
     */
    @Scheduled(
            initialDelayString = "${kepu.review.deadline-sweep-interval:5m}",
            fixedDelayString = "${kepu.review.deadline-sweep-interval:5m}")
    void sweepDeadlines() {
        try {
            deadlines.sweep();
        } catch (RuntimeException e) {
            log.warn("review deadline sweep failed; retrying at the next interval", e);
        }
    }

    /** Screens the works in review again after knowledge changes, every {@code kepu.knowledge.rescreen-delay}. */
    @Scheduled(
            initialDelayString = "${kepu.knowledge.rescreen-delay:2s}",
            fixedDelayString = "${kepu.knowledge.rescreen-delay:2s}")
    void rescreenAfterKnowledgeChanges() {
        rescreen.rescreenPending();
    }
}
