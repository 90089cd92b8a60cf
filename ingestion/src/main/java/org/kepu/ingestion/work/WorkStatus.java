package org.kepu.ingestion.work;

/** Where a work stands in its life, as the API reports it. */
public enum WorkStatus {
    PROCESSING,
    FAILED,
    CHANGES_REQUESTED,
    IN_REVIEW,
    APPROVED,
    REJECTED,
    SCHEDULED,
    PUBLISHED,
    RETRACTED
}
