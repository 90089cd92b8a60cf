package org.kepu.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kepu.api.testing.DevTokens;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** Search as people use it, the same against embedded Lucene and against Elasticsearch. */
final class SearchScenario {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    private final WebTestClient web;

    SearchScenario(WebTestClient web) {
        this.web = web;
    }

    void run() {
        String alice = token("alice", "creator");
        String carbon = upload(alice, "碳达峰行动", "carbon", "# 碳达峰\n\n实现碳达峰、碳中和是一场广泛而深刻的经济社会系统性变革。");
        String quake = upload(alice, "地震避险", "disaster", "# 地震\n\n发生地震时，要保持冷静，就近躲避，保护头部。");
        // The creator sees her uploads in the listing as soon as the uploads answer.
        Map<String, Object> mine = get(alice, "/api/v1/works?mine=true");
        assertThat(ids(mine, "items")).contains(carbon, quake);

        String rita = token("rita", "reviewer");
        awaitFound(rita, "/api/v1/search?q=碳中和", carbon);
        awaitFound(rita, "/api/v1/search?q=冷静", quake);
        Map<String, Object> found = get(rita, "/api/v1/search?q=碳中和");
        assertThat(ids(found, "hits")).containsExactly(carbon);
        assertThat(hits(found).get(0).get("highlights").toString()).contains("<em>");
        assertThat(found.get("facets").toString()).contains("carbon");

        assertThat(ids(get(rita, "/api/v1/search?q=地震 -冷静"), "hits")).isEmpty();
        assertThat(ids(get(rita, "/api/v1/search?q=地震&topic=carbon"), "hits")).isEmpty();
        assertThat(ids(get(rita, "/api/v1/search?q=地震&topic=disaster"), "hits")).containsExactly(quake);
        // Another creator finds neither: they are drafts of alice's, not published.
        assertThat(ids(get(token("bob", "creator"), "/api/v1/search?q=碳中和"), "hits"))
                .isEmpty();

        web.get()
                .uri("/api/v1/search?q=x&size=1000")
                .headers(h -> h.setBearerAuth(rita))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult();

        String root = token("root", "admin");
        web.post()
                .uri("/api/v1/admin/reindex")
                .headers(h -> h.setBearerAuth(root))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .returnResult();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Map<String, Object> progress = get(root, "/api/v1/admin/reindex");
        while (!"DONE".equals(progress.get("state")) && Instant.now().isBefore(deadline)) {
            sleep();
            progress = get(root, "/api/v1/admin/reindex");
        }
        assertThat(progress.get("state")).isEqualTo("DONE");
        assertThat(ids(get(rita, "/api/v1/search?q=碳中和"), "hits")).containsExactly(carbon);
        web.post()
                .uri("/api/v1/admin/reindex")
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();

        outlets(root, alice);
    }

    /**
     * Outlets find published works on the channels they are entitled to, and only while published. A
     * development token's {@code azp} is its subject, so the token for {@code kids-app} is that client.
     */
    @SuppressWarnings("unchecked")
    private void outlets(String admin, String alice) {
        putChannel(admin, "kids", List.of("kids-app"));
        putChannel(admin, "news", List.of("news-app"));
        ok(web.put()
                .uri("/api/v1/reviewers/vera")
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("disciplines", List.of("天文"), "conflicts", List.of()))
                .exchange());
        String moon = upload(alice, "月相变化", "天文", "# 月相\n\n月亮本身不发光，我们看到的是它反射的太阳光。\n\n月相变化的周期约为29.5天。\n");
        String kidsApp = token("kids-app", "outlet");
        String newsApp = token("news-app", "outlet");

        Map<String, Object> work = awaitStatus(alice, moon, "IN_REVIEW");
        assertThat(work.get("status")).isEqualTo("IN_REVIEW");
        String vera = token("vera", "reviewer");
        // vera takes the work on, should screening have finished before she was known.
        web.post()
                .uri("/api/v1/review/queue")
                .headers(h -> h.setBearerAuth(vera))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        List<Map<String, Object>> versions = (List<Map<String, Object>>) work.get("versions");
        Map<String, Object> decision = Map.of(
                "version",
                work.get("currentVersion"),
                "digest",
                versions.get(versions.size() - 1).get("digest"),
                "decision",
                "APPROVE",
                "summary",
                "准确");
        ok(web.post()
                .uri("/api/v1/works/{id}/reviews", moon)
                .headers(h -> h.setBearerAuth(vera))
                .bodyValue(decision)
                .exchange());
        String editor = token("ed", "editor");
        Map<String, Object> published = ok(web.post()
                .uri("/api/v1/works/{id}/publication", moon)
                .headers(h -> h.setBearerAuth(editor))
                .bodyValue(Map.of("channels", List.of("kids")))
                .exchange());
        assertThat(published.get("status")).isEqualTo("PUBLISHED");

        awaitFound(kidsApp, "/api/v1/search?q=月相", moon);
        assertThat(ids(get(kidsApp, "/api/v1/search?q=月相"), "hits")).containsExactly(moon);
        assertThat(ids(get(newsApp, "/api/v1/search?q=月相"), "hits")).isEmpty();
        // Drafts stay hidden from outlets, and outlets still cannot read a work itself.
        assertThat(ids(get(kidsApp, "/api/v1/search?q=碳中和"), "hits")).isEmpty();
        web.get()
                .uri("/api/v1/works/{id}", moon)
                .headers(h -> h.setBearerAuth(kidsApp))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .returnResult();

        ok(web.post()
                .uri("/api/v1/works/{id}/retraction", moon)
                .headers(h -> h.setBearerAuth(editor))
                .bodyValue(Map.of("reason", "数据需要更新"))
                .exchange());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (ids(get(kidsApp, "/api/v1/search?q=月相"), "hits").contains(moon)
                && Instant.now().isBefore(deadline)) {
            sleep();
        }
        assertThat(ids(get(kidsApp, "/api/v1/search?q=月相"), "hits")).isEmpty();
    }

    private void putChannel(String admin, String name, List<String> outlets) {
        web.put()
                .uri("/api/v1/channels/{channel}", name)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", name, "outlets", outlets))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
    }

    /** Polls the work as its owner sees it until it has the status; returns the last state seen. */
    private Map<String, Object> awaitStatus(String owner, String id, String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Map<String, Object> work = get(owner, "/api/v1/works/" + id);
        while (!status.equals(work.get("status")) && Instant.now().isBefore(deadline)) {
            sleep();
            work = get(owner, "/api/v1/works/" + id);
        }
        return work;
    }

    private static Map<String, Object> ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .is2xxSuccessful()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    String token(String sub, String role) {
        return DevTokens.token(web, sub, role);
    }

    private String upload(String token, String title, String topic, String markdown) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part(
                "metadata",
                "{\"title\":\"" + title + "\",\"kind\":\"article\",\"topics\":[\"" + topic + "\"]}",
                MediaType.APPLICATION_JSON);
        parts.part("file", new ByteArrayResource(markdown.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "article.md";
            }
        });
        return (String) web.post()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(token))
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody()
                .get("id");
    }

    /** Text arrives in the index once extracted; metadata is there at once. */
    private void awaitFound(String token, String uri, String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!ids(get(token, uri), "hits").contains(id) && Instant.now().isBefore(deadline)) {
            sleep();
        }
    }

    Map<String, Object> get(String token, String uri) {
        return web.get()
                .uri(uri)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> hits(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("hits");
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> page, String key) {
        return ((List<Map<String, Object>>) page.get(key))
                .stream().map(item -> (String) item.get("id")).toList();
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
