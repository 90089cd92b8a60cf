package org.kepu.api.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kepu.api.testing.KepuClient.LIST;
import static org.kepu.api.testing.KepuClient.MAP;
import static org.kepu.api.testing.KepuClient.decision;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kepu.api.review.OffsetClock;
import org.kepu.api.testing.KepuClient;
import org.kepu.review.stats.StatsReport;
import org.kepu.review.stats.StatsReport.Emergency;
import org.kepu.review.stats.StatsReport.Figures;
import org.kepu.review.stats.StatsReport.FindingCount;
import org.kepu.review.stats.StatsReport.Group;
import org.kepu.review.stats.StatsReport.OutletFigures;
import org.kepu.review.stats.StatsReport.Percentiles;
import org.kepu.review.stats.StatsReport.ReviewerLoad;
import org.kepu.review.stats.StatsReport.Turnaround;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A known history replayed through the API over four days of a moved clock: uploads, a screening that
 * blocks, decisions, a new version, publications, a retraction, an emergency work left past its deadline,
 * and an outlet reading the feed, items and a file. Then {@code GET /api/v1/stats} must answer exactly the
 * figures of that history, in JSON and CSV, for editors, and only her own for a creator. The times the
 * figures measure are read back from the works, since the clock runs on while the test does.
 */
final class StatsScenario {

    private static final String CHANNEL = "stats-kids";
    private static final String LIGHT = "# 光的速度\n\n光速约为每秒30万公里。\n\n光从太阳到地球大约需要8分钟。\n";
    private static final String SOUND = "# 声音\n\n声音在空气中的传播速度约为每秒340米。\n\n所以雷声总在闪电之后传到耳边。\n";
    private static final String WATER = "# 水\n\n在标准大气压下，水的沸点是100摄氏度。\n\n冰在0摄氏度时开始融化。\n";
    private static final String RAINBOW = "# 彩虹\n\n彩虹是阳光在水滴中折射和反射形成的。\n\n雨后背对太阳更容易看到彩虹。\n";
    private static final String WRONG_SPEED = "# 声速\n\n声速约为每秒3400米。\n";

    private final WebTestClient web;
    private final KepuClient kepu;
    private final OffsetClock clock;
    private final String admin;
    private final String editor;
    private final String alice;
    private final String bob;
    private final String carol;
    private final String vera;
    private final String walt;
    private final String outlet;

    private String article;
    private String video;
    private String blocked;
    private String emergency;

    StatsScenario(WebTestClient web, OffsetClock clock) {
        this.web = web;
        this.kepu = new KepuClient(web);
        this.clock = clock;
        admin = kepu.token("stats-admin", "admin");
        editor = kepu.token("stats-editor", "editor");
        alice = kepu.token("alice", "creator");
        bob = kepu.token("bob", "creator");
        carol = kepu.token("carol", "creator");
        vera = kepu.token("vera", "reviewer");
        walt = kepu.token("walt", "reviewer");
        outlet = kepu.token("kids-app", "outlet");
    }

    /** Replays the history; the figures are checked by the other methods. */
    StatsScenario replay() {
        web.put()
                .uri("/api/v1/channels/{channel}", CHANNEL)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("title", "少儿科普", "outlets", List.of("kids-app")))
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult();
        kepu.registerReviewer(admin, "vera", List.of("光学"), List.of());
        kepu.registerReviewer(admin, "walt", List.of("声学"), List.of());

        article = kepu.upload(alice, metadata("光学", "article", false), LIGHT);
        video = kepu.upload(bob, metadata("声学", "other", false), SOUND);
        blocked = kepu.upload(alice, metadata("声学", "article", false), WRONG_SPEED);
        emergency = kepu.upload(carol, metadata("光学", "poster", true), WATER);
        Map<String, Object> first = kepu.awaitStatus(admin, video, "IN_REVIEW");
        kepu.awaitStatus(admin, article, "IN_REVIEW");
        kepu.awaitStatus(admin, emergency, "IN_REVIEW");
        assertThat(kepu.awaitStatus(admin, blocked, "CHANGES_REQUESTED").get("status"))
                .isEqualTo("CHANGES_REQUESTED");

        clock.advance(Duration.ofDays(1));
        created(kepu.decide(walt, video, decision(first, "REQUEST_CHANGES", "数据需要出处")));
        kepu.uploadVersion(bob, video, RAINBOW);

        clock.advance(Duration.ofDays(1));
        created(kepu.decide(vera, article, decision(kepu.work(admin, article), "APPROVE", "准确")));
        Map<String, Object> second = kepu.await(
                admin, video, w -> "IN_REVIEW".equals(w.get("status")) && ((Integer) w.get("currentVersion")) == 2);
        assertThat(second.get("status")).isEqualTo("IN_REVIEW");

        clock.advance(Duration.ofDays(1));
        created(kepu.decide(walt, video, decision(second, "APPROVE", "已改正")));
        publish(article);
        publish(video);

        clock.advance(Duration.ofDays(1));
        kepu.post(editor, "/api/v1/works/" + video + "/retraction", Map.of("reason", "引用的数据已被更正"))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        // the outlet: three feed requests (one answered 304), two item requests, one download
        String etag = feed(outlet, null);
        feed(outlet, null);
        feed(outlet, etag);
        // an editor reading the feed is no outlet
        feed(editor, null);
        item();
        String href = item();
        web.get()
                .uri(URI.create(href))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        // the index takes the last changes a moment later
        Figures expected = expectedTotals();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(stats(editor, "").totals()).isEqualTo(expected));
        return this;
    }

    /** Every figure of the history, for editors. */
    void editorsSeeEveryFigure() {
        Figures expected = expectedTotals();
        assertThat(stats(editor, "").totals()).isEqualTo(expected);

        StatsReport byCreator = stats(admin, "?groupBy=creator");
        assertThat(byCreator.groupBy()).isEqualTo("creator");
        assertThat(byCreator.groups()).extracting(Group::key).containsExactly("alice", "bob", "carol");
        assertThat(byCreator.groups()).extracting(g -> g.figures().submitted()).containsExactly(2L, 1L, 1L);
        assertThat(byCreator.groups()).extracting(g -> g.figures().published()).containsExactly(1L, 1L, 0L);
        assertThat(byCreator.groups()).extracting(g -> g.figures().retracted()).containsExactly(0L, 1L, 0L);

        StatsReport byReviewer = stats(editor, "?groupBy=reviewer");
        assertThat(byReviewer.groups()).extracting(Group::key).containsExactly("(none)", "vera", "walt");
        assertThat(byReviewer.groups().get(2).figures().reviewers())
                .containsExactly(expected.reviewers().get(1));

        assertThat(stats(editor, "?topic=声学").totals().submitted()).isEqualTo(2);
        assertThat(stats(editor, "?kind=OTHER").totals().retracted()).isEqualTo(1);
        assertThat(stats(editor, "?channel=" + CHANNEL).totals().published()).isEqualTo(2);
        assertThat(stats(editor, "?discipline=光学").totals().emergency().overdue())
                .isEqualTo(1);
        String tomorrow = clock.instant().plus(Duration.ofDays(1)).toString().substring(0, 10);
        Figures nothingYet = stats(editor, "?from=" + tomorrow).totals();
        assertThat(nothingYet.submitted()).isZero();
        assertThat(nothingYet.outlets()).isEmpty();
    }

    /** The same figures as CSV: a byte order mark, a header, and one properly quoted row per figure. */
    void editorsGetTheFiguresAsCsv() {
        Figures expected = expectedTotals();
        byte[] bytes = web.get()
                .uri("/api/v1/stats")
                .headers(h -> h.setBearerAuth(editor))
                .accept(MediaType.parseMediaType("text/csv"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("text/csv;charset=UTF-8")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        List<String> lines = List.of(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("group,figure,subject,value");
        List<String> rows = new ArrayList<>();
        rows.add("(all),submitted,,4");
        rows.add("(all),published,,2");
        rows.add("(all),retracted,,1");
        rows.add("(all),turnaround.decision.samples,,2");
        rows.add("(all),turnaround.decision.p50Seconds,,"
                + expected.turnaround().toDecision().p50Seconds());
        rows.add("(all),turnaround.decision.p90Seconds,,"
                + expected.turnaround().toDecision().p90Seconds());
        rows.add("(all),turnaround.publication.samples,,2");
        rows.add("(all),turnaround.publication.p50Seconds,,"
                + expected.turnaround().toPublication().p50Seconds());
        rows.add("(all),turnaround.publication.p90Seconds,,"
                + expected.turnaround().toPublication().p90Seconds());
        rows.add("(all),emergency.works,,1");
        rows.add("(all),emergency.decidedInTime,,0");
        rows.add("(all),emergency.decidedLate,,0");
        rows.add("(all),emergency.overdue,,1");
        rows.add("(all),emergency.waiting,,0");
        expected.findings()
                .forEach(f -> rows.add("(all),findings." + f.severity() + "," + f.check() + "," + f.count()));
        rows.add("(all),blockersOverruled,,0");
        for (ReviewerLoad r : expected.reviewers()) {
            rows.add("(all),reviewer.assigned," + r.reviewer() + "," + r.assigned());
            rows.add("(all),reviewer.decided," + r.reviewer() + "," + r.decided());
            rows.add("(all),reviewer.approved," + r.reviewer() + "," + r.approved());
            rows.add("(all),reviewer.changesRequested," + r.reviewer() + "," + r.changesRequested());
            rows.add("(all),reviewer.rejected," + r.reviewer() + "," + r.rejected());
            rows.add("(all),reviewer.open," + r.reviewer() + "," + r.open());
        }
        rows.add("(all),outlet.feedRequests,kids-app,3");
        rows.add("(all),outlet.itemRequests,kids-app,2");
        rows.add("(all),outlet.downloads,kids-app,1");
        rows.add("(all),outlet.webhookDeliveries,kids-app,0");
        rows.add("(all),outlet.webhookFailures,kids-app,0");
        assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(rows);
    }

    /** A creator: the same figures of her own works, nothing that names reviewers or outlets. */
    void aCreatorSeesHerOwnWorksOnly() {
        Map<String, Object> own = web.get()
                .uri("/api/v1/stats?groupBy=kind")
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) own.get("totals");
        assertThat(totals)
                .containsEntry("submitted", 2)
                .containsEntry("published", 1)
                .containsEntry("retracted", 0);
        assertThat(totals).doesNotContainKeys("reviewers", "outlets");
        assertThat(own.toString()).doesNotContain("vera", "walt", "kids-app", "bob", "carol");
        forbidden(alice, "?groupBy=reviewer");
        forbidden(vera, "");
        forbidden(outlet, "");
        web.get()
                .uri("/api/v1/stats?from=2026-02-30")
                .headers(h -> h.setBearerAuth(editor))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult();
        web.get()
                .uri("/api/v1/stats?groupBy=weekday&kind=essay")
                .headers(h -> h.setBearerAuth(editor))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(2);
    }

    private Figures expectedTotals() {
        List<Map<String, Object>> works = List.of(article, video, blocked, emergency).stream()
                .map(id -> kepu.work(admin, id))
                .toList();
        Map<String, Object> a = works.get(0);
        Map<String, Object> v = works.get(1);
        Instant aCreated = instant(a.get("createdAt"));
        Instant vCreated = instant(v.get("createdAt"));
        long aDecision = seconds(aCreated, instant(decisions(a).get(0).get("decidedAt")));
        long vDecision = seconds(vCreated, instant(decisions(v).get(0).get("decidedAt")));
        long aPublication = seconds(aCreated, instant(placements(a).get(0).get("firstPublishedAt")));
        long vPublication = seconds(vCreated, instant(placements(v).get(0).get("firstPublishedAt")));
        assertThat(instant(review(works.get(3)).get("deadline"))).isBefore(clock.instant());
        Map<String, Long> findings = new TreeMap<>();
        long[] assigned = new long[2];
        for (Map<String, Object> work : works) {
            for (Map<String, Object> summary : list(review(work).get("findings"))) {
                List<Map<String, Object>> found = kepu.get(
                                admin,
                                "/api/v1/works/" + work.get("id") + "/versions/" + summary.get("version") + "/findings")
                        .expectStatus()
                        .isOk()
                        .expectBody(LIST)
                        .returnResult()
                        .getResponseBody();
                for (Map<String, Object> finding : found) {
                    String rule = (String) finding.get("rule");
                    String check = rule.contains(".") ? rule.substring(0, rule.indexOf('.')) : rule;
                    findings.merge(check + "\t" + finding.get("severity"), 1L, Long::sum);
                }
            }
            for (Map<String, Object> assignment : list(review(work).get("assignments"))) {
                assigned["vera".equals(assignment.get("reviewer")) ? 0 : 1]++;
            }
        }
        assertThat(findings.keySet()).as("the blocked work's blocker").anyMatch(k -> k.endsWith("BLOCKER"));
        List<FindingCount> findingCounts = new ArrayList<>();
        findings.forEach(
                (key, count) -> findingCounts.add(new FindingCount(key.split("\t")[0], key.split("\t")[1], count)));
        return new Figures(
                4,
                2,
                1,
                // nearest rank of two samples: the smaller is the median, the larger the 90th percentile
                new Turnaround(
                        new Percentiles(2, Math.min(aDecision, vDecision), Math.max(aDecision, vDecision)),
                        new Percentiles(2, Math.min(aPublication, vPublication), Math.max(aPublication, vPublication))),
                new Emergency(1, 0, 0, 1, 0),
                findingCounts,
                0,
                List.of(
                        // vera: the article (approved) and the emergency poster (still open)
                        new ReviewerLoad("vera", assigned[0], 1, 1, 0, 0, 1),
                        // walt: both versions of the video
                        new ReviewerLoad("walt", assigned[1], 2, 1, 1, 0, 0)),
                List.of(new OutletFigures("kids-app", 3, 2, 1, 0, 0)));
    }

    private StatsReport stats(String token, String query) {
        return web.get()
                .uri("/api/v1/stats" + query)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(StatsReport.class)
                .returnResult()
                .getResponseBody();
    }

    private void forbidden(String token, String query) {
        web.get()
                .uri("/api/v1/stats" + query)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
    }

    private void publish(String id) {
        kepu.publish(editor, id, List.of(CHANNEL), null);
    }

    /** Reads the feed as the caller; answers its ETag. */
    private String feed(String token, String etag) {
        var result = web.get()
                .uri("/feeds/" + CHANNEL + ".atom")
                .headers(h -> {
                    h.setBearerAuth(token);
                    if (etag != null) {
                        h.setIfNoneMatch(etag);
                    }
                })
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isEqualTo(etag == null ? 200 : 304))
                .expectBody()
                .returnResult();
        return result.getResponseHeaders().getFirst(HttpHeaders.ETAG);
    }

    /** Reads the article's item as the outlet; answers the link to its original. */
    private String item() {
        Map<String, Object> item = kepu.get(outlet, "/api/v1/channels/" + CHANNEL + "/items/" + article)
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        return list(item.get("renditions")).stream()
                .filter(r -> "original".equals(r.get("name")))
                .map(r -> (String) r.get("href"))
                .findFirst()
                .orElseThrow();
    }

    private static void created(WebTestClient.ResponseSpec answer) {
        answer.expectStatus().isCreated().expectBody().returnResult();
    }

    private static String metadata(String topic, String kind, boolean emergency) {
        return "{\"title\":\"科普\",\"kind\":\"" + kind + "\",\"topics\":[\"" + topic + "\"],\"audiences\":[\"public\"],"
                + "\"license\":\"CC BY 4.0\",\"references\":[\"《科学》\"],\"emergency\":" + emergency + "}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> review(Map<String, Object> work) {
        return (Map<String, Object>) work.get("review");
    }

    private static List<Map<String, Object>> decisions(Map<String, Object> work) {
        return list(review(work).get("decisions"));
    }

    private static List<Map<String, Object>> placements(Map<String, Object> work) {
        return list(review(work).get("distribution"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static Instant instant(Object value) {
        return Instant.parse((String) value);
    }

    private static long seconds(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds();
    }
}
