package org.kepu.review.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One event in the trail of a work, stored once and never changed.
 *
 * @param seq 1 for the first event of the work, then one more for each
 * @param version the version the event is about, when it is about one
 * @param previous {@code sha256:…} of the stored bytes of event {@code seq - 1}; null for the first
 * @param revision the revision of the work's manifest whose change the event records; null in events
 *     written before events were kept in the manifest
 */
public record AuditEvent(
        String workId,
        long seq,
        String type,
        String actor,
        Instant at,
        Integer version,
        Map<String, Object> data,
        String previous,
        Long revision) {

    /** The actor of the events kepu's own steps record: screening, assignment, deadlines, schedules. */
    public static final String SYSTEM = "system";

    public static final String UPLOAD = "upload";
    public static final String EXTRACTION = "extraction";
    public static final String FINDINGS = "findings";
    public static final String ASSIGNMENT = "assignment";
    public static final String DECISION = "decision";
    /** The work moved from one reviewer to another: a missed deadline or a declared conflict. */
    public static final String REASSIGNMENT = "reassignment";
    /** A reviewer's time ran out and nobody else could take over; an editor has to step in. */
    public static final String REVIEW_OVERDUE = "review-overdue";

    public static final String PUBLICATION = "publication";
    public static final String RETRACTION = "retraction";

    public AuditEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
