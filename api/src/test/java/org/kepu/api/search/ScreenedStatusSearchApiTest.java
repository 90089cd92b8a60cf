package org.kepu.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.kepu.search.index.Indexer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The status screening decides is searchable as soon as it is written, as uploads and decisions are, not
 * only once the outbox indexes the change: with the outbox's indexer stopped, a creator's hit still
 * follows her work out of {@code PROCESSING}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class ScreenedStatusSearchApiTest {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-screened-search").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    Indexer outbox;

    @Test
    void aScreenedWorkIsFoundWithTheStatusScreeningGaveIt() {
        outbox.close(); // from here on, only the writes made as changes are committed reach the index
        KepuClient kepu = new KepuClient(web);
        String alice = kepu.token("alice", "creator");
        String id = kepu.upload(
                alice,
                "{\"title\":\"极光\",\"kind\":\"article\",\"topics\":[\"天文\"],\"audiences\":[\"public\"],"
                        + "\"license\":\"CC BY 4.0\",\"references\":[\"《科学》\"]}",
                "# 极光\n\n极光是太阳风中的带电粒子撞击高层大气后发出的光。\n");

        String status = (String) kepu.await(alice, id, w -> !"PROCESSING".equals(w.get("status")))
                .get("status");
        assertThat(status).isNotEqualTo("PROCESSING");
        Map<String, Object> hit = KepuClient.until(() -> hit(kepu, alice, id), h -> status.equals(h.get("status")));

        assertThat(hit).containsEntry("id", id).containsEntry("status", status);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hit(KepuClient kepu, String token, String id) {
        List<Map<String, Object>> hits = (List<Map<String, Object>>)
                KepuClient.ok(kepu.get(token, "/api/v1/search?q=极光")).get("hits");
        return hits.stream().filter(h -> id.equals(h.get("id"))).findFirst().orElse(Map.of());
    }
}
