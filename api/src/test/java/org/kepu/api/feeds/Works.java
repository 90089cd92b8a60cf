package org.kepu.api.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.kepu.api.testing.DevTokens;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.json.JsonMapper;

/** The API as the feed tests use it: tokens, channels, works walked to publication, polling. */
final class Works {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};
    static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP_TYPE =
            new tools.jackson.core.type.TypeReference<>() {};
    /** The public byline every work published here carries; the creator's account id must never show. */
    static final String BYLINE = "光与声科普小组";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient web;

    Works(WebTestClient web) {
        this.web = web;
    }

    String token(String sub, String role) {
        return DevTokens.token(web, sub, role);
    }

    void channel(String admin, String name, boolean open, List<String> outlets) {
        web.put()
                .uri("/api/v1/channels/{channel}", name)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", name + " 频道", "public", open, "outlets", outlets))
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult();
    }

    /** Uploads a work by alice, has vera approve it, and publishes it to the channels; returns its id. */
    String publish(String admin, String title, String summary, String topic, String markdown, List<String> channels) {
        String id = upload(admin, title, summary, topic, markdown);
        approve(id);
        publishTo(id, channels, null);
        return id;
    }

    /** Uploads a Markdown work by alice, with vera registered to review it; returns its id. */
    String upload(String admin, String title, String summary, String topic, String markdown) {
        return upload(admin, title, summary, topic, "article", "article.md", markdown.getBytes(StandardCharsets.UTF_8));
    }

    /** Uploads a file by alice as a work of the kind, with vera registered to review it; returns its id. */
    String upload(String admin, String title, String summary, String topic, String kind, String name, byte[] file) {
        web.put()
                .uri("/api/v1/reviewers/vera")
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("disciplines", List.of("光学", "声学"), "conflicts", List.of()))
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult();
        String metadata = JSON.writeValueAsString(Map.of(
                "title",
                title,
                "summary",
                summary,
                "kind",
                kind,
                "topics",
                List.of(topic),
                "audiences",
                List.of("public"),
                "license",
                "CC BY 4.0",
                "references",
                List.of("《科学》"),
                "byline",
                BYLINE));
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("metadata", metadata, MediaType.APPLICATION_JSON);
        parts.part("file", named(file, name)).contentType(MediaType.APPLICATION_OCTET_STREAM);
        return (String) ok(web.post()
                        .uri("/api/v1/works")
                        .headers(h -> h.setBearerAuth(token("alice", "creator")))
                        .body(BodyInserters.fromMultipartData(parts.build()))
                        .exchange())
                .get("id");
    }

    /** Alice uploads a new version of her work. */
    void newVersion(String id, String markdown) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", named(markdown.getBytes(StandardCharsets.UTF_8), "article.md"))
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        ok(web.post()
                .uri("/api/v1/works/{id}/versions", id)
                .headers(h -> h.setBearerAuth(token("alice", "creator")))
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange());
    }

    /** Waits for the current version to reach review, and has vera approve it. */
    @SuppressWarnings("unchecked")
    void approve(String id) {
        String alice = token("alice", "creator");
        String vera = token("vera", "reviewer");
        Map<String, Object> work = poll(() -> ok(get(alice, "/api/v1/works/" + id)), w -> {
            // vera takes the work on, should screening have finished before she was known
            web.post()
                    .uri("/api/v1/review/queue")
                    .headers(h -> h.setBearerAuth(vera))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult();
            return "IN_REVIEW".equals(w.get("status"));
        });
        assertThat(work.get("status")).isEqualTo("IN_REVIEW");
        List<Map<String, Object>> versions = (List<Map<String, Object>>) work.get("versions");
        ok(post(
                vera,
                "/api/v1/works/" + id + "/reviews",
                Map.of(
                        "version",
                        work.get("currentVersion"),
                        "digest",
                        versions.get(versions.size() - 1).get("digest"),
                        "decision",
                        "APPROVE",
                        "summary",
                        "准确")));
    }

    /** An editor publishes the approved work, with a correction note if one is given. */
    void publishTo(String id, List<String> channels, String note) {
        Map<String, Object> body =
                note == null ? Map.of("channels", channels) : Map.of("channels", channels, "note", note);
        Map<String, Object> done = ok(post(token("ed", "editor"), "/api/v1/works/" + id + "/publication", body));
        assertThat(done.get("status")).isEqualTo("PUBLISHED");
    }

    private static ByteArrayResource named(byte[] content, String name) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }

    /** Indexing follows publication asynchronously: waits until the feed lists the work. */
    void awaitInFeed(String token, String path, String id) {
        String body = poll(
                () -> new String(
                        get(token, path)
                                .expectStatus()
                                .isOk()
                                .expectBody()
                                .returnResult()
                                .getResponseBody(),
                        StandardCharsets.UTF_8),
                b -> b.contains("urn:kepu:work:" + id));
        assertThat(body).contains("urn:kepu:work:" + id);
    }

    /** Calls until the answer passes or 90 s are up; returns the last answer either way. */
    static <T> T poll(Supplier<T> call, Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        T last = call.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = call.get();
        }
        return last;
    }

    WebTestClient.ResponseSpec get(String token, String uri) {
        return web.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange();
    }

    WebTestClient.ResponseSpec post(String token, String uri, Object body) {
        return web.post()
                .uri(uri)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    static Map<String, Object> ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .is2xxSuccessful()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    /** Checks the response is a problem document with the status, and returns it. */
    Map<String, Object> problem(WebTestClient.ResponseSpec response, HttpStatus status) {
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
}
