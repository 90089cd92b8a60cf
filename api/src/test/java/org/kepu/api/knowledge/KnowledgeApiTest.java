package org.kepu.api.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.api.testing.KepuClient.LIST;
import static org.kepu.api.testing.KepuClient.MAP;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kepu.api.KepuApplication;
import org.kepu.api.testing.DevTokens;
import org.kepu.api.testing.KepuClient;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The screening knowledge base through the API in embedded mode: a reviewer adds a rumour with its source,
 * works already in review are screened again in the background (the one asserting the rumour gets a
 * blocker citing the entry and its source, the one refuting it does not), and a second kepu on the same
 * object store screens with the entry without a restart. Each test uses its own discipline.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class KnowledgeApiTest {

    private static Path data;

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        data = Files.createTempDirectory("kepu-knowledge");
        registry.add("kepu.data-dir", data::toString);
        registry.add("kepu.extraction.timeout", () -> "30s");
        registry.add("kepu.knowledge.rescreen-delay", () -> "500ms");
    }

    @Autowired
    WebTestClient web;

    private KepuClient kepu;
    private String admin;

    @BeforeEach
    void people() {
        kepu = new KepuClient(web);
        admin = kepu.token("adam", "admin");
    }

    static Map<String, Object> zombieMeat(String discipline) {
        return Map.of(
                "kind",
                "RUMOUR",
                "discipline",
                discipline,
                "source",
                Map.of("title", "海关总署", "url", "http://www.customs.gov.cn/"),
                "rumour",
                Map.of(
                        "claim", "超市卖的冻肉是冻了几十年的僵尸肉",
                        "refutation", "冷冻肉类在零下18度以下保存期限一般不超过一年，几十年的冻肉无法保持可售卖的品质。"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReviewersNewRumourBlocksTheWorkAssertingItCitesItsSourceAndReachesASecondInstance() throws Exception {
        kepu.registerReviewer(admin, "kira", List.of("冷链"), List.of());
        String kira = kepu.token("kira", "reviewer");
        String alice = kepu.token("alice", "creator");
        String asserts = kepu.upload(alice, metadata("冷链"), "# 冻肉\n\n超市里卖的冻肉都是冻了几十年的僵尸肉，根本不能吃。\n\n买肉还是去菜市场。\n");
        String refutes = kepu.upload(alice, metadata("冷链"), "# 冻肉\n\n超市卖的冻肉是冻了几十年的僵尸肉？这是谣言，冻肉根本放不了那么久。\n\n冷冻能抑制细菌。\n");
        kepu.awaitStatus(alice, asserts, "IN_REVIEW");
        kepu.awaitStatus(alice, refutes, "IN_REVIEW");
        assertThat(blockers(alice, asserts)).isEmpty();

        Map<String, Object> entry = kepu.post(kira, "/api/v1/knowledge", zombieMeat("冷链"))
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals("ETag", "\"1\"")
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        String id = (String) entry.get("id");
        assertThat(id).startsWith("rumour.");

        List<Map<String, Object>> found = KepuClient.until(() -> blockers(alice, asserts), l -> !l.isEmpty());
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("entryId", id);
            assertThat(f).containsEntry("source", "海关总署");
            assertThat(f).containsEntry("sourceUrl", "http://www.customs.gov.cn/");
        });
        assertThat(blockers(alice, refutes)).isEmpty();
        assertThat(kepu.work(alice, asserts)).containsEntry("status", "IN_REVIEW");
        // Other tests' entries are screened in the background too, so this work may be told more than once;
        // one of its events tells of the new blocker and the entry behind it.
        assertThat(events(kira, asserts))
                .filteredOn(e -> "knowledge-findings".equals(e.get("type")))
                .anySatisfy(e -> assertThat((Map<String, Object>) e.get("data"))
                        .containsEntry("newBlockers", 1)
                        .containsEntry("entries", List.of(id)));
        // The refutation is screened again too, and may be told of a note (info), never of a blocker.
        assertThat(events(kira, refutes))
                .filteredOn(e -> "knowledge-findings".equals(e.get("type")))
                .allSatisfy(e -> assertThat((Map<String, Object>) e.get("data")).containsEntry("newBlockers", 0));
        assertThat(kepu.get(kira, "/api/v1/review/queue")
                        .expectStatus()
                        .isOk()
                        .expectBody(LIST)
                        .returnResult()
                        .getResponseBody())
                .anySatisfy(q -> {
                    assertThat(q).containsEntry("id", asserts);
                    assertThat(q).containsEntry("newFindings", 1);
                });

        // The second instance has its own data directory (its own search index, which one process
        // holds at a time, and its own token key) but the first one's object store, as instances of a
        // deployment share S3.
        Path second = Files.createTempDirectory("kepu-knowledge-2");
        Path objects = data.resolve("objects");
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(KepuApplication.class)
                .initializers(context -> context.addBeanFactoryPostProcessor(new SameObjectStore(objects)))
                .properties(
                        "server.port=0",
                        "kepu.data-dir=" + second,
                        "kepu.knowledge.refresh-interval=500ms",
                        "spring.lifecycle.timeout-per-shutdown-phase=2s")
                .run()) {
            WebTestClient otherWeb = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + other.getEnvironment().getProperty("local.server.port"))
                    .responseTimeout(Duration.ofSeconds(60))
                    .build();
            String editor = DevTokens.token(otherWeb, "ed", List.of(), "editor");
            Map<String, Object> seen = KepuClient.until(
                    () -> otherWeb.get()
                            .uri("/api/v1/knowledge/{id}", id)
                            .headers(h -> h.setBearerAuth(editor))
                            .exchange()
                            .expectBody(MAP)
                            .returnResult()
                            .getResponseBody(),
                    m -> id.equals(m.get("id")));
            assertThat(seen).containsEntry("revision", 1);
            Map<String, Object> check = otherWeb.post()
                    .uri("/api/v1/checks")
                    .headers(h -> h.setBearerAuth(editor))
                    .bodyValue(Map.of("text", "超市里卖的冻肉都是冻了几十年的僵尸肉。"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(MAP)
                    .returnResult()
                    .getResponseBody();
            assertThat((List<?>) check.get("findings"))
                    .anySatisfy(f -> assertThat((Map<String, Object>) f)
                            .containsEntry("severity", "BLOCKER")
                            .containsEntry("entryId", id));
        }
    }

    @Test
    void changesNeedTheCurrentRevisionAreValidatedPerKindAndRetiringKeepsTheHistory() {
        String rita = kepu.token("rita", "reviewer");
        String id = (String) kepu.post(rita, "/api/v1/knowledge", zombieMeat("冻品"))
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody()
                .get("id");
        Map<String, Object> better = new HashMap<>(zombieMeat("冻品"));
        better.put("source", Map.of("title", "国家市场监督管理总局", "url", "https://www.samr.gov.cn/"));

        web.put()
                .uri("/api/v1/knowledge/{id}", id)
                .headers(h -> h.setBearerAuth(rita))
                .bodyValue(better)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.PRECONDITION_REQUIRED)
                .expectBody()
                .returnResult();
        web.put()
                .uri("/api/v1/knowledge/{id}", id)
                .headers(h -> {
                    h.setBearerAuth(rita);
                    h.setIfMatch("\"1\"");
                })
                .bodyValue(better)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("ETag", "\"2\"")
                .expectBody()
                .returnResult();
        web.put()
                .uri("/api/v1/knowledge/{id}", id)
                .headers(h -> {
                    h.setBearerAuth(rita);
                    h.setIfMatch("\"1\"");
                })
                .bodyValue(zombieMeat("冻品"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.PRECONDITION_FAILED)
                .expectBody()
                .jsonPath("$.currentRevision")
                .isEqualTo(2);
        web.delete()
                .uri("/api/v1/knowledge/{id}", id)
                .headers(h -> {
                    h.setBearerAuth(admin);
                    h.setIfMatch("\"2\"");
                })
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.retired")
                .isEqualTo(true)
                .jsonPath("$.history[*].action")
                .isEqualTo(List.of("create", "update", "retire"))
                .jsonPath("$.history[1].changed")
                .isEqualTo(List.of("source"));

        Map<String, Object> noRefutation = Map.of(
                "kind",
                "RUMOUR",
                "discipline",
                "冻品",
                "source",
                Map.of("title", "某机构", "url", "not a link"),
                "rumour",
                Map.of("claim", "冻肉有毒", "refutation", " "));
        kepu.post(rita, "/api/v1/knowledge", noRefutation)
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .jsonPath("$.errors[*].field")
                .isEqualTo(List.of("source.url", "rumour.refutation"));
        kepu.post(kepu.token("cleo", "creator"), "/api/v1/knowledge", zombieMeat("冻品"))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
        // The role is checked before the body: a caller without it learns nothing from validation.
        kepu.post(kepu.token("cleo", "creator"), "/api/v1/knowledge", Map.of())
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
        kepu.post(kepu.token("cleo", "creator"), "/api/v1/knowledge/dry-run", Map.of())
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
        kepu.post(kepu.token("ed", "editor"), "/api/v1/admin/synonyms", Map.of())
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
    }

    @Test
    void aDryRunTellsWhichSentencesTheEntryWouldFlag() {
        String rita = kepu.token("rita", "reviewer");
        kepu.post(
                        rita,
                        "/api/v1/knowledge/dry-run",
                        Map.of("entry", zombieMeat("冻品"), "text", "超市里卖的冻肉都是冻了几十年的僵尸肉。今天天气不错。"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.flagged")
                .isEqualTo(1)
                .jsonPath("$.sentences[0].sentence")
                .isEqualTo("超市里卖的冻肉都是冻了几十年的僵尸肉。")
                .jsonPath("$.sentences[0].severity")
                .isEqualTo("BLOCKER")
                .jsonPath("$.sentences[0].stance")
                .isEqualTo("ASSERTED");
    }

    @Test
    void anAssignedReviewerTurnsASentenceOfTheWorkIntoARumour() {
        kepu.registerReviewer(admin, "sam", List.of("极地"), List.of());
        String sam = kepu.token("sam", "reviewer");
        String other = kepu.token("otto", "reviewer");
        String bob = kepu.token("bob", "creator");
        String sentence = "北极熊常常在南极捕食企鹅";
        String id = kepu.upload(bob, metadata("极地"), "# 极地\n\n" + sentence + "，场面十分壮观。\n");
        kepu.awaitStatus(bob, id, "IN_REVIEW");
        String text = kepu.get(sam, "/api/v1/works/" + id + "/versions/1/text")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        int start = text.indexOf(sentence);
        assertThat(start).isNotNegative();
        Map<String, Object> body = Map.of(
                "workId",
                id,
                "version",
                1,
                "start",
                start,
                "end",
                start + sentence.length(),
                "refutation",
                "北极熊生活在北极，企鹅几乎都生活在南半球，野生的两者不会相遇。",
                "source",
                Map.of("title", "中国极地研究中心", "url", "https://www.pric.org.cn/"));

        kepu.post(other, "/api/v1/knowledge/from-sentence", body)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
        kepu.post(sam, "/api/v1/knowledge/from-sentence", body)
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.kind")
                .isEqualTo("RUMOUR")
                .jsonPath("$.rumour.claim")
                .isEqualTo(sentence)
                .jsonPath("$.discipline")
                .isEqualTo("极地")
                .jsonPath("$.history[0].actor")
                .isEqualTo("sam");
        Map<String, Object> outside = new HashMap<>(body);
        outside.put("end", 100_000);
        kepu.post(sam, "/api/v1/knowledge/from-sentence", outside)
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .returnResult();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> blockers(String token, String work) {
        List<Map<String, Object>> all = kepu.get(token, "/api/v1/works/" + work + "/versions/1/findings")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        return all.stream().filter(f -> "BLOCKER".equals(f.get("severity"))).toList();
    }

    private List<Map<String, Object>> events(String token, String id) {
        return kepu.get(token, "/api/v1/works/" + id + "/events")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
    }

    /** Replaces the second instance's object store with one on the first instance's directory. */
    private record SameObjectStore(Path objects) implements BeanFactoryPostProcessor {
        /** Runs once the configuration classes have defined their beans, and before any is made. */
        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
            BeanDefinitionRegistry registry = (BeanDefinitionRegistry) factory;
            registry.removeBeanDefinition("objectStore");
            registry.registerBeanDefinition(
                    "objectStore", new RootBeanDefinition(ObjectStore.class, () -> new FileSystemObjectStore(objects)));
        }
    }

    private static String metadata(String topic) {
        return "{\"title\":\"科普\",\"kind\":\"article\",\"topics\":[\"" + topic + "\"],\"audiences\":[\"public\"],"
                + "\"license\":\"CC BY 4.0\",\"references\":[\"《科学》\"],\"emergency\":false}";
    }
}
