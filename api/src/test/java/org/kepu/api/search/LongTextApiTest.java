package org.kepu.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.api.testing.DevTokens.token;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.kepu.api.testing.KepuClient;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A text of 5,000,000 characters, the most extraction keeps, is indexed, and uploaded, while an ordinary
 * upload, a search and a feed request are answered as usual.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "120s")
class LongTextApiTest {

    private static final Logger log = LoggerFactory.getLogger(LongTextApiTest.class);
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-long-text").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    WorkRepository works;

    @Test
    @Order(1)
    void aFiveMillionCharacterTextIsIndexedWhileAnUploadASearchAndAFeedAreAnsweredAsUsual() throws Exception {
        String alice = token(web, "alice", "creator");
        Map<String, Duration> before = ordinaryRequests(alice);
        // the text as extraction leaves it, so that the indexer takes it up at once
        String huge = "引力波探测器的原理。" + text(5_000_000 - 10);
        String key = WorkRepository.versionKey("long-work", 1, "text.txt");
        byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
        works.store().put(key, new ByteArrayInputStream(bytes), bytes.length, "text/plain; charset=utf-8");
        Instant now = Instant.now();
        Version version = new Version(
                1,
                "sha256:00",
                bytes.length,
                "text/plain",
                "book.txt",
                WorkRepository.originalKey("long-work", "u1"),
                null,
                now,
                key,
                (long) huge.length(),
                null);
        WorkMetadata metadata = new WorkMetadata(
                "一部很长的科普书", "", "article", List.of("physics"), List.of("public"), "CC BY 4.0", List.of(), false);
        long started = System.nanoTime();
        works.create(new Work(
                "long-work", 0, "alice", metadata, WorkStatus.IN_REVIEW, null, List.of(version), null, now, now));

        Map<String, Duration> meanwhile = ordinaryRequests(alice);
        Duration findable = awaitFound(alice, "/api/v1/search?q=引力波探测器", "long-work", started);
        log.info(
                "5M characters found by search {} ms after they were written; ordinary requests before {}, meanwhile {}",
                findable.toMillis(),
                before,
                meanwhile);

        assertThat(meanwhile.get("upload")).isLessThan(Duration.ofSeconds(30));
        assertThat(meanwhile.get("search")).isLessThan(Duration.ofSeconds(10));
        assertThat(meanwhile.get("feed")).isLessThan(Duration.ofSeconds(10));
        assertThat(findable).isLessThan(Duration.ofSeconds(120));
    }

    @Test
    @Order(2)
    void aFiveMillionCharacterUploadLeavesOtherRequestsAnsweredAsUsual() {
        String alice = token(web, "alice", "creator");

        upload(alice, "另一部很长的科普书", "book.txt", text(5_000_000));

        // extraction and screening of it go on in the background
        Map<String, Duration> meanwhile = ordinaryRequests(alice);
        log.info("beside a 5M-character upload: {}", meanwhile);
        assertThat(meanwhile.get("upload")).isLessThan(Duration.ofSeconds(30));
        assertThat(meanwhile.get("search")).isLessThan(Duration.ofSeconds(10));
        assertThat(meanwhile.get("feed")).isLessThan(Duration.ofSeconds(10));
    }

    /** An ordinary upload, a search and a feed request, each timed. */
    private Map<String, Duration> ordinaryRequests(String creator) {
        String root = token(web, "root", "admin");
        String outlet = token(web, "news-app", "outlet");
        web.put()
                .uri("/api/v1/channels/lt-news")
                .headers(h -> h.setBearerAuth(root))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "科普新闻", "outlets", List.of("news-app")))
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult();
        Map<String, Duration> took = new LinkedHashMap<>();
        took.put("upload", timed(() -> upload(creator, "台风防御指南", "typhoon.md", "# 台风\n\n台风来临前要检查门窗是否牢固。\n")));
        took.put("search", timed(() -> get(creator, "/api/v1/search?q=台风")));
        took.put(
                "feed",
                timed(() -> web.get()
                        .uri("/feeds/lt-news.json")
                        .headers(h -> h.setBearerAuth(outlet))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()));
        return took;
    }

    @SuppressWarnings("unchecked")
    private Duration awaitFound(String token, String uri, String id, long since) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        List<Map<String, Object>> hits = List.of();
        while (hits.stream().noneMatch(hit -> id.equals(hit.get("id")))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            hits = (List<Map<String, Object>>) get(token, uri).get("hits");
        }
        assertThat(hits).extracting(hit -> hit.get("id")).contains(id);
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private static Duration timed(Supplier<?> request) {
        long started = System.nanoTime();
        request.get();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private Map<String, Object> get(String token, String uri) {
        return web.get()
                .uri(uri)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    private String upload(String token, String title, String fileName, String content) {
        return new KepuClient(web)
                .upload(
                        token,
                        "{\"title\":\"" + title + "\",\"kind\":\"article\",\"topics\":[\"physics\"]}",
                        fileName,
                        content);
    }

    /** Popular-science sentences in a random order with numbered paragraphs, {@code length} characters. */
    private static String text(int length) {
        String[] sentences = {
            "光伏发电是实现碳达峰的重要路径。", "地震预警可以为避险争取宝贵的几秒钟，", "人工智能正在改变医学影像的诊断方式；", "黄河中下游和长江流域的水文特征不同。", "疫苗通过训练免疫系统来预防疾病！"
        };
        Random random = new Random(11);
        StringBuilder text = new StringBuilder(length + 64);
        while (text.length() < length) {
            text.append(sentences[random.nextInt(sentences.length)]);
            if (random.nextInt(8) == 0) {
                text.append("第").append(random.nextInt(1_000_000)).append("段\n");
            }
        }
        text.setLength(length);
        return text.toString();
    }
}
