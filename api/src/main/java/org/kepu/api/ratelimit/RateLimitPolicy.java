package org.kepu.api.ratelimit;

import java.time.Duration;

/**
 * A quota of {@code requests} per {@code window}, named as it appears in the IETF draft headers
 * (draft-ietf-httpapi-ratelimit-headers): {@code RateLimit-Policy: "outlet";q=600;w=60}.
 */
record RateLimitPolicy(String name, int requests, Duration window) {

    RateLimitPolicy {
        if (name == null || !name.matches("[a-z][a-z0-9_-]*")) {
            throw new IllegalArgumentException("a policy name is a lower-case token, not " + name);
        }
        if (requests < 1) {
            throw new IllegalArgumentException(
                    "the " + name + " quota of requests must be at least 1, not " + requests);
        }
        if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the " + name + " window must be at least 1s, not " + window);
        }
    }

    /** The {@code RateLimit-Policy} field value: a structured-field list of one item. */
    String policyHeader() {
        return "\"" + name + "\";q=" + requests + ";w=" + window.toSeconds();
    }

    /** The {@code RateLimit} field value for what a decision left. */
    String limitHeader(Decision decision) {
        return "\"" + name + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds();
    }
}
