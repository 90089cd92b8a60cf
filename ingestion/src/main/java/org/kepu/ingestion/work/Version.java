package org.kepu.ingestion.work;

import java.time.Instant;

/**
 * One immutable upload of a work. {@code objectKey} names the original bytes; {@code textKey} is set
 * once the text is extracted, {@code failure} when extraction failed.
 */
public record Version(
        int number,
        String digest,
        long size,
        String mediaType,
        String fileName,
        String objectKey,
        String subtitlesKey,
        Instant uploadedAt,
        String textKey,
        Long textChars,
        String failure) {

    public Version withText(String key, long chars) {
        return new Version(
                number, digest, size, mediaType, fileName, objectKey, subtitlesKey, uploadedAt, key, chars, null);
    }

    public Version withFailure(String reason) {
        return new Version(
                number, digest, size, mediaType, fileName, objectKey, subtitlesKey, uploadedAt, null, null, reason);
    }
}
