package org.kepu.review.audit;

/**
 * A work's audit trail ends before the event its manifest is anchored to: events were deleted or lost. The
 * trail can no longer be continued without a gap, so changes to the work are refused until the trail is
 * restored (from a backup of the store); {@link AuditLog#verify} names the break.
 */
public final class BrokenTrailException extends IllegalStateException {

    private final String workId;

    public BrokenTrailException(String workId, long last, long anchored, long revision) {
        super("the audit trail of work " + workId + " ends at event " + last + " but revision " + revision
                + " follows event " + anchored);
        this.workId = workId;
    }

    public String workId() {
        return workId;
    }
}
