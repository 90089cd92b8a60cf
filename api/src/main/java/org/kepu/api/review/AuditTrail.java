package org.kepu.api.review;

import java.util.Map;
import org.kepu.ingestion.work.Work;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.audit.AuditLog;
import org.springframework.stereotype.Component;

/**
 * Records audit events with the change they describe: the event goes into the manifest the change's
 * compare-and-set writes, so a crash keeps both or neither, and {@link AuditLog} copies it to the trail
 * from there. Also tells live streams when this instance added to a trail.
 */
@Component
public class AuditTrail {

    public static final String SYSTEM = AuditEvent.SYSTEM;

    AuditTrail(AuditLog auditLog, AuditStreams streams) {
        auditLog.onAppended(streams::appended);
    }

    /** The change with the event added; call it inside the change given to the repository's update. */
    public Work record(Work change, String type, String actor, Integer version, Map<String, Object> data) {
        return change.recording(type, actor, version, data);
    }
}
