package org.kepu.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The API as the tests' people use it: tokens, reviewers and channels, uploads with metadata, waiting for
 * a status, decisions and publication. One client for every in-process API test.
 */
public final class KepuClient {

    public static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};
    public static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
            new ParameterizedTypeReference<>() {};
    /** How long extraction, screening and indexing get on a busy machine before a test gives up waiting. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);

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
                .is2xxSuccessful()
                .expectBody()
                .returnResult();
    }

    /** Creates (or replaces) closed channels with no outlets, so that works can be published to them. */
    public void channels(String admin, String... names) {
        for (String name : names) {
            channel(admin, name, name, false, List.of());
        }
    }

    /** Creates (or replaces) a channel. */
    public void channel(String admin, String name, String title, boolean open, List<String> outlets) {
        web.put()
                .uri("/api/v1/channels/{channel}", name)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", title, "public", open, "outlets", outlets))
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult();
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

    /** Uploads a new Markdown version of the work. */
    public void uploadVersion(String creator, String id, String markdown) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", file("article.md", markdown.getBytes(StandardCharsets.UTF_8)))
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
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
        return ok(get(token, "/api/v1/works/" + id));
    }

    /** Polls the work until the condition holds; returns the last state seen either way. */
    public Map<String, Object> await(String token, String id, Predicate<Map<String, Object>> done) {
        return until(() -> work(token, id), done);
    }

    public Map<String, Object> awaitStatus(String token, String id, String status) {
        return await(token, id, w -> status.equals(w.get("status")));
    }

    /**
     * Calls until the answer is there and passes, or {@link #PATIENCE} is up, and returns the last answer
     * either way, so that the test's own assertion on it says what was wrong.
     */
    public static <T> T until(Supplier<T> call, Predicate<T> done) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            Awaitility.await()
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        T answer = call.get();
                        last.set(answer);
                        return answer != null && done.test(answer);
                    });
        } catch (ConditionTimeoutException late) {
            // the caller asserts on the last answer
        }
        return last.get();
    }

    /**
     * Waits for the work's current version to reach review and has the reviewer approve it. The reviewer
     * takes on work while waiting, which assigns them should screening have finished before they were
     * registered.
     */
    public Map<String, Object> approve(String owner, String reviewer, String id) {
        Map<String, Object> work = await(owner, id, w -> {
            takeOn(reviewer);
            return "IN_REVIEW".equals(w.get("status"));
        });
        assertThat(work.get("status")).as("status of %s", id).isEqualTo("IN_REVIEW");
        Map<String, Object> decision = new HashMap<>();
        decision.put("version", work.get("currentVersion"));
        decision.put("digest", currentDigest(work));
        decision.put("decision", "APPROVE");
        decision.put("summary", "准确");
        return ok(decide(reviewer, id, decision));
    }

    /** Publishes an approved work to the channels now, with a correction note if one is given. */
    public Map<String, Object> publish(String editor, String id, List<String> channels, String note) {
        Map<String, Object> body =
                note == null ? Map.of("channels", channels) : Map.of("channels", channels, "note", note);
        return ok(post(editor, "/api/v1/works/" + id + "/publication", body));
    }

    public WebTestClient.ResponseSpec decide(String reviewer, String id, Map<String, Object> decision) {
        return post(reviewer, "/api/v1/works/" + id + "/reviews", decision);
    }

    public WebTestClient.ResponseSpec post(String token, String uri, Object body) {
        return web.post()
                .uri(uri)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** The reviewer takes on works in review still short of reviewers; answers their queue. */
    public List<Map<String, Object>> takeOn(String reviewer) {
        return web.post()
                .uri("/api/v1/review/queue")
                .headers(h -> h.setBearerAuth(reviewer))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
    }

    public WebTestClient.ResponseSpec get(String token, String uri) {
        return web.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange();
    }

    /** The body of a 200 answer to a GET, as UTF-8 text. */
    public String text(String token, String uri) {
        return text(get(token, uri));
    }

    /** The body of a 200 answer to a GET without a token (a public route), as UTF-8 text. */
    public String publicText(String uri) {
        return text(web.get().uri(uri).exchange());
    }

    private static String text(WebTestClient.ResponseSpec response) {
        return new String(
                response.expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
    }

    /** The body of a 2xx answer as a map. */
    public static Map<String, Object> ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .is2xxSuccessful()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
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
    public static Map<String, Object> review(Map<String, Object> work) {
        return (Map<String, Object>) work.get("review");
    }

    @SuppressWarnings("unchecked")
    public static List<String> assignees(Map<String, Object> work) {
        return ((List<Map<String, Object>>) review(work).get("assignments"))
                .stream().map(a -> (String) a.get("reviewer")).toList();
    }

    /** A file part with a name, as a browser sends an upload. */
    public static ByteArrayResource file(String name, byte[] content) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }
}
