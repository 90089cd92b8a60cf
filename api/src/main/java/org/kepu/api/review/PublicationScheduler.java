package org.kepu.api.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.kepu.review.publication.DuePublications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs {@link DuePublications} at start and then every {@code kepu.review.schedule-scan-interval}, so
 * schedules survive restarts and several instances; a reminder set on Spring's scheduler when a work is
 * scheduled only makes this instance punctual.
 */
@Component
class PublicationScheduler {

    private static final Logger log = LoggerFactory.getLogger(PublicationScheduler.class);

    private final DuePublications due;
    private final Clock clock;
    private final TaskScheduler scheduler;

    PublicationScheduler(DuePublications due, Clock clock, TaskScheduler scheduler) {
        this.due = due;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${kepu.review.schedule-scan-interval:30s}")
    void scheduled() {
        due.publishDue();
    }

    /** Publishes the work at {@code at} if it is still scheduled then. */
    void remind(String workId, Instant at) {
        // The delay is measured on kepu's clock, the moment to fire on the scheduler's.
        Duration delay = Duration.between(clock.instant(), at);
        Instant fireAt = scheduler.getClock().instant().plus(delay.isNegative() ? Duration.ZERO : delay);
        try {
            scheduler.schedule(() -> due.publishIfDue(workId), fireAt);
        } catch (TaskRejectedException stopping) {
            log.debug("not reminding of work {}; the next scan after start finds it", workId);
        }
    }
}
