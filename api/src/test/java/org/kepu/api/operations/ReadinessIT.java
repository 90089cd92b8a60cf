package org.kepu.api.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.DevTokens;
import org.kepu.testkit.ElasticsearchServer;
import org.kepu.testkit.S3Server;
import org.kepu.testkit.TcpRelay;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Readiness follows the object store and the index: kepu reaches S3 and Elasticsearch through relays that
 * the test cuts and restores, which kepu cannot tell from the servers stopping and starting again (the
 * servers themselves, shared with other tests, keep running). Liveness never follows them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class ReadinessIT {

    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(60);

    private static TcpRelay s3Relay;
    private static TcpRelay esRelay;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) throws Exception {
        S3Server s3 = S3Server.shared();
        s3Relay = TcpRelay.to(java.net.URI.create(s3.endpoint()));
        esRelay = TcpRelay.to(ElasticsearchServer.shared().url());
        String data = Files.createTempDirectory("kepu-readiness-it").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.auth.dev-issuer.enabled", () -> "true");
        registry.add("kepu.store.type", () -> "s3");
        registry.add("kepu.store.endpoint", () -> s3Relay.uri().toString());
        registry.add("kepu.store.access-key", s3::accessKey);
        registry.add("kepu.store.secret-key", s3::secretKey);
        registry.add("kepu.store.bucket", () -> s3.newBucketName(ReadinessIT.class));
        registry.add("kepu.search.type", () -> "elasticsearch");
        registry.add("kepu.search.url", () -> esRelay.uri().toString());
        registry.add("kepu.search.index", () -> "kepu-readiness-" + System.nanoTime());
    }

    @AfterAll
    static void closeRelays() {
        s3Relay.close();
        esRelay.close();
    }

    @Autowired
    WebTestClient web;

    @Test
    void readinessGoesDownWithTheObjectStoreAndComesBackWithIt() {
        String admin = DevTokens.token(web, "ops-admin", "admin");
        awaitReadiness(200, "\"UP\"");
        s3Relay.cut();
        try {
            String down = awaitReadiness(503, "\"DOWN\"");
            assertThat(down).isEqualTo("{\"status\":\"DOWN\"}");
            String details = new String(readiness(admin).getResponseBodyContent(), StandardCharsets.UTF_8);
            assertThat(status(details, "objectStore")).isEqualTo("DOWN");
            assertThat(status(details, "searchIndex")).isEqualTo("UP");
            assertThat(liveness()).isEqualTo(200);
        } finally {
            s3Relay.restore();
        }
        awaitReadiness(200, "\"UP\"");
    }

    @Test
    void readinessGoesDownWithTheIndexAndComesBackWithIt() {
        String admin = DevTokens.token(web, "ops-admin", "admin");
        awaitReadiness(200, "\"UP\"");
        esRelay.cut();
        try {
            awaitReadiness(503, "\"DOWN\"");
            String details = new String(readiness(admin).getResponseBodyContent(), StandardCharsets.UTF_8);
            assertThat(status(details, "searchIndex")).isEqualTo("DOWN");
            assertThat(status(details, "objectStore")).isEqualTo("UP");
            assertThat(liveness()).isEqualTo(200);
        } finally {
            esRelay.restore();
        }
        awaitReadiness(200, "\"UP\"");
    }

    /** Polls anonymous readiness until it answers {@code status}; returns that body. */
    private String awaitReadiness(int status, String contains) {
        Instant deadline = Instant.now().plus(NOTICED_WITHIN);
        String last = "";
        int lastStatus = 0;
        while (Instant.now().isBefore(deadline)) {
            EntityExchangeResult<byte[]> answer = readiness(null);
            lastStatus = answer.getStatus().value();
            byte[] body = answer.getResponseBodyContent();
            last = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            if (lastStatus == status && last.contains(contains)) {
                return last;
            }
            sleep();
        }
        throw new AssertionError("readiness did not answer " + status + " within " + NOTICED_WITHIN + "; last "
                + lastStatus + " " + last);
    }

    private static String status(String readiness, String component) {
        return JsonPath.read(readiness, "$.components." + component + ".status");
    }

    private EntityExchangeResult<byte[]> readiness(String token) {
        return web.get()
                .uri("/actuator/health/readiness")
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .exchange()
                .expectBody()
                .returnResult();
    }

    private int liveness() {
        return web.get()
                .uri("/actuator/health/liveness")
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
