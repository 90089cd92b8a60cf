package org.kepu.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.kepu.api.testing.KepuClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Search as people use it, the same against embedded Lucene and against Elasticsearch. */
final class SearchScenario {

    private final WebTestClient web;
    private final KepuClient client;

    SearchScenario(WebTestClient web) {
        this.web = web;
        this.client = new KepuClient(web);
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
        Map<String, Object> progress =
                KepuClient.until(() -> get(root, "/api/v1/admin/reindex"), p -> "DONE".equals(p.get("state")));
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
    private void outlets(String admin, String alice) {
        client.channel(admin, "kids", "kids", false, List.of("kids-app"));
        client.channel(admin, "news", "news", false, List.of("news-app"));
        client.registerReviewer(admin, "vera", List.of("天文"), List.of());
        String moon = upload(alice, "月相变化", "天文", "# 月相\n\n月亮本身不发光，我们看到的是它反射的太阳光。\n\n月相变化的周期约为29.5天。\n");
        String kidsApp = token("kids-app", "outlet");
        String newsApp = token("news-app", "outlet");

        client.approve(alice, token("vera", "reviewer"), moon);
        String editor = token("ed", "editor");
        Map<String, Object> published = client.publish(editor, moon, List.of("kids"), null);
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

        KepuClient.ok(web.post()
                .uri("/api/v1/works/{id}/retraction", moon)
                .headers(h -> h.setBearerAuth(editor))
                .bodyValue(Map.of("reason", "数据需要更新"))
                .exchange());
        assertThat(KepuClient.until(() -> ids(get(kidsApp, "/api/v1/search?q=月相"), "hits"), List::isEmpty))
                .isEmpty();
    }

    String token(String sub, String role) {
        return client.token(sub, role);
    }

    private String upload(String token, String title, String topic, String markdown) {
        return client.upload(
                token, "{\"title\":\"" + title + "\",\"kind\":\"article\",\"topics\":[\"" + topic + "\"]}", markdown);
    }

    /** Text arrives in the index once extracted; metadata is there at once. */
    private void awaitFound(String token, String uri, String id) {
        KepuClient.until(() -> ids(get(token, uri), "hits"), hits -> hits.contains(id));
    }

    Map<String, Object> get(String token, String uri) {
        return client.get(token, uri)
                .expectStatus()
                .isOk()
                .expectBody(KepuClient.MAP)
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
}
