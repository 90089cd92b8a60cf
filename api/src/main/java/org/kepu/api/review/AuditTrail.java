package org.kepu.api.review;

import org.kepu.review.audit.AuditLog;
import org.springframework.stereotype.Component;

/**
 * Tells live event streams when this instance added to a trail. Events themselves are recorded with the
 * change they describe ({@code Work.recording}), in the manifest its compare-and-set writes, and {@link
 * AuditLog} copies them to the trail from there.
 */
@Component
class AuditTrail {

    AuditTrail(AuditLog auditLog, AuditStreams streams) {
        auditLog.onAppended(streams::appended);
    }
}
