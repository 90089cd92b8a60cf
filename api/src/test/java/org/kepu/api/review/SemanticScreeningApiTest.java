package org.kepu.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.api.testing.KepuClient.MAP;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Screening in the application matches a known rumour told in other words (semantic matching is on by
 * default, with the search module's model) and keeps a refutation of it unblocked; a work's version keeps
 * its sentence vectors in the object store, text sent to the check route does not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class SemanticScreeningApiTest {

    private static Path data;

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("kepu-semantic");
        registry.add("kepu.data-dir", data::toString);
        registry.add("kepu.screening.semantic.enabled", () -> "true");
    }

    @Autowired
    WebTestClient web;

    @Test
    void aRumourInOtherWordsIsBlockedAndItsRefutationIsNot() throws IOException {
        KepuClient kepu = new KepuClient(web);
        String carol = kepu.token("carol", "creator");
        long before = storedVectors();

        List<Map<String, Object>> asserted = findings(kepu, carol, "吃鱼被刺卡住了，赶紧大口咽一团米饭，刺就被带下去了。");
        List<Map<String, Object>> refuted = findings(kepu, carol, "网上说吞饭团能把鱼刺带下去，这是谣言，这样做可能让刺扎得更深。");

        assertThat(asserted)
                .anySatisfy(f -> assertThat(f)
                        .containsEntry("rule", "rumour.fishbone_vinegar")
                        .containsEntry("severity", "BLOCKER"));
        assertThat(refuted).noneSatisfy(f -> assertThat(f).containsEntry("severity", "BLOCKER"));
        // Text sent to the check route leaves nothing behind.
        assertThat(storedVectors()).isEqualTo(before);
    }

    @Test
    void aVersionIsBlockedForARumourInOtherWordsAndItsSentenceVectorsAreKept() throws IOException {
        KepuClient kepu = new KepuClient(web);
        String dora = kepu.token("dora", "creator");
        long before = storedVectors();
        String id = kepu.upload(
                dora,
                "{\"title\":\"鱼刺卡喉怎么办\",\"kind\":\"article\",\"license\":\"CC BY 4.0\"}",
                "# 鱼刺卡喉\n\n吃鱼被刺卡住了，赶紧大口咽一团米饭，刺就被带下去了。\n");

        Map<String, Object> work = kepu.await(dora, id, w -> !"PROCESSING".equals(w.get("status")));

        assertThat(work.get("status")).isEqualTo("CHANGES_REQUESTED");
        assertThat(kepu.get(dora, "/api/v1/works/" + id + "/versions/1/findings")
                        .expectStatus()
                        .isOk()
                        .expectBody(KepuClient.LIST)
                        .returnResult()
                        .getResponseBody())
                .anySatisfy(f -> assertThat(f)
                        .containsEntry("rule", "rumour.fishbone_vinegar")
                        .containsEntry("severity", "BLOCKER"));
        assertThat(storedVectors()).isEqualTo(before + 1);
    }

    private static long storedVectors() throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(p -> p.toString().contains("sentence-vectors")
                            && p.toString().endsWith(".i8"))
                    .count();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> findings(KepuClient kepu, String token, String text) {
        Map<String, Object> result = kepu.post(token, "/api/v1/checks", Map.of("text", text))
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        return (List<Map<String, Object>>) result.get("findings");
    }
}
