package org.kepu.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.DevTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Outlet budgets through the API in embedded mode, with a budget of 5 requests per minute. A development
 * token's {@code azp} is its subject, so each test's outlet is its own client and its own budget; only
 * one test reads feeds without a token, since all anonymous requests come from the same address here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class RateLimitApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};
    private static final String POLICY = "\"outlet\";q=5;w=60";

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-rate-limit-api").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.outlets.rate-limit.requests", () -> "5");
        registry.add("kepu.outlets.rate-limit.window", () -> "1m");
        registry.add("kepu.users.rate-limit.requests", () -> "7");
    }

    @Autowired
    WebTestClient web;

    @Test
    void anOutletSpendsItsBudgetThenGetsA429ProblemWithRetryAfter() {
        String kids = DevTokens.token(web, "kids-app", "outlet");
        for (int remaining = 4; remaining >= 0; remaining--) {
            HttpHeaders headers = get(kids, "/api/v1/channels")
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseHeaders();
            assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo(POLICY);
            assertThat(headers.getFirst("RateLimit")).matches("\"outlet\";r=" + remaining + ";t=([1-9]|[1-5][0-9]|60)");
        }

        EntityExchangeResult<Map<String, Object>> refused = get(kids, "/api/v1/channels")
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MAP)
                .returnResult();
        HttpHeaders headers = refused.getResponseHeaders();
        long retryAfter = Long.parseLong(headers.getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo(POLICY);
        assertThat(headers.getFirst("RateLimit")).isEqualTo("\"outlet\";r=0;t=" + retryAfter);
        assertThat(headers.getFirst("X-Request-Id")).isNotBlank();
        assertThat(refused.getResponseBody())
                .containsEntry("type", "urn:kepu:problem:rate-limited")
                .containsEntry("title", "Too Many Requests")
                .containsEntry("status", 429)
                .containsEntry("instance", "/api/v1/channels")
                .containsEntry("requestId", headers.getFirst("X-Request-Id"))
                .containsKey("detail");

        HttpHeaders other = get(DevTokens.token(web, "news-app", "outlet"), "/api/v1/channels")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseHeaders();
        assertThat(other.getFirst("RateLimit")).startsWith("\"outlet\";r=4;");
    }

    @Test
    void peopleHaveTheUserBudgetAndHealthChecksAreNotCounted() {
        String editor = DevTokens.token(web, "ed", "editor");
        String outlet = DevTokens.token(web, "health-app", "outlet");
        for (int remaining = 6; remaining >= 0; remaining--) {
            HttpHeaders headers = get(editor, "/api/v1/channels")
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseHeaders();
            assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo("\"user\";q=7;w=60");
            assertThat(headers.getFirst("RateLimit")).startsWith("\"user\";r=" + remaining + ";");
            get(outlet, "/actuator/health")
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .doesNotExist("RateLimit")
                    .expectBody()
                    .returnResult();
        }
        get(editor, "/api/v1/channels")
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:kepu:problem:rate-limited");
        // The editor's spent budget is neither another person's nor an outlet's.
        get(DevTokens.token(web, "ed2", "editor"), "/api/v1/channels")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        get(outlet, "/api/v1/channels")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches("RateLimit", ".*;r=4;.*")
                .expectBody()
                .returnResult();
    }

    @Test
    void notModifiedFeedAnswersDoNotCount() {
        createPublicChannel("rl-polled");
        String poller = DevTokens.token(web, "poll-app", "outlet");
        String etag = get(poller, "/feeds/rl-polled.atom")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches("RateLimit", "\"outlet\";r=4;t=\\d+")
                .expectBody()
                .returnResult()
                .getResponseHeaders()
                .getETag();
        assertThat(etag).isNotBlank();

        for (int i = 0; i < 8; i++) {
            web.get()
                    .uri("/feeds/rl-polled.atom")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + poller)
                    .header(HttpHeaders.IF_NONE_MATCH, etag)
                    .exchange()
                    .expectStatus()
                    .isNotModified()
                    .expectHeader()
                    .valueEquals("RateLimit-Policy", POLICY)
                    .expectHeader()
                    .valueMatches("RateLimit", "\"outlet\";r=4;t=\\d+")
                    .expectBody()
                    .returnResult();
        }
        get(poller, "/feeds/rl-polled.atom")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches("RateLimit", "\"outlet\";r=3;t=\\d+")
                .expectBody()
                .returnResult();
    }

    @Test
    void anonymousFeedReadersAreLimitedByAddress() {
        createPublicChannel("rl-open");
        for (int remaining = 4; remaining >= 0; remaining--) {
            web.get()
                    .uri("/feeds/rl-open.json")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueMatches("RateLimit", "\"outlet\";r=" + remaining + ";t=\\d+")
                    .expectBody()
                    .returnResult();
        }
        web.get()
                .uri("/feeds/rl-open.rss")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult();
        // An outlet reading the same feed from the same address has its own budget.
        get(DevTokens.token(web, "open-app", "outlet"), "/feeds/rl-open.rss")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
    }

    private void createPublicChannel(String name) {
        web.put()
                .uri("/api/v1/channels/{name}", name)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + DevTokens.token(web, "adam", "admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "t", "public", true, "outlets", List.of()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
    }

    private WebTestClient.ResponseSpec get(String token, String path) {
        return web.get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange();
    }
}
