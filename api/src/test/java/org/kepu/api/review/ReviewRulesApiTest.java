package org.kepu.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.api.testing.KepuClient.LIST;
import static org.kepu.api.testing.KepuClient.MAP;
import static org.kepu.api.testing.KepuClient.assignees;
import static org.kepu.api.testing.KepuClient.decision;
import static org.kepu.api.testing.KepuClient.review;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.kepu.review.deadlines.Deadlines;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Review rules a creator cannot game, through the API in embedded mode: approvals from the text,
 * conflicts checked again at decision time and hiding drafts, and reviewers replaced after the deadline.
 * Each test uses its own disciplines, so that one test's reviewers never take another's works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class ReviewRulesApiTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        OffsetClock offsetClock() {
            return new OffsetClock();
        }
    }

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-review-rules").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.extraction.timeout", () -> "30s");
        registry.add("kepu.review.deadline", () -> "P3D");
        // the tests run the sweep themselves, after moving the clock
        registry.add("kepu.review.deadline-sweep-interval", () -> "1h");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    OffsetClock clock;

    @Autowired
    Clock injected;

    @Autowired
    Deadlines deadlines;

    private KepuClient kepu;
    private String admin;
    private String editor;

    @BeforeEach
    void people() {
        kepu = new KepuClient(web);
        admin = kepu.token("adam", "admin");
        editor = kepu.token("ed", "editor");
    }

    @Test
    void aWorkDeclaredAsTechButWrittenAboutVaccinesNeedsTwoApprovals() {
        kepu.registerReviewer(admin, "tara", List.of("半导体"), List.of());
        kepu.registerReviewer(admin, "theo", List.of("半导体"), List.of());
        String alice = kepu.token("alice", "creator");
        String tara = kepu.token("tara", "reviewer");
        String theo = kepu.token("theo", "reviewer");
        String id = kepu.upload(alice, metadata("半导体"), "# 医疗芯片\n\n植入式芯片能持续记录患者的心率。\n\n医生根据这些数据调整治疗方案。\n");

        Map<String, Object> work = kepu.awaitStatus(alice, id, "IN_REVIEW");
        assertThat(review(work)).containsEntry("requiredApprovals", 2);
        assertThat(assignees(kepu.work(editor, id))).containsExactlyInAnyOrder("tara", "theo");
        assertThat(review(work).get("findings").toString()).contains("sensitiveTerms=[患者, 医生, 治疗]");

        Map<String, Object> once = kepu.decide(tara, id, decision(work, "APPROVE", "准确"))
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(once.get("status")).isEqualTo("IN_REVIEW");
        Map<String, Object> twice = kepu.decide(theo, id, decision(work, "APPROVE", "准确"))
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(twice.get("status")).isEqualTo("APPROVED");
    }

    @Test
    void aConflictDeclaredAfterAssignmentRefusesTheDecisionMovesTheWorkAndHidesTheDrafts() {
        kepu.registerReviewer(admin, "cora", List.of("气象"), List.of());
        String bob = kepu.token("bob", "creator");
        String cora = kepu.token("cora", "reviewer");
        String cole = kepu.token("cole", "reviewer");
        String id = kepu.upload(bob, metadata("气象"), "# 云\n\n积雨云能长到十几公里高。\n\n云的高度常用云底高度来描述。\n");
        Map<String, Object> work = kepu.awaitStatus(bob, id, "IN_REVIEW");
        assertThat(assignees(kepu.work(editor, id))).containsExactly("cora");
        kepu.get(cora, "/api/v1/works/" + id).expectStatus().isOk().expectBody().returnResult();

        kepu.registerReviewer(admin, "cole", List.of("气象"), List.of());
        kepu.registerReviewer(admin, "cora", List.of("气象"), List.of("bob"));
        kepu.decide(cora, id, decision(work, "APPROVE", "好"))
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat(d.toString()).contains("conflict of interest"));

        Map<String, Object> moved = kepu.work(editor, id);
        assertThat(assignees(moved)).containsExactly("cole");
        assertThat(events(bob, id))
                .filteredOn(e -> "reassignment".equals(e.get("type")))
                .singleElement()
                .satisfies(e -> assertThat(data(e))
                        .containsEntry("from", "cora")
                        .containsEntry("to", "cole")
                        .containsEntry("reason", "conflict"));

        // Cora can no longer read Bob's draft, by any route; Cole still can.
        for (String path : List.of(
                "", "/versions/1/text", "/versions/1/file", "/versions/1/findings", "/diff?from=1&to=1", "/events")) {
            kepu.get(cora, "/api/v1/works/" + id + path)
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .returnResult();
            kepu.get(cole, "/api/v1/works/" + id + path)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult();
        }
        kepu.decide(cora, id, decision(work, "APPROVE", "好"))
                .expectStatus()
                .isNotFound()
                .expectBody()
                .returnResult();
        // Nor find it: search and the listing leave it out for her, not for Cole.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> found(cole, "/api/v1/search?q=积雨云").contains(id));
        assertThat(found(cora, "/api/v1/search?q=积雨云")).doesNotContain(id);
        assertThat(found(cora, "/api/v1/works?size=100")).doesNotContain(id);
        assertThat(found(cole, "/api/v1/works?size=100")).contains(id);

        // Once published the work is public, so the conflict no longer hides it.
        kepu.decide(cole, id, decision(work, "APPROVE", "数据准确"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        kepu.channels(admin, "rules");
        kepu.post(editor, "/api/v1/works/" + id + "/publication", Map.of("channels", List.of("rules")))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        kepu.get(cora, "/api/v1/works/" + id).expectStatus().isOk().expectBody().returnResult();
    }

    @Test
    void reviewersPastTheDeadlineAreReplacedOrReportedOverdueAndTheEditorSeesBoth() {
        assertThat(injected).isSameAs(clock);
        kepu.registerReviewer(admin, "dina", List.of("古生物"), List.of());
        kepu.registerReviewer(admin, "erin", List.of("恐龙"), List.of());
        String carol = kepu.token("carol", "creator");
        String dave = kepu.token("dave", "reviewer");
        String dina = kepu.token("dina", "reviewer");
        String movable = kepu.upload(carol, metadata("古生物"), "# 化石\n\n化石是保存在岩层中的古代生物遗体或遗迹。\n");
        String stuck = kepu.upload(carol, metadata("恐龙"), "# 恐龙\n\n鸟类是恐龙的后代，始祖鸟身上既有羽毛也有牙齿。\n");
        kepu.awaitStatus(carol, movable, "IN_REVIEW");
        assertThat(assignees(kepu.work(editor, movable))).containsExactly("dina");
        kepu.awaitStatus(carol, stuck, "IN_REVIEW");
        assertThat(assignees(kepu.work(editor, stuck))).containsExactly("erin");
        kepu.registerReviewer(admin, "dave", List.of("古生物"), List.of());

        assertThat(deadlines.sweep()).as("nobody is late yet").isZero();
        clock.advance(Duration.ofDays(3).plusMinutes(1));
        assertThat(deadlines.sweep()).isGreaterThanOrEqualTo(2);
        deadlines.sweep();

        assertThat(assignees(kepu.work(editor, movable))).containsExactly("dave");
        assertThat(events(editor, movable))
                .filteredOn(e -> "reassignment".equals(e.get("type")))
                .singleElement()
                .satisfies(e -> assertThat(data(e))
                        .containsEntry("from", "dina")
                        .containsEntry("to", "dave")
                        .containsEntry("reason", "deadline"));
        assertThat(queue(dina)).extracting(q -> q.get("id")).doesNotContain(movable);
        assertThat(queue(dave)).extracting(q -> q.get("id")).contains(movable);

        assertThat(assignees(kepu.work(editor, stuck)))
                .as("nobody else may take it")
                .containsExactly("erin");
        assertThat(events(editor, stuck))
                .filteredOn(e -> "review-overdue".equals(e.get("type")))
                .as("reported once, however often the sweep runs")
                .singleElement()
                .satisfies(e -> assertThat(data(e)).containsEntry("reviewer", "erin"));

        List<Map<String, Object>> overdue = kepu.get(editor, "/api/v1/review/overdue")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        assertThat(overdue).extracting(o -> o.get("id")).contains(movable, stuck);
        assertThat(overdue.stream()
                        .filter(o -> stuck.equals(o.get("id")))
                        .findFirst()
                        .orElseThrow()
                        .toString())
                .contains("reviewer=erin", "overdue=true", "overdueSince=");
        assertThat(overdue.stream()
                        .filter(o -> movable.equals(o.get("id")))
                        .findFirst()
                        .orElseThrow()
                        .toString())
                .contains("reviewer=dave", "replaces=dina", "reason=deadline", "overdue=false");
        kepu.get(dina, "/api/v1/review/overdue")
                .expectStatus()
                .isEqualTo(HttpStatus.FORBIDDEN)
                .expectBody()
                .returnResult();
    }

    private List<Map<String, Object>> events(String token, String id) {
        return kepu.get(token, "/api/v1/works/" + id + "/events")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> event) {
        return (Map<String, Object>) event.get("data");
    }

    private List<Map<String, Object>> queue(String reviewer) {
        return kepu.get(reviewer, "/api/v1/review/queue")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
    }

    private static String metadata(String topic) {
        return "{\"title\":\"科普\",\"kind\":\"article\",\"topics\":[\"" + topic + "\"],\"audiences\":[\"public\"],"
                + "\"license\":\"CC BY 4.0\",\"references\":[\"《科学》\"],\"emergency\":false}";
    }

    /** The body of a search or listing, which names the works it found. */
    private String found(String token, String uri) {
        return kepu.get(token, uri)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}
