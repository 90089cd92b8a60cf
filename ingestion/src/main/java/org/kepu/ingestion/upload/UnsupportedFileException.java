package org.kepu.ingestion.upload;

/** The bytes are not of a media type kepu accepts (whatever the file name says). */
public class UnsupportedFileException extends RuntimeException {

    public UnsupportedFileException(String reason) {
        super(reason);
    }
}
