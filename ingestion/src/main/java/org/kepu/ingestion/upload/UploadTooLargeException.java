package org.kepu.ingestion.upload;

/** The upload went past the configured size limit while streaming; nothing of it is kept. */
public class UploadTooLargeException extends RuntimeException {

    private final long limit;

    public UploadTooLargeException(long limit) {
        super("the file is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
