package org.kepu.api.works;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.kepu.api.config.KepuProperties;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Holds upload bodies to an idle and a total time limit. The limits watch the bytes as the network
 * delivers them, before multipart parsing, which may hold a few bytes back while it looks for a boundary:
 * a sender dripping bytes is idle only when nothing at all arrives. A body past either limit fails with
 * {@link UploadTimedOut}, which the upload turns into a 408.
 */
@Component
class UploadTimeLimits implements WebFilter {

    private final Duration idle;
    private final Duration total;

    UploadTimeLimits(KepuProperties properties) {
        this.idle = properties.upload().idleTimeout();
        this.total = properties.upload().totalTimeout();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        MediaType type = request.getHeaders().getContentType();
        if (!HttpMethod.POST.equals(request.getMethod())
                || type == null
                || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)
                || !request.getPath().pathWithinApplication().value().startsWith("/api/v1/works")) {
            return chain.filter(exchange);
        }
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                Mono<Void> deadline = Mono.delay(total)
                        .then(Mono.error(() ->
                                new UploadTimedOut("The upload was not complete within " + total.toSeconds() + " s.")));
                return super.getBody()
                        .timeout(idle)
                        .onErrorMap(
                                TimeoutException.class,
                                e -> new UploadTimedOut(
                                        "Nothing arrived for " + idle.toSeconds() + " s; the upload was ended."))
                        .takeUntilOther(deadline);
            }
        };
        return chain.filter(exchange.mutate().request(limited).build());
    }

    /** An upload body that stopped arriving, or took too long. */
    static final class UploadTimedOut extends RuntimeException {
        UploadTimedOut(String detail) {
            super(detail, null, false, false);
        }
    }
}
