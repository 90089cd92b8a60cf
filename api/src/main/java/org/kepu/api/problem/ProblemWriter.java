package org.kepu.api.problem;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem documents the same way for controllers, security and the framework itself. */
@Component
public final class ProblemWriter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final JsonMapper json = JsonMapper.builder().build();

    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:kepu:problem:" + problem.slug());
        body.put("title", title(problem.status()));
        body.put("status", problem.status().value());
        body.put("detail", problem.getMessage());
        body.put("instance", exchange.getRequest().getPath().value());
        body.put("requestId", exchange.getRequest().getId());
        body.put("timestamp", Instant.now().toString());
        // Extra members never replace a standard one.
        problem.extra().forEach(body::putIfAbsent);
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatusCode(problem.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(REQUEST_ID_HEADER, exchange.getRequest().getId());
        problem.headers().forEach(response.getHeaders()::set);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        // Written from a parallel thread, not from the event loop that is still reading the request: an
        // answer completed synchronously there (a refusal before the body or the end of the request was
        // read) was now and then never sent, and the client waited for good. The feeds' 304s hop alike.
        return Mono.defer(() -> response.writeWith(Mono.just(buffer))).subscribeOn(Schedulers.parallel());
    }

    private static String title(HttpStatus status) {
        return switch (status) {
            case CONTENT_TOO_LARGE -> "Content Too Large";
            case UNPROCESSABLE_CONTENT -> "Unprocessable Content";
            default -> status.getReasonPhrase();
        };
    }
}
