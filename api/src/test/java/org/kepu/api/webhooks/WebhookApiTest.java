package org.kepu.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.DevTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The admin routes in embedded mode, with private addresses refused as in production. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class WebhookApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
            new ParameterizedTypeReference<>() {};

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-webhook-api").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.webhooks.allow-private-addresses", () -> "false");
    }

    @Autowired
    WebTestClient web;

    private String admin;

    @BeforeEach
    void setUp() {
        admin = DevTokens.token(web, "adam", "admin");
        web.put()
                .uri("/api/v1/channels/kids")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "少儿", "outlets", List.of("kids-app")))
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult();
    }

    @Test
    void anEndpointOnlyCoversChannelsItsOutletMayRead() {
        web.post()
                .uri("/api/v1/outlets/other-app/webhooks")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", "https://93.184.215.14/hooks", "channels", List.of("kids", "nowhere")))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'channels[0]')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'channels[1]')]")
                .exists();
    }

    @Test
    void anAdminRegistersAnEndpointAndSeesItsSecretOnlyOnce() {
        Map<String, Object> created = web.post()
                .uri("/api/v1/outlets/kids-app/webhooks")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "url",
                        "https://93.184.215.14/hooks",
                        "channels",
                        List.of("kids"),
                        "types",
                        List.of("work.published")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        String id = (String) created.get("id");
        assertThat(id).matches("ep_[0-9a-f]{32}");
        assertThat((String) created.get("secret")).startsWith("whsec_");
        assertThat(created).containsEntry("outlet", "kids-app").containsEntry("enabled", true);
        assertThat(created.get("channels")).isEqualTo(List.of("kids"));

        Map<String, Object> read = get("/api/v1/outlets/kids-app/webhooks/" + id)
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(read).doesNotContainKey("secret").containsEntry("url", "https://93.184.215.14/hooks");
        List<Map<String, Object>> listed = get("/api/v1/outlets/kids-app/webhooks")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        assertThat(listed).anySatisfy(e -> assertThat(e).containsEntry("id", id).doesNotContainKey("secret"));
        get("/api/v1/outlets/other-app/webhooks/" + id)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .returnResult();
        List<Map<String, Object>> log = get("/api/v1/outlets/kids-app/webhooks/" + id + "/deliveries?limit=10")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        assertThat(log).isEmpty();
        web.post()
                .uri("/api/v1/outlets/kids-app/webhooks/" + id + "/enable")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.enabled")
                .isEqualTo(true);
        web.post()
                .uri("/api/v1/outlets/kids-app/webhooks/" + id + "/deliveries/dlv_" + "0".repeat(32) + "/replay")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .returnResult();

        web.delete()
                .uri("/api/v1/outlets/kids-app/webhooks/" + id)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectBody()
                .returnResult();
        get("/api/v1/outlets/kids-app/webhooks/" + id)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .returnResult();
    }

    @Test
    void badFieldsAreListedInOneProblem() {
        web.post()
                .uri("/api/v1/outlets/kids-app/webhooks")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "url", "ftp://example.org/x", "channels", List.of("Kids!"), "types", List.of("work.eaten")))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'url')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'channels[0]')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'types[0]')]")
                .exists();
        web.post()
                .uri("/api/v1/outlets/kids-app/webhooks")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", "https://example.org/x", "channels", List.of()))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("channels");
    }

    @Test
    void anEndpointOnAPrivateAddressIsRefused() {
        for (String url : List.of("http://127.0.0.1:8080/hooks", "http://10.0.0.7/hooks", "http://[::1]/hooks")) {
            web.post()
                    .uri("/api/v1/outlets/kids-app/webhooks")
                    .headers(h -> h.setBearerAuth(admin))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("url", url, "channels", List.of("kids")))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(422)
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("url");
        }
    }

    @Test
    void onlyAdminsManageWebhooks() {
        String editor = DevTokens.token(web, "ed", "editor");
        String outlet = DevTokens.token(web, "kids-app", "outlet");
        for (String token : List.of(editor, outlet)) {
            web.get()
                    .uri("/api/v1/outlets/kids-app/webhooks")
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .returnResult();
            web.post()
                    .uri("/api/v1/outlets/kids-app/webhooks")
                    .headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("url", "https://93.184.215.14/hooks", "channels", List.of("kids")))
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .returnResult();
        }
        web.get()
                .uri("/api/v1/outlets/kids-app/webhooks")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .returnResult();
    }

    private WebTestClient.ResponseSpec get(String uri) {
        return web.get().uri(uri).headers(h -> h.setBearerAuth(admin)).exchange();
    }
}
