package org.kepu.search.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The sort values of the last hit of a page (score or date, then id as the tie-break), opaque to the
 * caller. Both adapters search after these values, so a deep page costs the same as the first.
 */
public record Cursor(double sortValue, String id) {

    public String encode() {
        String raw = Double.toString(sortValue) + '\n' + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String encoded) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int newline = raw.indexOf('\n');
            if (newline < 0) {
                throw new IllegalArgumentException("malformed cursor");
            }
            double value = Double.parseDouble(raw.substring(0, newline));
            // Scores and dates are finite; NaN or infinity would only ever come from a forged cursor.
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("malformed cursor");
            }
            return new Cursor(value, raw.substring(newline + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed cursor", e);
        }
    }
}
