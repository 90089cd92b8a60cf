package org.kepu.ingestion.work;

import java.time.Instant;

/** A claim on long work (extraction) by one instance, valid until {@code until}. */
public record Lease(String holder, Instant until) {

    public boolean heldAt(Instant now) {
        return until.isAfter(now);
    }
}
