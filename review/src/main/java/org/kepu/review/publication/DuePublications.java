package org.kepu.review.publication;

import java.time.Clock;
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

/**
 * Carries out scheduled publications that are due. The manifest is the only record of a schedule, so
 * whoever calls {@link #publishDue} periodically keeps schedules across restarts and instances. Each
 * publication is a compare-and-set, so it happens once however many instances see it due.
 */
public class DuePublications {

    private static final Logger log = LoggerFactory.getLogger(DuePublications.class);

    private final WorkRepository works;
    private final ReviewFlow flow;
    private final Clock clock;

    public DuePublications(WorkRepository works, ReviewFlow flow, Clock clock) {
        this.works = works;
        this.flow = flow;
        this.clock = clock;
    }

    /** Publishes every due scheduled work; returns how many this call published. */
    public int publishDue() {
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

    /** Publishes the work if it is scheduled and due now; returns whether this call published it. */
    public boolean publishIfDue(String workId) {
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
                return next.recording(
                        AuditEvent.PUBLICATION,
                        AuditEvent.SYSTEM,
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
