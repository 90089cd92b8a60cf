package org.kepu.ingestion.rendition;

/** No rendition can be made of this version; the message says why in words a creator understands. */
public class RenditionException extends RuntimeException {

    public RenditionException(String reason) {
        super(reason);
    }

    public RenditionException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
