package org.kepu.api.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.lifecycle.ReviewFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Carries out scheduled publications. The manifest is the only record of a schedule: at start and then
 * periodically ({@code kepu.review.schedule-scan-interval}) the works in {@code SCHEDULED} status are
 * checked for being due, so schedules survive restarts and several instances; a reminder set on Spring's
 * scheduler when a work is scheduled only makes this instance punctual. The change is a compare-and-set,
 * so a publication happens once however many instances see it due.
 */
@Component
class PublicationScheduler {

    private static final Logger log = LoggerFactory.getLogger(PublicationScheduler.class);

    private final WorkRepository works;
    private final ReviewFlow flow;
    private final AuditTrail audit;
    private final Clock clock;
    private final TaskScheduler scheduler;

    PublicationScheduler(
            WorkRepository works, ReviewFlow flow, AuditTrail audit, Clock clock, TaskScheduler scheduler) {
        this.works = works;
        this.flow = flow;
        this.audit = audit;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${kepu.review.schedule-scan-interval:30s}")
    void scheduled() {
        scan();
    }

    /** Publishes the work at {@code at} if it is still scheduled then. */
    void remind(String workId, Instant at) {
        // The delay is measured on kepu's clock, the moment to fire on the scheduler's.
        Duration delay = Duration.between(clock.instant(), at);
        Instant fireAt = scheduler.getClock().instant().plus(delay.isNegative() ? Duration.ZERO : delay);
        try {
            scheduler.schedule(() -> publishIfDue(workId), fireAt);
        } catch (TaskRejectedException stopping) {
            log.debug("not reminding of work {}; the next scan after start finds it", workId);
        }
    }

    /** Publishes every due scheduled work; returns how many this call published. */
    int scan() {
        int published = 0;
        try {
            for (Work work : works.inStatus(WorkStatus.SCHEDULED)) {
                // only a due work is read again for its compare-and-set
                if (flow.publishIfDue(work, clock.instant()) != work && publishIfDue(work.id())) {
                    published++;
                }
            }
        } catch (RuntimeException e) {
            log.warn("scan for scheduled publications failed; retrying at the next interval", e);
        }
        return published;
    }

    private boolean publishIfDue(String workId) {
        try {
            Instant now = clock.instant();
            AtomicBoolean changed = new AtomicBoolean();
            works.update(workId, w -> {
                Work next = flow.publishIfDue(w, now);
                changed.set(next != w);
                if (next == w) {
                    return w;
                }
                Publication p = next.review().publication();
                return audit.record(
                        next,
                        AuditEvent.PUBLICATION,
                        AuditTrail.SYSTEM,
                        next.currentVersion(),
                        Map.of(
                                "channels", p.channels(),
                                "status", next.status().name(),
                                "digest", next.current().digest(),
                                "scheduledFor", p.publishAt().toString()));
            });
            if (changed.get()) {
                log.info("work {}: scheduled publication carried out", workId);
            }
            return changed.get();
        } catch (RuntimeException e) {
            log.warn("work {}: scheduled publication failed; the next scan retries it", workId, e);
            return false;
        }
    }
}
