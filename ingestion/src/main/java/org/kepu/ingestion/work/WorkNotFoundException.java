package org.kepu.ingestion.work;

/** No manifest exists for the id. */
public class WorkNotFoundException extends RuntimeException {

    public WorkNotFoundException(String id) {
        super("no work " + id);
    }
}
