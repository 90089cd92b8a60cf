package org.kepu.api.config;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Handles every request from a parallel thread rather than the event loop that read its head. An answer
 * completed synchronously on that event loop, before it had read the end of the request (a list served
 * from memory, a refusal), was now and then never sent under load, and the client waited for good. The
 * hop costs a few microseconds; handlers that block still move to the elastic pool themselves.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class OffEventLoop implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> chain.filter(exchange)).subscribeOn(Schedulers.parallel());
    }
}
