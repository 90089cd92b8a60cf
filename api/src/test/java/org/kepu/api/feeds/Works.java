package org.kepu.api.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.kepu.api.testing.KepuClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed tests' scenario over the shared client: works by alice with a public byline, reviewed by vera
 * and published by ed.
 */
final class Works {

    static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP_TYPE =
            new tools.jackson.core.type.TypeReference<>() {};
    /** The public byline every work published here carries; the creator's account id must never show. */
    static final String BYLINE = "光与声科普小组";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KepuClient client;

    Works(WebTestClient web) {
        this.client = new KepuClient(web);
    }

    String token(String sub, String role) {
        return client.token(sub, role);
    }

    void channel(String admin, String name, boolean open, List<String> outlets) {
        client.channel(admin, name, name + " 频道", open, outlets);
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
        client.registerReviewer(admin, "vera", List.of("光学", "声学"), List.of());
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
        return client.upload(token("alice", "creator"), metadata, name, file);
    }

    /** Alice uploads a new version of her work. */
    void newVersion(String id, String markdown) {
        client.uploadVersion(token("alice", "creator"), id, markdown);
    }

    /** Waits for the current version to reach review, and has vera approve it. */
    void approve(String id) {
        client.approve(token("alice", "creator"), token("vera", "reviewer"), id);
    }

    /** An editor publishes the approved work, with a correction note if one is given. */
    void publishTo(String id, List<String> channels, String note) {
        Map<String, Object> done = client.publish(token("ed", "editor"), id, channels, note);
        assertThat(done.get("status")).isEqualTo("PUBLISHED");
    }

    /** A publication is indexed before it answers: the feed lists the work right after, without waiting. */
    void assertInFeed(String token, String path, String id) {
        assertThat(client.text(token, path)).contains("urn:kepu:work:" + id);
    }

    WebTestClient.ResponseSpec get(String token, String uri) {
        return client.get(token, uri);
    }

    WebTestClient.ResponseSpec post(String token, String uri, Object body) {
        return client.post(token, uri, body);
    }

    /** Checks the response is a problem document with the status, and returns it. */
    Map<String, Object> problem(WebTestClient.ResponseSpec response, HttpStatus status) {
        Map<String, Object> body = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(KepuClient.MAP)
                .returnResult()
                .getResponseBody();
        assertThat(body).containsEntry("status", status.value()).containsKey("detail");
        return body;
    }
}
