package org.kepu.ingestion.store;

/** ETags travel without quotes inside kepu, whatever form a server or a caller used. */
final class ETags {

    private ETags() {}

    static String normalise(String etag) {
        if (etag == null) {
            return null;
        }
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.startsWith("&quot;") && value.endsWith("&quot;") && value.length() >= 12) {
            value = value.substring(6, value.length() - 6);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** The quoted form that If-Match expects on the wire. */
    static String quoted(String etag) {
        return "\"" + normalise(etag) + "\"";
    }
}
