package org.kepu.api.review;

import java.util.Map;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records events after the change they describe was committed. A failure to record is logged, not
 * thrown: the change stands, and answering it with an error would make the client repeat it.
 */
@Component
public class AuditTrail {

    public static final String SYSTEM = "system";
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditLog events;
    private final AuditStreams streams;

    AuditTrail(AuditLog auditLog, AuditStreams streams) {
        this.events = auditLog;
        this.streams = streams;
    }

    public void record(String workId, String type, String actor, Integer version, Map<String, Object> data) {
        try {
            AuditEvent event = events.append(workId, type, actor, version, data);
            log.debug("work {}: audit event {} {}", workId, event.seq(), type);
            streams.appended(workId);
        } catch (RuntimeException e) {
            log.error("work {}: could not record audit event {}", workId, type, e);
        }
    }
}
