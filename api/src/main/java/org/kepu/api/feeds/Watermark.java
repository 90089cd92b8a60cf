package org.kepu.api.feeds;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.kepu.search.query.Cursor;

/**
 * Where an outlet's delta sync stands: the {@code updatedAt} and id of the last change it was given.
 * Changes are read oldest first with ties broken by id, so everything after this pair is new to the
 * outlet. Opaque to outlets; versioned so the encoding can change without breaking stored watermarks.
 */
record Watermark(long updatedAtMillis, String id) {

    /** Before every change: no work is updated before the epoch. */
    static final Watermark START = new Watermark(-1, "");

    private static final String VERSION = "v1";
    private static final int MAX_ID = 200;

    static Watermark after(Instant updatedAt, String id) {
        return new Watermark(updatedAt.toEpochMilli(), id);
    }

    String encode() {
        String raw = VERSION + ':' + updatedAtMillis + ':' + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the value is not one kepu handed out */
    static Watermark decode(String encoded) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a watermark", e);
        }
        String[] parts = raw.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].length() > MAX_ID) {
            throw new IllegalArgumentException("not a watermark");
        }
        long millis;
        try {
            millis = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a watermark", e);
        }
        // the index cursor carries the time as a double, exact up to 2^53 ms, some 285,000 years
        if (millis < -1 || millis > (1L << 53) || parts[2].chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("not a watermark");
        }
        return new Watermark(millis, parts[2]);
    }

    /** The same position as a search-after cursor of the index. */
    String cursor() {
        return new Cursor(updatedAtMillis, id).encode();
    }
}
