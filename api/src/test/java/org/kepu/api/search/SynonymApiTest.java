package org.kepu.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.api.testing.DevTokens.token;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.index.WorkDocuments;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Synonyms added at run time by admins, and searches that explain why each hit matched. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class SynonymApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-synonyms").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    SearchIndex index;

    @Autowired
    WorkDocuments documents;

    private WebTestClient.ResponseSpec send(String method, String token, Object body) {
        return web.method(HttpMethod.valueOf(method))
                .uri("/api/v1/admin/synonyms")
                .headers(h -> h.setBearerAuth(token))
                .bodyValue(body)
                .exchange();
    }

    private Map<String, Object> search(String token, String query) {
        return web.get()
                .uri(u -> u.path("/api/v1/search")
                        .queryParam("q", query)
                        .queryParam("explain", "true")
                        .build())
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> hits(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("hits");
    }

    @Test
    void anAdminAddsASynonymThatSearchesUseAndExplainAtOnce() {
        String admin = token(web, "root", "admin");
        String editor = token(web, "ed", "editor");
        index.index(documents.of(aPublishedWork("sweet", "红薯的营养"), Optional.of("红薯富含膳食纤维，蒸煮都好吃。")));
        index.index(documents.of(aPublishedWork("tw", "防毒"), Optional.of("下載軟體之前，先用防毒軟體掃描。")));
        index.refresh();
        assertThat(hits(search(editor, "地瓜"))).isEmpty();

        Map<String, Object> added = send("POST", admin, Map.of("rules", List.of("番薯,红薯,地瓜")))
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(added.get("rules")).isEqualTo(List.of("番薯,红薯,地瓜"));

        List<Map<String, Object>> hits = hits(search(editor, "地瓜"));
        assertThat(hits).extracting(h -> h.get("id")).containsExactly("sweet");
        assertThat(hits.get(0).get("explain"))
                .isEqualTo(
                        List.of(Map.of("word", "地瓜", "via", "synonym", "term", "红薯", "found", "红薯", "field", "title")));

        List<Map<String, Object>> regional = hits(search(editor, "软件"));
        assertThat(regional.get(0).get("explain"))
                .isEqualTo(
                        List.of(Map.of("word", "软件", "via", "variant", "term", "软件", "found", "軟體", "field", "text")));

        // the list is corrected by replacing it: the rule is gone
        send("PUT", admin, Map.of("rules", List.of()))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        assertThat(hits(search(editor, "地瓜"))).isEmpty();
    }

    @Test
    void withoutExplainHitsCarryNoExplanation() {
        String editor = token(web, "ed", "editor");
        index.index(documents.of(aPublishedWork("potato", "马铃薯"), Optional.of("马铃薯发芽后不能吃。")));
        index.refresh();
        Map<String, Object> result = web.get()
                .uri("/api/v1/search?q=土豆")
                .headers(h -> h.setBearerAuth(editor))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(hits(result)).extracting(h -> h.get("id")).containsExactly("potato");
        assertThat(hits(result).get(0)).doesNotContainKey("explain");
    }

    @Test
    void aMalformedRuleIsAProblemAndOnlyAdminsManageTheList() {
        String admin = token(web, "root", "admin");
        String editor = token(web, "ed", "editor");

        Map<String, Object> problem = send("POST", admin, Map.of("rules", List.of("土豆")))
                .expectStatus()
                .isEqualTo(422)
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(problem.get("detail").toString()).contains("two words");
        send("POST", editor, Map.of("rules", List.of("番薯,红薯")))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
        web.get()
                .uri("/api/v1/admin/synonyms")
                .headers(h -> h.setBearerAuth(editor))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
    }

    private static Work aPublishedWork(String id, String title) {
        WorkMetadata metadata = new WorkMetadata(
                title, "", "article", List.of("food"), List.of("public"), "CC BY 4.0", List.of(), false);
        Instant now = Instant.now();
        return new Work(id, 1, "alice", metadata, WorkStatus.PUBLISHED, null, List.of(), null, now, now);
    }
}
