package org.kepu.ingestion.work;

/** Compare-and-set kept losing to other writers; the caller may answer 409 and let the client retry. */
public class ConcurrentChangeException extends RuntimeException {

    /** @param what the object, e.g. {@code "work 42"} */
    public ConcurrentChangeException(String what) {
        super(what + " is being changed concurrently");
    }
}
