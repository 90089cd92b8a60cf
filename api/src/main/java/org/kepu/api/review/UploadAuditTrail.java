package org.kepu.api.review;

import java.util.Map;
import org.kepu.api.works.UploadAudit;
import org.kepu.review.audit.AuditEvent;
import org.springframework.stereotype.Component;

/** Uploads go to the audit trail as {@link AuditEvent#UPLOAD} events. */
@Component
class UploadAuditTrail implements UploadAudit {

    private final AuditTrail trail;

    UploadAuditTrail(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void uploaded(String workId, String actor, int version, Map<String, Object> data) {
        trail.record(workId, AuditEvent.UPLOAD, actor, version, data);
    }
}
