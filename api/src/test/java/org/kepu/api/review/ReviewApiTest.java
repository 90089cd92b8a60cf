package org.kepu.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.api.testing.KepuClient.LIST;
import static org.kepu.api.testing.KepuClient.MAP;
import static org.kepu.api.testing.KepuClient.assignees;
import static org.kepu.api.testing.KepuClient.decision;
import static org.kepu.api.testing.KepuClient.review;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The review pipeline through the API in embedded mode. Each test uses its own discipline, so that
 * reviewers registered by one test are never assigned to another's works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class ReviewApiTest {

    private static final Path DATA = tempDir();
    // Each clean text is used once: the duplicate check rightly blocks a text that is already a work.
    private static final String CLEAN = "# 光的速度\n\n光速约为每秒30万公里。\n\n光从太阳到地球大约需要8分钟。\n";
    private static final String CLEAN_SOUND = "# 声音\n\n声音在空气中的传播速度约为每秒340米。\n\n所以雷声总在闪电之后传到耳边。\n";
    private static final String CLEAN_MOON = "# 月相\n\n月亮本身不发光，我们看到的是它反射的太阳光。\n\n从新月到满月再回到新月，大约要一个月。\n";
    private static final String CLEAN_WATER = "# 水\n\n在标准大气压下，水的沸点是100摄氏度。\n\n冰在0摄氏度时开始融化。\n";

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) {
        registry.add("kepu.data-dir", DATA::toString);
        registry.add("kepu.extraction.timeout", () -> "30s");
        registry.add("kepu.review.schedule-scan-interval", () -> "1s");
        registry.add("kepu.review.assign-interval", () -> "1s");
        registry.add("kepu.review.events-poll-interval", () -> "200ms");
    }

    @Autowired
    WebTestClient web;

    private KepuClient kepu;
    private String admin;
    private String editor;

    @BeforeEach
    void people() {
        kepu = new KepuClient(web);
        admin = kepu.token("adam", "admin");
        editor = kepu.token("ed", "editor");
        kepu.channels(admin, "kepu", "weibo", "health");
    }

    @Test
    void aWorkIsScreenedAssignedApprovedPublishedAndRetractedWithAVerifiableTrail() {
        kepu.registerReviewer(admin, "rita", List.of("光学"), List.of());
        kepu.registerReviewer(admin, "carl", List.of("光学"), List.of("alice"));
        String alice = kepu.token("alice", "creator", "reviewer");
        String rita = kepu.token("rita", "reviewer");
        String id = kepu.upload(alice, metadata("光学", false), CLEAN);

        Map<String, Object> work = kepu.awaitStatus(alice, id, "IN_REVIEW");
        assertThat(work.get("status")).isEqualTo("IN_REVIEW");
        assertThat(assignees(work))
                .as("never the creator, never a declared conflict")
                .containsExactly("rita");
        assertThat(review(work)).containsEntry("requiredApprovals", 1).containsEntry("openBlockers", 0);
        List<Map<String, Object>> findings = kepu.get(alice, "/api/v1/works/" + id + "/versions/1/findings")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        assertThat(findings).noneMatch(f -> "BLOCKER".equals(f.get("severity")));
        assertThat(queue(rita)).extracting(q -> q.get("id")).contains(id);

        kepu.decide(alice, id, decision(work, "APPROVE", "好"))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
        Map<String, Object> stale = decision(work, "APPROVE", "好");
        stale.put("digest", "sha256:" + "0".repeat(64));
        kepu.decide(rita, id, stale)
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.currentVersion")
                .isEqualTo(1);
        kepu.post(editor, "/api/v1/works/" + id + "/publication", Map.of("channels", List.of("kepu")))
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.currentStatus")
                .isEqualTo("IN_REVIEW");

        Map<String, Object> approved = kepu.decide(rita, id, decision(work, "APPROVE", "数据准确"))
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(approved.get("status")).isEqualTo("APPROVED");
        assertThat(review(approved)).containsEntry("approvals", 1);
        assertThat(queue(rita)).extracting(q -> q.get("id")).doesNotContain(id);

        Map<String, Object> published = kepu.post(
                        editor, "/api/v1/works/" + id + "/publication", Map.of("channels", List.of("kepu", "weibo")))
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(published.get("status")).isEqualTo("PUBLISHED");
        assertThat(review(published).get("publication").toString()).contains("kepu", "weibo", "publishedAt");
        kepu.post(editor, "/api/v1/works/" + id + "/publication", Map.of("channels", List.of("kepu")))
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(409)
                .jsonPath("$.currentStatus")
                .isEqualTo("PUBLISHED");

        kepu.post(alice, "/api/v1/works/" + id + "/retraction", Map.of("reason", "x"))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
        Map<String, Object> retracted = kepu.post(
                        editor, "/api/v1/works/" + id + "/retraction", Map.of("reason", "引用的研究已被撤稿"))
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(retracted.get("status")).isEqualTo("RETRACTED");
        assertThat(retracted.get("statusReason")).isEqualTo("引用的研究已被撤稿");

        List<Map<String, Object>> events = kepu.get(alice, "/api/v1/works/" + id + "/events")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        assertThat(events)
                .extracting(e -> e.get("type"))
                .containsExactly(
                        "upload", "extraction", "findings", "assignment", "decision", "publication", "retraction");
        assertThat(events.get(4).get("actor")).isEqualTo("rita");
        kepu.get(alice, "/api/v1/works/" + id + "/audit/verify")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.valid")
                .isEqualTo(true)
                .jsonPath("$.events")
                .isEqualTo(7);
        Map<?, ?> anchor = (Map<?, ?>) kepu.get(alice, "/api/v1/works/" + id + "/audit/verify")
                .expectBody(MAP)
                .returnResult()
                .getResponseBody()
                .get("anchor");
        assertThat(((Number) anchor.get("seq")).longValue() + ((Number) anchor.get("recorded")).longValue())
                .as("the latest manifest follows the trail up to its own events, which end it")
                .isEqualTo(7);

        List<ServerSentEvent<Map<String, Object>>> streamed = web.get()
                .uri("/api/v1/works/{id}/events", id)
                .headers(h -> h.setBearerAuth(alice))
                .header("Last-Event-ID", "2")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {})
                .getResponseBody()
                .take(5)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(streamed).extracting(ServerSentEvent::id).containsExactly("3", "4", "5", "6", "7");
        assertThat(streamed).extracting(ServerSentEvent::event).contains("decision", "retraction");
    }

    @Test
    void fiftyConcurrentConflictingDecisionsApplyOnceAndTheRestAre409() throws Exception {
        kepu.registerReviewer(admin, "tom", List.of("天文"), List.of());
        String alice = kepu.token("alice", "creator");
        String tom = kepu.token("tom", "reviewer");
        String id = kepu.upload(alice, metadata("天文", false), "# 月球\n\n月球是地球唯一的天然卫星。\n");
        // read as staff: creators do not see who reviews their works
        Map<String, Object> work = kepu.awaitStatus(editor, id, "IN_REVIEW");
        assertThat(assignees(work)).containsExactly("tom");

        String[] verdicts = {"APPROVE", "REQUEST_CHANGES", "REJECT"};
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Map<String, Object> d = decision(work, verdicts[i % 3], "第" + i + "个决定");
                statuses.add(pool.submit(() -> {
                    start.await();
                    return kepu.decide(tom, id, d)
                            .expectBody(String.class)
                            .returnResult()
                            .getStatus()
                            .value();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).filteredOn(c -> c == 201).hasSize(1);
            assertThat(codes).filteredOn(c -> c == 409).hasSize(49);
        } finally {
            pool.shutdownNow();
        }

        Map<String, Object> after = kepu.work(alice, id);
        assertThat((List<?>) review(after).get("decisions")).hasSize(1);
        assertThat(after.get("status")).isIn("APPROVED", "CHANGES_REQUESTED", "REJECTED");
        List<Map<String, Object>> events = kepu.get(alice, "/api/v1/works/" + id + "/events")
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        assertThat(events).filteredOn(e -> "decision".equals(e.get("type"))).hasSize(1);
        kepu.get(alice, "/api/v1/works/" + id + "/audit/verify")
                .expectBody()
                .jsonPath("$.valid")
                .isEqualTo(true);
    }

    @Test
    void healthWorksNeedTwoApprovalsANewVersionVoidsThemAndAScheduleIsCarriedOut() {
        kepu.registerReviewer(admin, "dora", List.of("医学"), List.of());
        kepu.registerReviewer(admin, "nina", List.of("医学"), List.of());
        String alice = kepu.token("alice", "creator");
        String dora = kepu.token("dora", "reviewer");
        String nina = kepu.token("nina", "reviewer");
        String v1 = "# 洗手\n\n用肥皂和流动水洗手至少20秒。\n\n洗手可以减少病菌传播。\n";
        String id = kepu.upload(alice, metadata("医学", false), v1);
        Map<String, Object> work = kepu.awaitStatus(editor, id, "IN_REVIEW");
        assertThat(work.get("status")).isEqualTo("IN_REVIEW");
        assertThat(review(work)).containsEntry("requiredApprovals", 2);
        assertThat(assignees(work)).containsExactlyInAnyOrder("dora", "nina");

        Map<String, Object> first = kepu.decide(dora, id, decision(work, "APPROVE", "准确"))
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(first.get("status")).isEqualTo("IN_REVIEW");
        kepu.post(editor, "/api/v1/works/" + id + "/publication", Map.of("channels", List.of("health")))
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .returnResult();

        kepu.uploadVersion(alice, id, v1.replace("20秒", "20秒以上") + "\n参考：国家卫生健康委员会。\n");
        Map<String, Object> revised =
                kepu.await(alice, id, w -> w.get("currentVersion").equals(2) && "IN_REVIEW".equals(w.get("status")));
        assertThat(revised.get("status")).isEqualTo("IN_REVIEW");
        assertThat(review(revised)).containsEntry("approvals", 0);
        kepu.decide(nina, id, decision(work, "APPROVE", "准确"))
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.currentVersion")
                .isEqualTo(2);
        Map<String, Object> diff = kepu.get(dora, "/api/v1/works/" + id + "/diff?from=1&to=2")
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(diff.get("chunks").toString())
                .contains("op=DELETE", "用肥皂和流动水洗手至少20秒。")
                .contains("op=INSERT", "用肥皂和流动水洗手至少20秒以上。", "参考：国家卫生健康委员会。");

        kepu.decide(dora, id, decision(revised, "APPROVE", "准确"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        kepu.decide(nina, id, decision(revised, "APPROVE", "准确"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        Instant at = Instant.now().plusSeconds(2);
        Map<String, Object> scheduled = kepu.post(
                        editor,
                        "/api/v1/works/" + id + "/publication",
                        Map.of("channels", List.of("health"), "publishAt", at.toString()))
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(scheduled.get("status")).isEqualTo("SCHEDULED");
        Map<String, Object> published = kepu.awaitStatus(alice, id, "PUBLISHED");
        assertThat(published.get("status")).isEqualTo("PUBLISHED");
        assertThat(review(published).get("publication").toString()).contains("publishedAt");
    }

    @Test
    void blockersSendTheWorkBackToItsCreatorWithTheFindings() {
        String alice = kepu.token("alice", "creator");
        String id = kepu.upload(alice, metadata("声学", false), "# 声音\n\n声速约为每秒3400米。\n");
        Map<String, Object> work = kepu.awaitStatus(alice, id, "CHANGES_REQUESTED");
        assertThat(work.get("status")).isEqualTo("CHANGES_REQUESTED");
        assertThat((Integer) review(work).get("openBlockers")).isPositive();
        assertThat(assignees(work)).isEmpty();
        kepu.get(alice, "/api/v1/works/" + id + "/versions/1/findings")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.severity == 'BLOCKER')].rule")
                .isEqualTo("value.speed_of_sound");
        kepu.post(editor, "/api/v1/works/" + id + "/publication", Map.of("channels", List.of("kepu")))
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .returnResult();
    }

    @Test
    void emergencyWorksComeFirstInTheQueueWithADeadline() {
        String alice = kepu.token("alice", "creator");
        String ordinary = kepu.upload(alice, metadata("地震", false), "# 地震\n\n地震波分为纵波和横波。\n");
        String urgent = kepu.upload(alice, metadata("地震", true), "# 地震避险\n\n地震时应就近躲避在坚固的桌子下。\n");
        kepu.awaitStatus(alice, ordinary, "IN_REVIEW");
        kepu.awaitStatus(alice, urgent, "IN_REVIEW");

        // Nobody reviewed 地震 yet: the first reviewer with that discipline in the token takes both on.
        String eva = kepu.token("eva", List.of("地震"), "reviewer");
        Object revision = kepu.work(editor, urgent).get("revision");
        assertThat(queue(eva)).as("reading the queue takes nothing on").isEmpty();
        assertThat(kepu.work(editor, urgent)).containsEntry("revision", revision);
        kepu.get(admin, "/api/v1/reviewers/eva")
                .expectStatus()
                .isNotFound()
                .expectBody()
                .returnResult();

        List<Map<String, Object>> queue = kepu.takeOn(eva);
        assertThat(queue).extracting(q -> q.get("id")).containsExactly(urgent, ordinary);
        assertThat(queue(eva)).isEqualTo(queue);
        assertThat(queue.get(0)).containsEntry("emergency", true).containsKey("deadline");
        assertThat(queue.get(1)).doesNotContainKey("deadline");
        assertThat(assignees(kepu.work(editor, urgent))).containsExactly("eva");
        kepu.get(admin, "/api/v1/reviewers/eva")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.disciplines[0]")
                .isEqualTo("地震");
    }

    @Test
    void aReviewerRegisteredAfterScreeningIsOfferedTheWorkWithoutAsking() {
        String alice = kepu.token("alice", "creator");
        String id = kepu.upload(alice, metadata("天文", false), CLEAN_MOON);
        Map<String, Object> screened = kepu.awaitStatus(editor, id, "IN_REVIEW");
        assertThat(assignees(screened)).as("nobody reviews 天文 yet").isEmpty();

        kepu.registerReviewer(admin, "tina", List.of("天文"), List.of());

        Map<String, Object> offered = kepu.await(editor, id, w -> !assignees(w).isEmpty());
        assertThat(assignees(offered)).containsExactly("tina");
        assertThat(queue(kepu.token("tina", "reviewer")))
                .extracting(q -> q.get("id"))
                .containsExactly(id);
        List<Map<String, Object>> events = kepu.get(editor, "/api/v1/works/" + id + "/events")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        assertThat(events)
                .filteredOn(e -> "assignment".equals(e.get("type")))
                .anySatisfy(e -> assertThat(e.get("data"))
                        .isEqualTo(Map.of("reviewers", List.of("tina"), "requiredApprovals", 1)));
    }

    @Test
    void badInputIsAlwaysAProblemDocumentNeverA500() {
        String alice = kepu.token("alice", "creator");
        String rita = kepu.token("rita", "reviewer");
        String outlet = kepu.token("olga", "outlet");
        String id = kepu.upload(alice, metadata("bad-input", false), CLEAN_SOUND);
        String reviews = "/api/v1/works/" + id + "/reviews";

        problem(
                web.post()
                        .uri(reviews)
                        .headers(h -> h.setBearerAuth(rita))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{not json")
                        .exchange(),
                HttpStatus.BAD_REQUEST);
        problem(
                kepu.post(rita, reviews, Map.of("version", 1, "digest", "sha256:x", "decision", "MAYBE")),
                HttpStatus.BAD_REQUEST);
        problem(kepu.post(rita, reviews, Map.of("version", "one")), HttpStatus.BAD_REQUEST);
        problem(kepu.post(rita, reviews, Map.of()), HttpStatus.UNPROCESSABLE_CONTENT)
                .jsonPath("$.errors[?(@.field == 'decision')]")
                .exists();
        problem(kepu.post(rita, "/api/v1/works/" + id + "/publication", Map.of()), HttpStatus.FORBIDDEN);
        problem(
                kepu.post(editor, "/api/v1/works/" + id + "/publication", Map.of("channels", List.of())),
                HttpStatus.UNPROCESSABLE_CONTENT);
        problem(
                kepu.post(
                        editor,
                        "/api/v1/works/" + id + "/publication",
                        Map.of("channels", List.of("kepu"), "publishAt", "tomorrow")),
                HttpStatus.BAD_REQUEST);
        problem(kepu.post(editor, "/api/v1/works/" + id + "/retraction", Map.of()), HttpStatus.UNPROCESSABLE_CONTENT);
        problem(kepu.post(editor, "/api/v1/works/" + id + "/retraction", Map.of("reason", "过时")), HttpStatus.CONFLICT)
                .jsonPath("$.currentStatus")
                .exists();
        problem(kepu.get(rita, "/api/v1/works/" + id + "/diff?from=a&to=2"), HttpStatus.BAD_REQUEST);
        problem(kepu.get(rita, "/api/v1/works/" + id + "/diff?from=1&to=9"), HttpStatus.NOT_FOUND);
        problem(kepu.get(rita, "/api/v1/works/" + id + "/versions/7/findings"), HttpStatus.NOT_FOUND);
        problem(kepu.get(alice, "/api/v1/review/queue"), HttpStatus.FORBIDDEN);
        problem(
                web.put()
                        .uri("/api/v1/reviewers/rita")
                        .headers(h -> h.setBearerAuth(rita))
                        .bodyValue(Map.of("disciplines", List.of("x")))
                        .exchange(),
                HttpStatus.FORBIDDEN);
        problem(
                web.put()
                        .uri("/api/v1/reviewers/rita")
                        .headers(h -> h.setBearerAuth(admin))
                        .bodyValue(Map.of("disciplines", List.of(""), "conflicts", List.of("a/b")))
                        .exchange(),
                HttpStatus.UNPROCESSABLE_CONTENT);

        problem(kepu.post(outlet, "/api/v1/checks", Map.of("text", "光速")), HttpStatus.FORBIDDEN);
        problem(kepu.post(alice, "/api/v1/checks", Map.of()), HttpStatus.UNPROCESSABLE_CONTENT);
        problem(kepu.post(alice, "/api/v1/checks", Map.of("text", "   ")), HttpStatus.UNPROCESSABLE_CONTENT);
        web.post()
                .uri("/api/v1/checks")
                .headers(h -> h.setBearerAuth(alice))
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("声速约为每秒3400米。")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.hasBlocker")
                .isEqualTo(true)
                .jsonPath("$.findings[0].rule")
                .isEqualTo("value.speed_of_sound");
        kepu.post(rita, "/api/v1/checks", Map.of("text", CLEAN_WATER))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.hasBlocker")
                .isEqualTo(false);
    }

    private List<Map<String, Object>> queue(String reviewer) {
        return kepu.get(reviewer, "/api/v1/review/queue")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
    }

    private static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, HttpStatus status) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status.value());
    }

    private static String metadata(String topic, boolean emergency) {
        return "{\"title\":\"科普\",\"kind\":\"article\",\"topics\":[\"" + topic + "\"],\"audiences\":[\"public\"],"
                + "\"license\":\"CC BY 4.0\",\"references\":[\"《科学》\"],\"emergency\":" + emergency + "}";
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kepu-review-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
