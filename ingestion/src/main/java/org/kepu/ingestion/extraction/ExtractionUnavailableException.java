package org.kepu.ingestion.extraction;

/**
 * Extraction cannot run at all (closed, or a child JVM cannot start). This says nothing about the
 * file, so the caller should retry later rather than mark the work as failed.
 */
public class ExtractionUnavailableException extends RuntimeException {

    public ExtractionUnavailableException(String message) {
        super(message);
    }

    public ExtractionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
