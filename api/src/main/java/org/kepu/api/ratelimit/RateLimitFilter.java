package org.kepu.api.ratelimit;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import org.kepu.api.config.KepuProperties;
import org.kepu.api.problem.Problem;
import org.kepu.api.problem.ProblemWriter;
import org.kepu.api.security.Caller;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Holds outlets to their request budget, keyed by OAuth client id, anonymous feed readers to the same
 * budget per address, and every other authenticated caller to the user budget, keyed by the token's
 * {@code sub}. Health checks are not counted. Every counted answer carries the draft
 * {@code RateLimit-Policy} and {@code RateLimit} headers; a 304 is given back.
 */
@Component
@Order(RateLimitFilter.ORDER)
class RateLimitFilter implements WebFilter {

    /**
     * Right after Spring Security's filter chain (-100, WebFluxSecurityConfiguration's order, which is not
     * public): the token has been checked by then and its security context covers the rest of the chain.
     */
    static final int ORDER = -99;

    static final String POLICY_HEADER = "RateLimit-Policy";
    static final String LIMIT_HEADER = "RateLimit";

    // Outlets are registered clients, so few; addresses are whoever reads a public feed.
    private static final int OUTLET_KEYS = 10_000;
    private static final int ADDRESS_KEYS = 100_000;
    private static final int USER_KEYS = 100_000;

    private final RequestBudget outlets;
    private final RequestBudget addresses;
    private final RequestBudget users;
    private final ProblemWriter problems;

    RateLimitFilter(KepuProperties properties, Clock clock, ProblemWriter problems) {
        KepuProperties.RateLimit limit = properties.outlets().rateLimit();
        RateLimitPolicy policy = new RateLimitPolicy(Caller.OUTLET, limit.requests(), limit.window());
        this.outlets = new RequestBudget(policy, clock, OUTLET_KEYS);
        this.addresses = new RequestBudget(policy, clock, ADDRESS_KEYS);
        KepuProperties.UserRateLimit userLimit = properties.users().rateLimit();
        this.users = new RequestBudget(
                new RateLimitPolicy("user", userLimit.requests(), userLimit.window()), clock, USER_KEYS);
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
            return chain.filter(exchange);
        }
        return ReactiveSecurityContextHolder.getContext()
                .flatMap(context -> Mono.justOrEmpty(context.getAuthentication()))
                .ofType(JwtAuthenticationToken.class)
                .map(token -> authenticated(Caller.of(token.getToken())))
                .switchIfEmpty(Mono.fromSupplier(() -> anonymous(exchange, path)))
                .flatMap(target -> target.map(t -> limit(exchange, chain, t)).orElseGet(() -> chain.filter(exchange)));
    }

    private Optional<Target> authenticated(Caller caller) {
        if (!caller.has(Caller.OUTLET)) {
            return Optional.of(new Target(users, caller.id() == null ? "" : caller.id()));
        }
        String client = caller.clientId() == null || caller.clientId().isBlank() ? caller.id() : caller.clientId();
        return Optional.of(new Target(outlets, client));
    }

    /**
     * Without a token only public feeds get this far (security answers 401 elsewhere). The address is the
     * connection's; behind a proxy, {@code server.forward-headers-strategy} makes it the client's.
     */
    private Optional<Target> anonymous(ServerWebExchange exchange, String path) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (!path.startsWith("/feeds/") || remote == null) {
            return Optional.empty();
        }
        String address = remote.getAddress() == null
                ? remote.getHostString()
                : remote.getAddress().getHostAddress();
        return Optional.of(new Target(addresses, address));
    }

    private Mono<Void> limit(ServerWebExchange exchange, WebFilterChain chain, Target target) {
        RequestBudget budget = target.budget();
        Decision decision = budget.consume(target.key());
        ServerHttpResponse response = exchange.getResponse();
        if (!decision.allowed()) {
            headers(response.getHeaders(), budget.policy(), decision);
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.resetSeconds()));
            RateLimitPolicy policy = budget.policy();
            return problems.write(
                    exchange,
                    new Problem(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "rate-limited",
                            "The budget of " + policy.requests() + " requests per "
                                    + policy.window().toSeconds() + " s is spent; try again in "
                                    + decision.resetSeconds() + " s."));
        }
        // The status is known only when the answer is about to go out: a 304 cost nothing, so it is given back.
        response.beforeCommit(() -> {
            HttpStatusCode status = response.getStatusCode();
            Decision answered = status != null && status.value() == HttpStatus.NOT_MODIFIED.value()
                    ? budget.refund(decision)
                    : decision;
            headers(response.getHeaders(), budget.policy(), answered);
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    private static void headers(HttpHeaders headers, RateLimitPolicy policy, Decision decision) {
        headers.set(POLICY_HEADER, policy.policyHeader());
        headers.set(LIMIT_HEADER, policy.limitHeader(decision));
    }

    private record Target(RequestBudget budget, String key) {}
}
