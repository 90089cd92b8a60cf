package org.kepu.ingestion.work;

/** Compare-and-set kept losing to other writers; the caller may answer 409 and let the client retry. */
public class ConcurrentChangeException extends RuntimeException {

    public ConcurrentChangeException(String id) {
        super("work " + id + " is being changed concurrently");
    }
}
