package org.kepu.api.problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kepu.ingestion.store.ObjectStoreException;
import org.kepu.ingestion.upload.EmptyFileException;
import org.kepu.ingestion.upload.UnsupportedFileException;
import org.kepu.ingestion.upload.UploadTooLargeException;
import org.kepu.ingestion.work.ConcurrentChangeException;
import org.kepu.ingestion.work.WorkNotFoundException;
import org.kepu.review.audit.BrokenTrailException;
import org.kepu.search.index.SearchUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one place where every failure becomes a problem document, whether it came from a controller, a
 * codec or routing. Unexpected failures are logged with the request id and answered without details.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemWriter writer;

    ProblemExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        Problem problem = toProblem(error);
        if (problem.status().is5xxServerError()) {
            log.error(
                    "request {} {} failed",
                    exchange.getRequest().getId(),
                    exchange.getRequest().getPath(),
                    error);
        }
        return writer.write(exchange, problem);
    }

    /** The first failure in the cause chain that says what went wrong; a 500 when none does. */
    static Problem toProblem(Throwable error) {
        int depth = 0;
        for (Throwable cause = error; cause != null && depth < 10; cause = cause.getCause(), depth++) {
            Problem known = known(cause);
            if (known != null) {
                return known;
            }
        }
        return new Problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on our side; the request id identifies it in the logs.");
    }

    private static Problem known(Throwable cause) {
        if (cause instanceof Problem problem) {
            return problem;
        }
        if (cause instanceof UploadTooLargeException tooLarge) {
            return new Problem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "too-large",
                    "The file is larger than the limit of " + tooLarge.limit() + " bytes.",
                    Map.of("limit", tooLarge.limit()));
        }
        if (cause instanceof DataBufferLimitException) {
            return new Problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "A form field or header is too large.");
        }
        if (cause instanceof UnsupportedFileException unsupported) {
            return new Problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-file", unsupported.getMessage());
        }
        if (cause instanceof EmptyFileException empty) {
            return new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "empty-file", empty.getMessage());
        }
        if (cause instanceof WorkNotFoundException) {
            return Problem.notFound("The work");
        }
        if (cause instanceof BrokenTrailException) {
            // not the client's fault, but not a passing failure either: an operator must restore the trail
            return new Problem(
                    HttpStatus.CONFLICT,
                    "audit-trail-broken",
                    "The audit trail of this work is shorter than its record says: events were deleted or lost."
                            + " Changes to it are refused until the trail is restored from a backup;"
                            + " its /audit/verify shows the break.");
        }
        if (cause instanceof ConcurrentChangeException) {
            return Problem.conflict("It was changed at the same time by another request; try again.", Map.of());
        }
        if (cause instanceof AccessDeniedException) {
            return Problem.forbidden("Your token does not allow this.");
        }
        if (cause instanceof SearchUnavailableException) {
            return new Problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "search-unavailable",
                    "Search is unavailable right now; uploads and reviews still work. Try again soon.");
        }
        if (cause instanceof ObjectStoreException) {
            return new Problem(
                    HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "Storage is unavailable; try again soon.");
        }
        if (cause instanceof InvalidMediaTypeException || cause instanceof InvalidMimeTypeException) {
            // a handler that reads Accept or Content-Type itself meets the header as the client wrote it
            return new Problem(
                    HttpStatus.BAD_REQUEST, "bad-request", "A media type in the request headers is malformed.");
        }
        if (cause instanceof DecodingException) {
            return new Problem(HttpStatus.BAD_REQUEST, "bad-request", "The request body could not be read.");
        }
        if (cause instanceof WebExchangeBindException invalid) {
            return invalid(invalid);
        }
        if (cause instanceof HandlerMethodValidationException invalid) {
            return invalidParameters(invalid);
        }
        if (cause instanceof ErrorResponse response) {
            HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
            if (status != null && !status.is5xxServerError()) {
                String detail = response.getBody().getDetail();
                return new Problem(status, slug(status), detail == null ? status.getReasonPhrase() : detail);
            }
        }
        return null;
    }

    /** Bean Validation's findings about a body, as the other invalid bodies list theirs: one per field. */
    static Problem invalid(WebExchangeBindException invalid) {
        List<Map<String, String>> errors = new ArrayList<>();
        invalid.getFieldErrors().forEach(e -> errors.add(error(e.getField(), e.getDefaultMessage())));
        invalid.getGlobalErrors().forEach(e -> errors.add(error(e.getObjectName(), e.getDefaultMessage())));
        return new Problem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid-request",
                "The request has " + errors.size() + " invalid field(s); see 'errors'.",
                Map.of("errors", errors));
    }

    /** Bean Validation's findings about query parameters: a 400, one error per parameter. */
    static Problem invalidParameters(HandlerMethodValidationException invalid) {
        List<Map<String, String>> errors = new ArrayList<>();
        invalid.getParameterValidationResults()
                .forEach(result -> result.getResolvableErrors()
                        .forEach(e -> errors.add(error(
                                String.valueOf(result.getMethodParameter().getParameterName()),
                                e.getDefaultMessage()))));
        return new Problem(
                HttpStatus.BAD_REQUEST,
                "invalid-parameters",
                "The request has " + errors.size() + " invalid parameter(s); see 'errors'.",
                Map.of("errors", errors));
    }

    private static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", String.valueOf(message));
        return error;
    }

    private static String slug(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase().replace(' ', '-');
    }
}
