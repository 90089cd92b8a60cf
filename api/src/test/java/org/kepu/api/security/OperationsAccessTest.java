package org.kepu.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.DevTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Health and the API description are public, health's details and metrics for admins only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class OperationsAccessTest {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-operations").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Test
    void metricsAnswerAdminsOnlyAndTheApiDescriptionAnyone() {
        String admin = DevTokens.token(web, "adam", "admin");
        for (String path : List.of("/actuator/prometheus")) {
            assertThat(status(path, null)).as(path).isEqualTo(401);
            for (String role : List.of("creator", "reviewer", "editor", "outlet")) {
                assertThat(status(path, DevTokens.token(web, "someone", role)))
                        .as(path + " as " + role)
                        .isEqualTo(403);
            }
            assertThat(status(path, admin)).as(path + " as admin").isEqualTo(200);
        }
        assertThat(status("/actuator/health", null)).isEqualTo(200);
        assertThat(status("/actuator/health/readiness", null)).isEqualTo(200);
        assertThat(status("/actuator/health/liveness", null)).isEqualTo(200);
        assertThat(status("/v3/api-docs", null)).isEqualTo(200);
        assertThat(status("/webjars/swagger-ui/index.html", null)).isEqualTo(200);
        // everything else actuator has is not exposed at all
        for (String path : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/loggers")) {
            assertThat(status(path, admin)).as(path).isEqualTo(404);
        }
    }

    @Test
    void readinessTellsAnonymousCallersOnlyItsStatusAndAdminsEachDependency() {
        assertThat(body("/actuator/health/readiness", null)).isEqualTo("{\"status\":\"UP\"}");
        assertThat(body("/actuator/health", null)).doesNotContain("components", "details");
        for (String role : List.of("creator", "editor", "outlet")) {
            assertThat(body("/actuator/health/readiness", DevTokens.token(web, "someone", role)))
                    .isEqualTo("{\"status\":\"UP\"}");
        }
        String details = body("/actuator/health/readiness", DevTokens.token(web, "adam", "admin"));
        for (String probe : List.of("objectStore", "searchIndex", "extraction", "readinessState")) {
            assertThat(JsonPath.<String>read(details, "$.components." + probe + ".status"))
                    .as(probe)
                    .isEqualTo("UP");
        }
        assertThat(JsonPath.<Map<String, Object>>read(details, "$.components")).doesNotContainKey("tokenIssuer");
        String health = body("/actuator/health", DevTokens.token(web, "adam", "admin"));
        assertThat(JsonPath.<String>read(health, "$.components.tokenIssuer.details.issuer"))
                .isEqualTo("development");
        assertThat(JsonPath.<Integer>read(details, "$.components.extraction.details.workers"))
                .isEqualTo(2);
    }

    private String body(String path, String token) {
        byte[] body = web.get()
                .uri(path)
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    private int status(String path, String token) {
        return web.get()
                .uri(path)
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }
}
