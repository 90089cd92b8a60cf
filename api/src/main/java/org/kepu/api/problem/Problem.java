package org.kepu.api.problem;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error that the client can act on, rendered as an RFC 9457 problem document. {@code slug} becomes
 * the problem type ({@code urn:kepu:problem:<slug>}); {@code extra} adds members such as field errors.
 */
public class Problem extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final Map<String, Object> extra;

    public Problem(HttpStatus status, String slug, String detail) {
        this(status, slug, detail, Map.of());
    }

    public Problem(HttpStatus status, String slug, String detail, Map<String, Object> extra) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.extra = Map.copyOf(extra);
    }

    public static Problem notFound(String what) {
        return new Problem(HttpStatus.NOT_FOUND, "not-found", what + " does not exist or is not visible to you.");
    }

    public static Problem forbidden(String detail) {
        return new Problem(HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    public static Problem conflict(String detail, Map<String, Object> extra) {
        return new Problem(HttpStatus.CONFLICT, "conflict", detail, extra);
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
