package org.kepu.api.operations;

import io.micrometer.context.ContextRegistry;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a plain token, else the
 * server's own. It is answered in the same header, used by problem documents ({@code requestId}) and put
 * in the Reactor context, from which context propagation ({@code spring.reactor.context-propagation=auto})
 * copies it into the logging MDC as {@code requestId} on whatever thread the request's code runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIds implements WebFilter {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    /** Ids go into logs and headers: no spaces, quotes or line breaks from callers. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    static {
        ContextRegistry.getInstance()
                .registerThreadLocalAccessor(
                        MDC_KEY, () -> MDC.get(MDC_KEY), id -> MDC.put(MDC_KEY, id), () -> MDC.remove(MDC_KEY));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest original = exchange.getRequest();
        String given = original.getHeaders().getFirst(HEADER);
        String id = given != null && PLAIN.matcher(given).matches() ? given : original.getId();
        exchange.getResponse().getHeaders().set(HEADER, id);
        ServerHttpRequest request = new ServerHttpRequestDecorator(original) {
            @Override
            public String getId() {
                return id;
            }
        };
        return chain.filter(exchange.mutate().request(request).build()).contextWrite(Context.of(MDC_KEY, id));
    }
}
