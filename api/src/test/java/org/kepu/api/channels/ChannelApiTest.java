package org.kepu.api.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.DevTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The channel registry through the API in embedded mode. A development token's {@code azp} is its
 * subject, so an outlet token for {@code kids-app} is the client {@code kids-app}. Each test uses its own
 * channels and outlets, since they share one data directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class ChannelApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
            new ParameterizedTypeReference<>() {};

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-channel-api").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Test
    void anAdminCreatesAChannelThenUpdatesIt() {
        String admin = token("adam", "admin");
        Map<String, Object> created = put(admin, "science-kids", channel("少儿科学", true, List.of("kids-app")))
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location("/api/v1/channels/science-kids")
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(created)
                .containsEntry("name", "science-kids")
                .containsEntry("title", "少儿科学")
                .containsEntry("public", true)
                .containsEntry("outlets", List.of("kids-app"));

        Map<String, Object> changed = channel("少儿科学频道", false, List.of("kids-app", "school-app"));
        changed.put("description", "给孩子的科学");
        Map<String, Object> updated = put(admin, "science-kids", changed)
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(updated)
                .containsEntry("title", "少儿科学频道")
                .containsEntry("description", "给孩子的科学")
                .containsEntry("public", false)
                .containsEntry("outlets", List.of("kids-app", "school-app"));

        Map<String, Object> read = get(admin, "/api/v1/channels/science-kids")
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(read).isEqualTo(updated);
        // What GET answers can be put back as it is.
        put(admin, "science-kids", read).expectStatus().isOk().expectBody().returnResult();
        assertThat(list(token("ed", "editor"))).extracting(c -> c.get("name")).contains("science-kids");
    }

    @Test
    void onlyAdminsWriteChannels() {
        Map<String, Object> body = channel("新闻", false, List.of());
        for (String role : List.of("editor", "outlet", "creator", "reviewer")) {
            problem(put(token("someone", role), "guarded", body), HttpStatus.FORBIDDEN);
        }
        web.put()
                .uri("/api/v1/channels/guarded")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .returnResult();
        problem(get(token("ed", "editor"), "/api/v1/channels/guarded"), HttpStatus.NOT_FOUND);
        problem(get(token("cleo", "creator"), "/api/v1/channels"), HttpStatus.FORBIDDEN);
    }

    @Test
    void badBodiesAreProblemsThatSayWhatIsWrong() {
        String admin = token("adam", "admin");
        Map<String, Object> several = new HashMap<>();
        several.put("title", " ");
        several.put("description", "述".repeat(2001));
        several.put("public", "yes");
        several.put("outlets", List.of("ok-app", " "));
        several.put("colour", "red");
        Map<String, Object> errors = problem(put(admin, "bad", several), HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(fields(errors)).containsExactlyInAnyOrder("title", "description", "public", "outlets", "colour");

        Map<String, Object> longTitle = channel("题".repeat(201), false, List.of());
        assertThat(fields(problem(put(admin, "bad", longTitle), HttpStatus.UNPROCESSABLE_CONTENT)))
                .containsExactly("title");
        Map<String, Object> tooMany = channel("多", false, Collections.nCopies(101, "app"));
        assertThat(fields(problem(put(admin, "bad", tooMany), HttpStatus.UNPROCESSABLE_CONTENT)))
                .containsExactly("outlets");
        Map<String, Object> notAList = new HashMap<>(Map.of("title", "t", "outlets", "kids-app"));
        assertThat(fields(problem(put(admin, "bad", notAList), HttpStatus.UNPROCESSABLE_CONTENT)))
                .containsExactly("outlets");
        Map<String, Object> noTitle = new HashMap<>(Map.of("public", true));
        assertThat(fields(problem(put(admin, "bad", noTitle), HttpStatus.UNPROCESSABLE_CONTENT)))
                .containsExactly("title");
        assertThat(fields(
                        problem(put(admin, "Bad!", channel("t", false, List.of())), HttpStatus.UNPROCESSABLE_CONTENT)))
                .containsExactly("channel");
        assertThat(fields(problem(put(admin, "bad", List.of("title")), HttpStatus.UNPROCESSABLE_CONTENT)))
                .containsExactly("body");
        for (String raw : List.of("{\"title\":", "", "null")) {
            WebTestClient.ResponseSpec response = web.put()
                    .uri("/api/v1/channels/bad")
                    .headers(h -> h.setBearerAuth(admin))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(raw)
                    .exchange();
            problem(response, HttpStatus.UNPROCESSABLE_CONTENT);
        }
        // None of these left a channel behind.
        problem(get(admin, "/api/v1/channels/bad"), HttpStatus.NOT_FOUND);
    }

    @Test
    void anOutletSeesOnlyItsOwnAndPublicChannels() {
        String admin = token("adam", "admin");
        put(admin, "tv-kids", channel("少儿", false, List.of("tv-app", "radio-app")))
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        put(admin, "tv-news", channel("新闻", false, List.of("paper-app")))
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        put(admin, "tv-open", channel("公开", true, List.of()))
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();

        String tv = token("tv-app", "outlet");
        List<Map<String, Object>> seen = list(tv);
        assertThat(seen).extracting(c -> c.get("name")).containsExactlyInAnyOrder("tv-kids", "tv-open");
        // Other outlets' client ids are not shown to an outlet.
        assertThat(seen)
                .filteredOn(c -> "tv-kids".equals(c.get("name")))
                .extracting(c -> c.get("outlets"))
                .containsExactly(List.of("tv-app"));
        get(tv, "/api/v1/channels/tv-kids").expectStatus().isOk().expectBody().returnResult();
        get(tv, "/api/v1/channels/tv-open").expectStatus().isOk().expectBody().returnResult();
        problem(get(tv, "/api/v1/channels/tv-news"), HttpStatus.NOT_FOUND);

        assertThat(list(token("paper-app", "outlet")))
                .extracting(c -> c.get("name"))
                .contains("tv-news", "tv-open")
                .doesNotContain("tv-kids");
        assertThat(list(token("ed", "editor")))
                .extracting(c -> c.get("name"))
                .contains("tv-kids", "tv-news", "tv-open");
    }

    private static Map<String, Object> channel(String title, boolean open, List<String> outlets) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("public", open);
        body.put("outlets", outlets);
        return body;
    }

    private WebTestClient.ResponseSpec put(String token, String name, Object body) {
        return web.put()
                .uri("/api/v1/channels/{channel}", name)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec get(String token, String uri) {
        return web.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private List<Map<String, Object>> list(String token) {
        return get(token, "/api/v1/channels")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
    }

    /** Checks the response is a problem document with the status, and returns it. */
    private static Map<String, Object> problem(WebTestClient.ResponseSpec response, HttpStatus status) {
        Map<String, Object> body = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(body).containsEntry("status", status.value()).containsKey("detail");
        return body;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> fields(Map<String, Object> problem) {
        return ((List<Map<String, Object>>) problem.get("errors"))
                .stream().map(e -> e.get("field")).distinct().toList();
    }

    private String token(String sub, String role) {
        return DevTokens.token(web, sub, role);
    }
}
