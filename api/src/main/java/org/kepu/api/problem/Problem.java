package org.kepu.api.problem;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error that the client can act on, rendered as an RFC 9457 problem document. {@code slug} becomes
 * the problem type ({@code urn:kepu:problem:<slug>}); {@code extra} adds members such as field errors.
 */
public class Problem extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final Map<String, Object> extra;
    private final Map<String, String> headers;

    public Problem(HttpStatus status, String slug, String detail) {
        this(status, slug, detail, Map.of());
    }

    public Problem(HttpStatus status, String slug, String detail, Map<String, Object> extra) {
        this(status, slug, detail, extra, Map.of());
    }

    private Problem(
            HttpStatus status, String slug, String detail, Map<String, Object> extra, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.extra = Map.copyOf(extra);
        this.headers = Map.copyOf(headers);
    }

    /** A 429 that tells the client when to try again, in {@code Retry-After} and in the document. */
    public static Problem tooManyRequests(String slug, String detail, long retryAfterSeconds) {
        return new Problem(
                HttpStatus.TOO_MANY_REQUESTS,
                slug,
                detail,
                Map.of("retryAfter", retryAfterSeconds),
                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)));
    }

    /**
     * A 408 for a request whose body stopped arriving; the connection is closed after the answer, since
     * the rest of the body may still be on its way.
     */
    public static Problem requestTimeout(String detail) {
        return new Problem(
                HttpStatus.REQUEST_TIMEOUT,
                "request-timeout",
                detail,
                Map.of(),
                Map.of(HttpHeaders.CONNECTION, "close"));
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

    /** Response headers that belong to the problem, such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }
}
