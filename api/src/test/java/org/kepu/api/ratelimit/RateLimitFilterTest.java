package org.kepu.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.api.config.KepuProperties;
import org.kepu.api.problem.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The filter against mock exchanges, with the token a caller would have after authentication. */
class RateLimitFilterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private final RateLimitFilter filter = new RateLimitFilter(properties(2), clock, new ProblemWriter());
    private int handled;

    @Test
    void anOutletOverBudgetGetsA429ProblemAndTheHandlerIsNotCalled() {
        Jwt kids = jwt("kids-app", "kids-app", null, "outlet");
        assertThat(call(get("/api/v1/channels"), kids, HttpStatus.OK)
                        .getResponse()
                        .getHeaders()
                        .getFirst("RateLimit"))
                .isEqualTo("\"outlet\";r=1;t=60");
        call(get("/api/v1/channels"), kids, HttpStatus.OK);
        clock.advance(Duration.ofSeconds(15));

        MockServerWebExchange refused = call(get("/api/v1/channels"), kids, HttpStatus.OK);
        assertThat(handled).isEqualTo(2);
        HttpHeaders headers = refused.getResponse().getHeaders();
        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(headers.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("45");
        assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo("\"outlet\";q=2;w=60");
        assertThat(headers.getFirst("RateLimit")).isEqualTo("\"outlet\";r=0;t=45");
        assertThat(refused.getResponse().getBodyAsString().block())
                .contains("\"type\":\"urn:kepu:problem:rate-limited\"", "\"status\":429");
    }

    @Test
    void theBudgetIsKeyedByTheClientIdNotTheUser() {
        // A Keycloak service account: the client is in client_id, the subject is an opaque user id.
        call(get("/api/v1/channels"), jwt("3f1c-user", null, "kids-app", "outlet"), HttpStatus.OK);
        call(get("/api/v1/channels"), jwt("9a7e-user", null, "kids-app", "outlet"), HttpStatus.OK);
        MockServerWebExchange third =
                call(get("/api/v1/channels"), jwt("3f1c-user", null, "kids-app", "outlet"), HttpStatus.OK);
        assertThat(third.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void aNotModifiedAnswerIsGivenBack() {
        Jwt kids = jwt("kids-app", "kids-app", null, "outlet");
        for (int i = 0; i < 5; i++) {
            MockServerWebExchange polled = call(get("/feeds/kids.atom"), kids, HttpStatus.NOT_MODIFIED);
            assertThat(polled.getResponse().getHeaders().getFirst("RateLimit")).startsWith("\"outlet\";r=2;");
        }
        assertThat(call(get("/feeds/kids.atom"), kids, HttpStatus.OK)
                        .getResponse()
                        .getHeaders()
                        .getFirst("RateLimit"))
                .startsWith("\"outlet\";r=1;");
    }

    @Test
    void otherCallersHaveTheUserBudgetPerSubjectAndHealthChecksAreNotCounted() {
        Jwt ed = jwt("ed", "ed", null, "editor");
        Jwt kids = jwt("kids-app", "kids-app", null, "outlet");
        for (int remaining = 2; remaining >= 0; remaining--) {
            assertThat(call(get("/api/v1/channels"), ed, HttpStatus.OK)
                            .getResponse()
                            .getHeaders()
                            .getFirst("RateLimit"))
                    .isEqualTo("\"user\";r=" + remaining + ";t=60");
            assertThat(call(get("/actuator/health"), kids, HttpStatus.OK)
                            .getResponse()
                            .getHeaders()
                            .getFirst("RateLimit"))
                    .isNull();
        }
        MockServerWebExchange refused = call(get("/api/v1/works"), ed, HttpStatus.OK);
        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                .isEqualTo("60");
        assertThat(refused.getResponse().getHeaders().getFirst("RateLimit-Policy"))
                .isEqualTo("\"user\";q=3;w=60");
        assertThat(handled).isEqualTo(6);

        // Another person, and an outlet, each have their own budget; an outlet is not also a user.
        Jwt vera = jwt("vera", "vera", null, "reviewer");
        assertThat(call(get("/api/v1/works"), vera, HttpStatus.OK).getResponse().getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(call(get("/api/v1/channels"), kids, HttpStatus.OK)
                        .getResponse()
                        .getHeaders()
                        .getFirst("RateLimit"))
                .startsWith("\"outlet\";r=1;");
    }

    @Test
    void anonymousFeedReadersHaveABudgetPerAddress() {
        InetSocketAddress first = new InetSocketAddress("198.51.100.1", 40000);
        InetSocketAddress second = new InetSocketAddress("198.51.100.2", 40000);
        call(get("/feeds/open.atom").remoteAddress(first), null, HttpStatus.OK);
        // Another port of the same address is the same reader.
        call(get("/feeds/open.rss").remoteAddress(new InetSocketAddress("198.51.100.1", 40001)), null, HttpStatus.OK);
        assertThat(call(get("/feeds/open.json").remoteAddress(first), null, HttpStatus.OK)
                        .getResponse()
                        .getStatusCode())
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(call(get("/feeds/open.atom").remoteAddress(second), null, HttpStatus.OK)
                        .getResponse()
                        .getStatusCode())
                .isEqualTo(HttpStatus.OK);
        // Only feeds are open without a token; anything else was already answered 401 by security.
        assertThat(call(get("/dev/token").remoteAddress(first), null, HttpStatus.OK)
                        .getResponse()
                        .getHeaders()
                        .getFirst("RateLimit"))
                .isNull();
    }

    /** Runs the filter with a handler that answers {@code status}, as the caller of {@code jwt}. */
    private MockServerWebExchange call(MockServerHttpRequest.BaseBuilder<?> request, Jwt jwt, HttpStatus status) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        WebFilterChain handler = (ServerWebExchange e) -> {
            handled++;
            e.getResponse().setStatusCode(status);
            if (status == HttpStatus.OK) {
                return e.getResponse()
                        .writeWith(
                                Mono.just(e.getResponse().bufferFactory().wrap("ok".getBytes(StandardCharsets.UTF_8))));
            }
            return e.getResponse().setComplete();
        };
        Mono<Void> filtered = filter.filter(exchange, handler);
        if (jwt != null) {
            filtered = filtered.contextWrite(
                    ReactiveSecurityContextHolder.withAuthentication(new JwtAuthenticationToken(jwt)));
        }
        filtered.block(Duration.ofSeconds(5));
        return exchange;
    }

    private static MockServerHttpRequest.BaseBuilder<?> get(String path) {
        return MockServerHttpRequest.get(path);
    }

    private static Jwt jwt(String subject, String azp, String clientId, String role) {
        Jwt.Builder builder = Jwt.withTokenValue("token")
                .header("alg", "HS256")
                .subject(subject)
                .claim("roles", List.of(role));
        if (azp != null) {
            builder.claim("azp", azp);
        }
        if (clientId != null) {
            builder.claim("client_id", clientId);
        }
        return builder.build();
    }

    private static KepuProperties properties(int requests) {
        return new KepuProperties(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new KepuProperties.Outlets(new KepuProperties.RateLimit(requests, Duration.ofMinutes(1))),
                null,
                new KepuProperties.Users(new KepuProperties.UserRateLimit(3, Duration.ofMinutes(1)), 8, 5));
    }
}
