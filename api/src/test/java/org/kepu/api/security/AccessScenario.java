package org.kepu.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kepu.api.testing.KepuClient.LIST;
import static org.kepu.api.testing.KepuClient.MAP;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kepu.api.testing.KepuClient;

/**
 * What the authorisation matrix reads and changes, prepared through the API alone so that it runs the
 * same on the embedded default and against a real identity provider. Creator A has drafts in review, all
 * assigned to reviewer R1; R2 joins the reviewers only after assignment, and R3 declared a conflict with A
 * before it. Works of A are published to a private channel that outlet O1 is entitled to (O2 is not) and
 * to a public one, and one was retracted from both, so feeds carry a tombstone. O1 has a webhook.
 *
 * <p>Routes that change something each get a work or record of their own, so the one call the matrix
 * allows changes nothing another row reads.
 */
final class AccessScenario {

    static final String PRIVATE = "matrix-private";
    static final String PUBLIC = "matrix-public";
    /** Only ever put again by the channel row. */
    static final String SPARE = "matrix-spare";

    private static final String DISCIPLINE = "matrix-physics";
    /** A word every text has, so searches find every work and show a snippet of each. */
    static final String SEARCH_WORD = "科学";

    final PersonaTokens tokens;
    private final KepuClient kepu;

    /** In review, assigned to R1: what the read rows read. */
    String draft;
    /** In review: the owner uploads a version to it. */
    String forVersions;
    /** In review, assigned to R1: R1 decides on it. */
    String forDecision;

    String digestOfDecisionTarget;
    /** Approved: the editor publishes it. */
    String forPublication;
    /** Published to the private channel: the item, file, download and feed rows read it. */
    String published;
    /** Published to the private channel: the editor takes it out again. */
    String forUnpublication;
    /** Published to the private channel: the editor retracts it. */
    String forRetraction;
    /** Published to the public channel, without a byline. */
    String open;
    /** Published to both channels, then retracted: a tombstone in both. */
    String retracted;

    String webhook;
    String spareWebhook;
    String delivery;
    /** O1's signed link to the original of the published work, relative to kepu. */
    String download;

    final Map<String, String> titles = new LinkedHashMap<>();
    final Map<String, String> texts = new LinkedHashMap<>();
    /** The public byline of the open work: what feeds name instead of A's account. */
    static final String BYLINE = "矩阵科普工作室";

    AccessScenario(KepuClient kepu, PersonaTokens tokens) {
        this.kepu = kepu;
        this.tokens = tokens;
    }

    String token(Persona persona) {
        return tokens.token(persona);
    }

    String id(Persona persona) {
        return tokens.id(persona);
    }

    String outlet(Persona persona) {
        return tokens.clientId(persona);
    }

    AccessScenario prepare() {
        String admin = token(Persona.ADMIN);
        String editor = token(Persona.EDITOR);
        String owner = token(Persona.OWNER);
        String r1 = token(Persona.ASSIGNED_REVIEWER);
        String ownerId = id(Persona.OWNER);

        channel(admin, PRIVATE, Map.of("title", "矩阵内部频道", "outlets", List.of(outlet(Persona.ENTITLED_OUTLET))));
        channel(admin, PUBLIC, Map.of("title", "矩阵公开频道", "public", true, "outlets", List.of()));
        channel(admin, SPARE, Map.of("title", "矩阵备用频道", "outlets", List.of()));
        kepu.registerReviewer(admin, id(Persona.ASSIGNED_REVIEWER), List.of(DISCIPLINE), List.of());
        kepu.registerReviewer(admin, id(Persona.CONFLICTED_REVIEWER), List.of(DISCIPLINE), List.of(ownerId));

        draft = upload(owner, "待审草稿：月亮与潮汐", "月球的引力牵引海水，形成每天两次的潮汐。科学家用验潮站记录海面的起落。");
        forVersions = upload(owner, "待审草稿：声音的速度", "声音在空气中每秒传播约340米，所以雷声总在闪电之后。科学课上可以用秒表估算雷暴的距离。");
        forDecision = upload(owner, "待审草稿：水的沸点", "在标准大气压下，水在100摄氏度沸腾。高原上气压低，科学测量显示水不到90摄氏度就会沸腾。");
        forPublication = upload(owner, "待发作品：彩虹的颜色", "阳光穿过雨滴时发生折射和反射，分出七种颜色。科学上称这种现象为色散。");
        published = upload(
                owner,
                "内部作品：指南针为何指北",
                "地球本身像一块巨大的磁铁。指南针的磁针受地磁场作用，科学地说它指向地磁南极附近。"
                        // long enough for the duplicate check, which the check rows use to find this work
                        + "古代的司南用天然磁石磨成勺子的形状，放在光滑的铜盘上，勺柄会转向南方。"
                        + "宋代人把磁化的钢针浮在水面上，制成了水浮指南针，航海从此有了可靠的方向。");
        forUnpublication = upload(owner, "内部作品：光合作用", "绿色植物利用阳光把二氧化碳和水变成葡萄糖，并放出氧气。科学家称之为光合作用。");
        forRetraction = upload(owner, "内部作品：地球自转", "地球自西向东自转，一圈约二十四小时，于是有了昼夜交替。科学观测用傅科摆证明了自转。");
        open = upload(owner, "公开作品：光的速度", "光在真空中每秒约传播30万公里。科学家测得阳光大约8分钟到达地球。", BYLINE);
        retracted = upload(owner, "撤回作品：双螺旋", "脱氧核糖核酸由两条链盘成双螺旋。科学史上，这一结构在1953年被提出。");

        Map<String, Map<String, Object>> inReview = new LinkedHashMap<>();
        for (String id : titles.keySet()) {
            // read as staff: creators do not see who reviews their works
            Map<String, Object> work = kepu.awaitStatus(admin, id, "IN_REVIEW");
            assertThat(work.get("status")).as("screening of %s", titles.get(id)).isEqualTo("IN_REVIEW");
            assertThat(KepuClient.assignees(work))
                    .as("reviewers of %s", titles.get(id))
                    .containsExactly(id(Persona.ASSIGNED_REVIEWER));
            inReview.put(id, work);
        }
        digestOfDecisionTarget = KepuClient.currentDigest(inReview.get(forDecision));
        // Joins after every work has its reviewer, so nothing is ever assigned to R2.
        kepu.registerReviewer(admin, id(Persona.UNASSIGNED_REVIEWER), List.of(DISCIPLINE), List.of());

        for (String id : List.of(forPublication, published, forUnpublication, forRetraction, open, retracted)) {
            kepu.decide(r1, id, KepuClient.decision(inReview.get(id), "APPROVE", "数据准确"))
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .returnResult();
        }

        webhook = webhook(admin);
        spareWebhook = webhook(admin);
        publish(editor, published, PRIVATE);
        publish(editor, forUnpublication, PRIVATE);
        publish(editor, forRetraction, PRIVATE);
        publish(editor, open, PUBLIC);
        publish(editor, retracted, PRIVATE, PUBLIC);
        kepu.post(editor, "/api/v1/works/" + retracted + "/retraction", Map.of("reason", "引用的年份有误"))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        // Delta sync holds back the newest changes for a few seconds; the rows want the tombstone in it.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> kepu.get(editor, "/api/v1/channels/" + PUBLIC + "/changes")
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody()
                        .contains(retracted));
        String deliveries =
                "/api/v1/outlets/" + outlet(Persona.ENTITLED_OUTLET) + "/webhooks/" + webhook + "/deliveries";
        delivery = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> kepu
                                .get(admin, deliveries)
                                .expectStatus()
                                .isOk()
                                .expectBody(LIST)
                                .returnResult()
                                .getResponseBody()
                                .stream()
                                .map(d -> (String) d.get("id"))
                                .findFirst()
                                .orElse(null),
                        id -> id != null);
        download = originalLink(token(Persona.ENTITLED_OUTLET));
        return this;
    }

    /** Who may not see what: every response body a persona gets must contain none of these. */
    Map<Persona, Set<String>> secrets() {
        Map<Persona, Set<String>> secrets = new EnumMap<>(Persona.class);
        for (Persona p : Persona.values()) {
            secrets.put(p, new HashSet<>());
        }
        Set<Persona> outsiders =
                EnumSet.of(Persona.ANONYMOUS, Persona.OTHER_CREATOR, Persona.ENTITLED_OUTLET, Persona.OTHER_OUTLET);
        // Drafts: only their creator and reviewers without a conflict with her (and editors and admins).
        Set<Persona> noDrafts = EnumSet.copyOf(outsiders);
        noDrafts.add(Persona.CONFLICTED_REVIEWER);
        for (String id : List.of(draft, forVersions, forDecision)) {
            add(secrets, noDrafts, id, titles.get(id));
        }
        // A chose no public byline: her account id is for kepu's own people only.
        add(secrets, outsiders, id(Persona.OWNER));
        // Reviews are blind: neither creators nor outlets learn who reviewed.
        Set<Persona> noReviewers = EnumSet.copyOf(outsiders);
        noReviewers.add(Persona.OWNER);
        add(
                secrets,
                noReviewers,
                id(Persona.ASSIGNED_REVIEWER),
                id(Persona.UNASSIGNED_REVIEWER),
                id(Persona.CONFLICTED_REVIEWER));
        add(secrets, outsiders, id(Persona.EDITOR), id(Persona.ADMIN));
        // What is published only to the private channel, for those who cannot read that channel.
        Set<Persona> notInPrivate = EnumSet.of(Persona.OTHER_CREATOR, Persona.OTHER_OUTLET);
        for (String id : List.of(published, forUnpublication, forRetraction)) {
            add(secrets, notInPrivate, id, titles.get(id));
        }
        add(secrets, EnumSet.of(Persona.ANONYMOUS, Persona.OTHER_CREATOR, Persona.OTHER_OUTLET), PRIVATE);
        // O1's webhooks are the admins' business; O1's client id is not other outlets' or members'.
        add(secrets, EnumSet.complementOf(EnumSet.of(Persona.ADMIN)), webhook, spareWebhook, delivery);
        add(
                secrets,
                EnumSet.complementOf(EnumSet.of(Persona.ADMIN, Persona.EDITOR, Persona.ENTITLED_OUTLET)),
                outlet(Persona.ENTITLED_OUTLET));
        return secrets;
    }

    private static void add(Map<Persona, Set<String>> secrets, Set<Persona> from, String... values) {
        for (Persona p : from) {
            secrets.get(p).addAll(List.of(values));
        }
    }

    private void channel(String admin, String name, Map<String, Object> body) {
        kepu.web()
                .put()
                .uri("/api/v1/channels/{channel}", name)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult();
    }

    private String upload(String owner, String title, String text) {
        return upload(owner, title, text, null);
    }

    private String upload(String owner, String title, String text, String byline) {
        String metadata = "{\"title\":\"" + title + "\",\"kind\":\"article\",\"topics\":[\"" + DISCIPLINE
                + "\"],\"audiences\":[\"public\"],\"license\":\"CC BY 4.0\""
                + (byline == null ? "" : ",\"byline\":\"" + byline + "\"") + "}";
        String markdown = "# " + title + "\n\n" + text + "\n";
        String id = kepu.upload(owner, metadata, markdown);
        titles.put(id, title);
        texts.put(id, markdown);
        return id;
    }

    private void publish(String editor, String id, String... channels) {
        kepu.post(editor, "/api/v1/works/" + id + "/publication", Map.of("channels", List.of(channels)))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
    }

    private String webhook(String admin) {
        return (String) kepu.post(
                        admin,
                        "/api/v1/outlets/" + outlet(Persona.ENTITLED_OUTLET) + "/webhooks",
                        Map.of("url", "https://93.184.215.14/matrix-hooks", "channels", List.of(PRIVATE)))
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody()
                .get("id");
    }

    @SuppressWarnings("unchecked")
    private String originalLink(String outlet) {
        Map<String, Object> item = kepu.get(outlet, "/api/v1/channels/" + PRIVATE + "/items/" + published)
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        String href = ((List<Map<String, Object>>) item.get("renditions"))
                .stream()
                        .filter(r -> "original".equals(r.get("name")))
                        .map(r -> (String) r.get("href"))
                        .findFirst()
                        .orElseThrow();
        URI uri = URI.create(href);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }
}
