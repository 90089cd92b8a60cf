package org.kepu.api.review;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.kepu.api.testing.DevTokens;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** The review API as the tests' people use it: tokens, uploads, waiting for a status, decisions. */
public final class KepuClient {

    public static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};
    public static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
            new ParameterizedTypeReference<>() {};

    private final WebTestClient web;

    public KepuClient(WebTestClient web) {
        this.web = web;
    }

    public WebTestClient web() {
        return web;
    }

    public String token(String sub, List<String> disciplines, String... roles) {
        return DevTokens.token(web, sub, disciplines, roles);
    }

    public String token(String sub, String... roles) {
        return token(sub, List.of(), roles);
    }

    public void registerReviewer(String admin, String id, List<String> disciplines, List<String> conflicts) {
        web.put()
                .uri("/api/v1/reviewers/{id}", id)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("disciplines", disciplines, "conflicts", conflicts))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
    }

    /** Creates (or replaces) channels with no outlets, so that works can be published to them. */
    public void channels(String admin, String... names) {
        for (String name : names) {
            web.put()
                    .uri("/api/v1/channels/{channel}", name)
                    .headers(h -> h.setBearerAuth(admin))
                    .bodyValue(Map.of("title", name, "outlets", List.of()))
                    .exchange()
                    .expectStatus()
                    .is2xxSuccessful()
                    .expectBody()
                    .returnResult();
        }
    }

    /** Uploads a Markdown article and returns the new work's id. */
    public String upload(String creator, String metadata, String markdown) {
        return upload(creator, metadata, "article.md", markdown);
    }

    /** Uploads a text file under the given name and returns the new work's id. */
    public String upload(String creator, String metadata, String fileName, String content) {
        return upload(creator, metadata, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Uploads a file of any kind under the given name and returns the new work's id. */
    public String upload(String creator, String metadata, String fileName, byte[] content) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("metadata", metadata, MediaType.APPLICATION_JSON);
        parts.part("file", file(fileName, content)).contentType(MediaType.APPLICATION_OCTET_STREAM);
        return (String) web.post()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(creator))
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody()
                .get("id");
    }

    public void uploadVersion(String creator, String id, String markdown) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", file("article.md", markdown)).contentType(MediaType.APPLICATION_OCTET_STREAM);
        web.post()
                .uri("/api/v1/works/{id}/versions", id)
                .headers(h -> h.setBearerAuth(creator))
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
    }

    public Map<String, Object> work(String token, String id) {
        return web.get()
                .uri("/api/v1/works/{id}", id)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    /** Polls the work until the condition holds; returns the last state seen either way. */
    public Map<String, Object> await(String token, String id, Predicate<Map<String, Object>> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            Map<String, Object> work = work(token, id);
            if (done.test(work) || Instant.now().isAfter(deadline)) {
                return work;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return work;
            }
        }
    }

    public Map<String, Object> awaitStatus(String token, String id, String status) {
        return await(token, id, w -> status.equals(w.get("status")));
    }

    public WebTestClient.ResponseSpec decide(String reviewer, String id, Map<String, Object> decision) {
        return web.post()
                .uri("/api/v1/works/{id}/reviews", id)
                .headers(h -> h.setBearerAuth(reviewer))
                .bodyValue(decision)
                .exchange();
    }

    public WebTestClient.ResponseSpec post(String token, String uri, Object body) {
        return web.post()
                .uri(uri)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    public WebTestClient.ResponseSpec get(String token, String uri) {
        return web.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange();
    }

    public static Map<String, Object> decision(Map<String, Object> work, String verdict, String summary) {
        Map<String, Object> d = new HashMap<>();
        d.put("version", work.get("currentVersion"));
        d.put("digest", currentDigest(work));
        d.put("decision", verdict);
        d.put("summary", summary);
        d.put("comments", List.of(Map.of("start", 0, "end", 2, "text", "标题清楚")));
        return d;
    }

    @SuppressWarnings("unchecked")
    public static String currentDigest(Map<String, Object> work) {
        List<Map<String, Object>> versions = (List<Map<String, Object>>) work.get("versions");
        return (String) versions.get(versions.size() - 1).get("digest");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> review(Map<String, Object> work) {
        return (Map<String, Object>) work.get("review");
    }

    @SuppressWarnings("unchecked")
    public static List<String> assignees(Map<String, Object> work) {
        return ((List<Map<String, Object>>) review(work).get("assignments"))
                .stream().map(a -> (String) a.get("reviewer")).toList();
    }

    private static ByteArrayResource file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteArrayResource file(String name, byte[] content) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }
}
