package org.kepu.api.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kepu.api.Samples;
import org.kepu.api.testing.DevTokens;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * After real traffic (uploads that extract, one that fails, screening that finds something, a reviewer
 * who misses a short deadline, reads by id), {@code /actuator/prometheus} carries each of kepu's meters
 * with the values that traffic must have left.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class MetricsApiTest {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-metrics").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.review.deadline", () -> "2s");
        registry.add("kepu.review.deadline-sweep-interval", () -> "1s");
    }

    @Autowired
    WebTestClient web;

    @Test
    void prometheusShowsUploadsExtractionFindingsQueueDeadlinesIndexLagWebhooksAndRoutes() {
        KepuClient kepu = new KepuClient(web);
        String admin = DevTokens.token(web, "metrics-admin", "admin");
        String alice = DevTokens.token(web, "metrics-alice", "creator");
        kepu.registerReviewer(admin, "metrics-rita", List.of("天文"), List.of());
        String article = "# 金星\n\n金星是太阳系中最热的行星，表面温度超过460摄氏度。\n";
        String reviewed = kepu.upload(
                alice,
                "{\"title\":\"金星\",\"kind\":\"article\",\"topics\":[\"天文\"],\"license\":\"CC BY 4.0\"}",
                article);
        byte[] locked = Samples.pdf("secret", "user-pw");
        String failed = upload(alice, "locked.pdf", locked);
        kepu.awaitStatus(admin, reviewed, "IN_REVIEW");
        kepu.await(admin, failed, w -> "FAILED".equals(w.get("status")));

        String metrics = awaitMetrics(
                admin,
                m -> value(m, "kepu_review_deadline_misses_total", "outcome=\"overdue\"")
                                        .orElse(0.0)
                                >= 1
                        && value(m, "kepu_review_queue", "").orElse(0.0) == 1);

        long bytes = article.getBytes(StandardCharsets.UTF_8).length + locked.length;
        assertThat(value(metrics, "kepu_uploads_total", "what=\"work\"")).hasValue(2.0);
        assertThat(value(metrics, "kepu_upload_bytes_sum", "")).hasValue((double) bytes);
        assertThat(value(metrics, "kepu_extraction_seconds_count", "outcome=\"success\""))
                .hasValue(1.0);
        assertThat(value(metrics, "kepu_extraction_seconds_count", "reason=\"password_protected\""))
                .hasValue(1.0);
        assertThat(value(metrics, "kepu_extraction_seconds_sum", "outcome=\"success\""))
                .hasValueSatisfying(seconds -> assertThat(seconds).isPositive().isLessThan(120));
        // the article has no references: the metadata check says so
        assertThat(metrics).containsPattern("kepu_findings_total\\{check=\"[^\"]+\",severity=\"[a-z]+\"} [1-9]");
        assertThat(value(metrics, "kepu_review_queue", "")).hasValue(1.0);
        assertThat(value(metrics, "kepu_index_outbox_size", ""))
                .hasValueSatisfying(n -> assertThat(n).isBetween(0.0, 10.0));
        assertThat(value(metrics, "kepu_index_outbox_age_seconds", ""))
                .hasValueSatisfying(s -> assertThat(s).isBetween(0.0, 600.0));
        // no endpoint is registered: every outcome is there, at zero
        assertThat(value(metrics, "kepu_webhook_deliveries_total", "outcome=\"delivered\""))
                .hasValue(0.0);
        assertThat(value(metrics, "kepu_webhook_deliveries_total", "outcome=\"error\""))
                .hasValue(0.0);
        // request latency by route template, never by the raw path with a work's id in it
        assertThat(value(metrics, "http_server_requests_seconds_count", "uri=\"/api/v1/works/{id}\""))
                .hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(2));
        assertThat(metrics).doesNotContain(reviewed).doesNotContain(failed);
    }

    private String upload(String token, String name, byte[] content) {
        return new KepuClient(web).upload(token, "{\"title\":\"锁住的\",\"kind\":\"document\"}", name, content);
    }

    private String awaitMetrics(String admin, java.util.function.Predicate<String> done) {
        return KepuClient.until(() -> scrape(admin), done);
    }

    private String scrape(String admin) {
        byte[] body = web.get()
                .uri("/actuator/prometheus")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}. */
    static Optional<Double> value(String metrics, String name, String label) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{.*})? (\\S+)$")
                .matcher(metrics);
        while (sample.find()) {
            String labels = sample.group(1) == null ? "" : sample.group(1);
            if (labels.contains(label)) {
                return Optional.of(Double.parseDouble(sample.group(2)));
            }
        }
        return Optional.empty();
    }
}
