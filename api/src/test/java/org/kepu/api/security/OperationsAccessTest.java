package org.kepu.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.DevTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Health is public; metrics and the API description are for admins only. */
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
    void metricsAndApiDocsAnswerAdminsOnly() {
        String admin = DevTokens.token(web, "adam", "admin");
        for (String path : List.of("/actuator/prometheus", "/v3/api-docs")) {
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
