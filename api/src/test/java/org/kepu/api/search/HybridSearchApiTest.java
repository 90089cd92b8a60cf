package org.kepu.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.DevTokens;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.index.WorkDocuments;
import org.kepu.search.vector.BgeSmallZh;
import org.kepu.search.vector.WorkEmbedding;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Search by meaning through the API, with the real model on the embedded default: a reader's everyday
 * word finds a text that uses the scientific one, and a neighbour by meaning never shows a creator a work
 * she could not find by its words (another creator's draft, a work on a channel she cannot read).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class HybridSearchApiTest {

    private static final String QUERY = "晚上总是睡不着怎么办";

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-hybrid-search").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.search.vectors.enabled", () -> "true");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    SearchIndex index;

    @Autowired
    WorkDocuments documents;

    @Autowired
    BgeSmallZh model;

    private String draft;
    private String staffOnly;
    private String open;

    @BeforeEach
    void aliceHasThreeWorksAboutPotatoesThatNeverSayTheEverydayWord() {
        web.put()
                .uri("/api/v1/channels/open-shelf")
                .headers(h -> h.setBearerAuth(DevTokens.token(web, "adam", "admin")))
                .bodyValue(Map.of("title", "公开书架", "public", true))
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult();
        draft = UUID.randomUUID().toString();
        staffOnly = UUID.randomUUID().toString();
        open = UUID.randomUUID().toString();
        Instant now = Instant.now();
        index.indexAll(List.of(
                withVector(work(draft, "失眠调理草稿", WorkStatus.IN_REVIEW, Review.NONE, now), "失眠的人应当规律作息，少看手机，必要时就医。"),
                withVector(
                        work(staffOnly, "失眠与作息", WorkStatus.PUBLISHED, published("staff-only", now), now),
                        "长期失眠会影响白天的精力，规律作息有助于改善休息质量。"),
                withVector(
                        work(open, "失眠如何调理", WorkStatus.PUBLISHED, published("open-shelf", now), now),
                        "失眠时别反复看时间，放松身心、白天适量运动都有帮助。")));
        index.refresh();
    }

    @Test
    void anEverydayWordFindsTheScientificOneAndNeighboursKeepToWhatTheCallerMayRead() {
        assertThat(index.search(org.kepu.search.query.SearchRequest.of(
                                "睡不着", org.kepu.search.query.Visibility.everything()))
                        .total())
                .isZero();
        model.embed("预热"); // the model loads in the background; the test waits for it here

        String bob = search(DevTokens.token(web, "bob", "creator"), QUERY);
        String alice = search(DevTokens.token(web, "alice", "creator"), QUERY);

        assertThat(bob).contains(open).doesNotContain(draft).doesNotContain(staffOnly);
        assertThat(alice).contains(open).contains(draft).contains(staffOnly);
    }

    private IndexedWork withVector(Work work, String text) {
        IndexedWork doc = documents.of(work, Optional.of(text));
        return doc.withVector(new WorkEmbedding(model).of(text).orElseThrow());
    }

    private static Work work(String id, String title, WorkStatus status, Review review, Instant at) {
        WorkMetadata metadata =
                new WorkMetadata(title, null, "article", List.of("健康"), List.of(), null, List.of(), false);
        List<Version> versions = status == WorkStatus.PUBLISHED ? List.of(version(id, at)) : List.of();
        return new Work(id, 1, "alice", metadata, status, null, versions, null, at, at, review);
    }

    private static Review published(String channel, Instant at) {
        return Review.NONE.withPublication(new Review.Publication(List.of(channel), null, at, "ed"));
    }

    private static Version version(String workId, Instant at) {
        return new Version(
                1,
                "sha256:" + "0".repeat(64),
                1,
                "text/markdown",
                "article.md",
                "works/" + workId + "/v1/original",
                null,
                at,
                null,
                null,
                null);
    }

    private String search(String token, String q) {
        byte[] body = web.get()
                .uri("/api/v1/search?q={q}", Map.of("q", q))
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }
}
