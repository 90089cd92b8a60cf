package org.kepu.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.api.testing.KepuClient.LIST;
import static org.kepu.api.testing.KepuClient.MAP;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Duplicate findings name the other work only to those who may read it: its creator, and reviewers,
 * editors and admins. Everyone else learns that a near-duplicate exists, not whose or which.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class DuplicateFindingsApiTest {

    private static final String TITLE = "城市内涝应急手册";
    private static final String DATE_LINE = "2023年5月31日";
    private static final String DRAFT = "# 城市内涝\n\n" + DATE_LINE + "\n\n暴雨来临前，应检查住所周围的排水沟是否通畅，把贵重物品搬到高处。"
            + "遇到积水较深的路段，不要冒险涉水通行，更不要在地下通道和涵洞里停留。"
            + "如果车辆在水中熄火，应立即下车，转移到地势较高的安全地带。\n";

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-duplicates").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.extraction.timeout", () -> "30s");
    }

    @Autowired
    WebTestClient web;

    @Test
    void anotherCreatorLearnsThatADuplicateExistsButNotWhoseOrWhich() {
        KepuClient kepu = new KepuClient(web);
        String alice = kepu.token("alice", "creator");
        String bob = kepu.token("bob", "creator");
        String rita = kepu.token("rita", "reviewer");
        String draft = kepu.upload(alice, metadata(TITLE), DRAFT);
        awaitDuplicateFound(kepu, rita);

        String told = check(kepu, bob, DRAFT);
        assertThat(told).contains("duplicate.near").contains("BLOCKER").contains("另一件作品");
        assertThat(told).doesNotContain(TITLE).doesNotContain(draft);
        // One line of the draft is not a duplicate of it.
        assertThat(check(kepu, bob, DATE_LINE)).doesNotContain("duplicate.near");
        // Her own work, and any work for a reviewer, is named.
        assertThat(check(kepu, alice, DRAFT)).contains(TITLE).contains(draft);
        assertThat(check(kepu, rita, DRAFT)).contains(TITLE).contains(draft);

        String copy = kepu.upload(bob, metadata("我的防汛笔记"), DRAFT);
        Map<String, Object> screened = kepu.await(bob, copy, w -> !"PROCESSING".equals(w.get("status")));
        assertThat(screened.get("status")).isEqualTo("CHANGES_REQUESTED");
        String bobsFindings = findings(kepu, bob, copy);
        assertThat(bobsFindings)
                .contains("duplicate.near")
                .doesNotContain(TITLE)
                .doesNotContain(draft);
        assertThat(findings(kepu, rita, copy)).contains(TITLE).contains(draft);
    }

    @Test
    void aReviewerWithAConflictLearnsThatADuplicateExistsButNotWhichDraftOfThatCreator() {
        KepuClient kepu = new KepuClient(web);
        String admin = kepu.token("adam", "admin");
        String carol = kepu.token("carol", "creator");
        String rex = kepu.token("rex", "reviewer");
        String vera = kepu.token("vera", "reviewer");
        kepu.registerReviewer(admin, "vera", List.of("天文"), List.of("carol"));
        String text = DRAFT.replace("城市内涝", "山区洪水");
        String draft = kepu.upload(carol, metadata("山洪避险指南"), text);
        assertThat(KepuClient.until(() -> check(kepu, rex, text), found -> found.contains(draft)))
                .contains(draft)
                .contains("山洪避险指南");

        String told = check(kepu, vera, text);
        assertThat(told).contains("duplicate.near").doesNotContain(draft).doesNotContain("山洪避险指南");
    }

    private static String metadata(String title) {
        return "{\"title\":\"" + title + "\",\"kind\":\"article\",\"topics\":[\"防汛\"],\"license\":\"CC BY 4.0\"}";
    }

    /** The draft is found once its text is extracted and indexed. */
    private static void awaitDuplicateFound(KepuClient kepu, String reviewer) {
        assertThat(KepuClient.until(() -> check(kepu, reviewer, DRAFT), found -> found.contains(TITLE)))
                .contains(TITLE);
    }

    private static String check(KepuClient kepu, String token, String text) {
        Map<String, Object> result = kepu.post(token, "/api/v1/checks", Map.of("text", text))
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        return String.valueOf(result);
    }

    private static String findings(KepuClient kepu, String token, String id) {
        List<Map<String, Object>> findings = kepu.get(token, "/api/v1/works/" + id + "/versions/1/findings")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        return String.valueOf(findings);
    }
}
