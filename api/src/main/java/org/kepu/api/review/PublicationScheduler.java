package org.kepu.api.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.lifecycle.ReviewFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Carries out scheduled publications. The manifest is the only record of a schedule: at start and then
 * periodically every work is scanned for a due {@code SCHEDULED} status, so schedules survive restarts
 * and several instances; a timer set when a work is scheduled only makes this instance punctual. The
 * change is a compare-and-set, so a publication happens once however many instances see it due.
 */
@Component
class PublicationScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PublicationScheduler.class);

    private final WorkRepository works;
    private final ReviewFlow flow;
    private final AuditTrail audit;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService timer;

    PublicationScheduler(
            WorkRepository works,
            ReviewFlow flow,
            AuditTrail audit,
            Clock clock,
            @Value("${kepu.review.schedule-scan-interval:30s}") Duration interval) {
        this.works = works;
        this.flow = flow;
        this.audit = audit;
        this.clock = clock;
        this.interval = interval;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        timer.scheduleWithFixedDelay(this::scan, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes the work at {@code at} if it is still scheduled then. */
    void remind(String workId, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        try {
            timer.schedule(() -> publishIfDue(workId), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("not reminding of work {}; the next scan after start finds it", workId);
        }
    }

    /** Publishes every due scheduled work; returns how many this call published. */
    int scan() {
        int published = 0;
        try {
            for (String id : works.ids()) {
                Work work = works.find(id).orElse(null);
                if (work != null && work.status() == WorkStatus.SCHEDULED && publishIfDue(id)) {
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

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kepu-publish-schedule");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void stop() {
        timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }
}
