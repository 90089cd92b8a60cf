package org.kepu.ingestion.store;

/** The store could not be reached or answered with an error that is not a precondition failure. */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
