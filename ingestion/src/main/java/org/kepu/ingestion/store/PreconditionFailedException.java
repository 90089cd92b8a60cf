package org.kepu.ingestion.store;

/** A conditional write lost: the object exists (create) or changed since it was read (update). */
public class PreconditionFailedException extends Exception {

    public PreconditionFailedException(String key) {
        super("precondition failed for " + key);
    }
}
