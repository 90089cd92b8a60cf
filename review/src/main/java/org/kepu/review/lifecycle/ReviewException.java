package org.kepu.review.lifecycle;

import java.util.Map;

/**
 * A review step refused for a reason the caller can act on. {@link Kind} says how the API answers it;
 * {@code details} are the facts the client needs (the current status, version or digest).
 */
public class ReviewException extends RuntimeException {

    public enum Kind {
        /** The request does not fit the current state of the work (409). */
        CONFLICT,
        /** The caller may not do this to this work (403). */
        FORBIDDEN,
        /** The request itself is wrong (422). */
        INVALID,
        /** Something named by the request does not exist (404). */
        NOT_FOUND
    }

    private final Kind kind;
    private final Map<String, Object> details;

    public ReviewException(Kind kind, String message, Map<String, Object> details) {
        super(message);
        this.kind = kind;
        this.details = Map.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    public Map<String, Object> details() {
        return details;
    }
}
