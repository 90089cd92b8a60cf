package org.kepu.api.works;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.DevTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** Bulk import's two needs of the upload route: an admin uploads for a creator, and a repeat makes no copy. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class OnBehalfUploadApiTest {

    private static final Path DATA = tempDir();
    private static final String METADATA = "{\"title\":\"地震来了怎么办\",\"kind\":\"article\",\"topics\":[\"disaster\"]}";
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
            new ParameterizedTypeReference<>() {};

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) {
        registry.add("kepu.data-dir", DATA::toString);
    }

    @Autowired
    WebTestClient web;

    @Test
    void anAdminsUploadOnBehalfOfACreatorBelongsToTheCreatorAndTheTrailNamesTheAdmin() {
        String admin = DevTokens.token(web, "root", "admin");
        String carol = DevTokens.token(web, "carol", "creator");

        Map<String, Object> work = upload(admin, "?onBehalfOf=carol", h -> {}, "地震时先躲后逃。")
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(work.get("owner")).isEqualTo("carol");

        String id = (String) work.get("id");
        web.get()
                .uri("/api/v1/works/{id}", id)
                .headers(h -> h.setBearerAuth(carol))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        List<Map<String, Object>> events = web.get()
                .uri("/api/v1/works/{id}/events", id)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        assertThat(events.get(0).get("type")).isEqualTo("upload");
        assertThat(events.get(0).get("actor")).isEqualTo("root");
        assertThat(events.get(0).toString()).contains("onBehalfOf=carol");
    }

    @Test
    void onlyAdminsUploadOnBehalfOfOthersAndOnlyForWellFormedIds() {
        String dave = DevTokens.token(web, "dave", "creator");
        String editor = DevTokens.token(web, "ed", "editor");
        String admin = DevTokens.token(web, "root", "admin");
        expectStatus(upload(dave, "?onBehalfOf=carol", h -> {}, "冒名上传。"), 403);
        expectStatus(upload(editor, "?onBehalfOf=carol", h -> {}, "冒名上传。"), 403);
        expectStatus(upload(admin, "?onBehalfOf=carol%20x", h -> {}, "名字有空格。"), 400);
        // An admin uploading without naming a creator is not a creator either.
        expectStatus(upload(admin, "", h -> {}, "无主作品。"), 403);
    }

    @Test
    void theSameIdempotencyKeyAnswersTheFirstWorkAndStoresNoSecondCopy() {
        String admin = DevTokens.token(web, "root", "admin");
        Consumer<HttpHeaders> key = h -> h.set("Idempotency-Key", "import:科普/地震.md:sha256:0001");
        String first = id(
                upload(admin, "?onBehalfOf=erin", key, "先躲后逃。").expectStatus().isCreated());
        long originals = originals();

        String again = id(
                upload(admin, "?onBehalfOf=erin", key, "先躲后逃。").expectStatus().isOk());
        assertThat(again).isEqualTo(first);
        assertThat(originals()).isEqualTo(originals);

        // The key is the creator's own: the same key for another creator is another work.
        String other = id(
                upload(admin, "?onBehalfOf=frank", key, "先躲后逃。").expectStatus().isCreated());
        assertThat(other).isNotEqualTo(first);
        String frank = DevTokens.token(web, "frank", "creator");
        String own = id(upload(frank, "", key, "先躲后逃。").expectStatus().isOk());
        assertThat(own).isEqualTo(other);
    }

    @Test
    void aMalformedIdempotencyKeyIsABadRequest() {
        String gina = DevTokens.token(web, "gina", "creator");
        expectStatus(upload(gina, "", h -> h.set("Idempotency-Key", "has a space"), "正文。"), 400);
    }

    private WebTestClient.ResponseSpec upload(String token, String query, Consumer<HttpHeaders> headers, String text) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("metadata", METADATA, MediaType.APPLICATION_JSON);
        parts.part("file", new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)) {
                    @Override
                    public String getFilename() {
                        return "地震.md";
                    }
                })
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        return web.post()
                .uri("/api/v1/works" + query)
                .headers(h -> h.setBearerAuth(token))
                .headers(headers)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange();
    }

    private static String id(WebTestClient.ResponseSpec response) {
        return (String)
                response.expectBody(MAP).returnResult().getResponseBody().get("id");
    }

    private static void expectStatus(WebTestClient.ResponseSpec response, int status) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult();
    }

    private static long originals() {
        try (Stream<Path> files = Files.walk(DATA.resolve("objects/works"))) {
            return files.filter(p -> p.getParent().getFileName().toString().equals("uploads"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kepu-on-behalf");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
