package org.kepu.ingestion.upload;

/** A file part with no bytes at all. */
public class EmptyFileException extends RuntimeException {

    public EmptyFileException() {
        super("The file is empty (0 bytes).");
    }
}
