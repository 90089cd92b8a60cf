package org.kepu.ingestion.upload;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.Supplier;

/** Decides from the bytes whether an upload is of an accepted media type. */
public interface MediaTypeCheck {

    /**
     * Judges the first bytes of an upload. Returns the media type, or empty when the whole file is needed
     * (containers such as DOCX and EPUB). Throws {@link UnsupportedFileException} to refuse it at once.
     */
    Optional<String> fromHead(byte[] head, String fileName);

    /** Judges a stored upload whose head was not enough. Throws {@link UnsupportedFileException}. */
    String fromWhole(Supplier<InputStream> content, String fileName);

    /** Judges a subtitle file (SRT or WebVTT) from its first bytes. Throws {@link UnsupportedFileException}. */
    String subtitlesFromHead(byte[] head, String fileName);
}
