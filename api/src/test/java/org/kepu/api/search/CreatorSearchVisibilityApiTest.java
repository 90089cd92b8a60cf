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
import org.kepu.search.index.SearchIndex;
import org.kepu.search.index.WorkDocuments;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What a creator's search shows: her own works, and works published on the channels she can read (the
 * public ones). Nothing of another creator's unpublished work, or of a work published only on a channel she
 * cannot read, appears: no id, title, snippet or facet count. The works are put straight into the index,
 * so the test needs neither extraction nor the review workflow.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class CreatorSearchVisibilityApiTest {

    private static final String DRAFT_TITLE = "未发表的极光观测草稿";
    private static final String DRAFT_SECRET = "磁暴期间的绿色光帘";
    private static final String PUBLISHED_TITLE = "极光是怎样形成的";
    private static final String STAFF_SECRET = "太阳风中的带电粒子";
    private static final String OPEN_TITLE = "极光为什么多在两极";

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-creator-search").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    SearchIndex index;

    @Autowired
    WorkDocuments documents;

    private String draft;
    private String published;
    private String openWork;

    @BeforeEach
    void aliceHasADraftAWorkPublishedToAStaffOnlyChannelAndOneOnAPublicChannel() {
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
        published = UUID.randomUUID().toString();
        openWork = UUID.randomUUID().toString();
        Instant now = Instant.now();
        Work unpublished = new Work(
                draft,
                1,
                "alice",
                new WorkMetadata(DRAFT_TITLE, null, "article", List.of("秘密课题"), List.of(), null, List.of(), false),
                WorkStatus.IN_REVIEW,
                null,
                List.of(),
                null,
                now,
                now,
                Review.NONE);
        Work onStaffChannel = new Work(
                published,
                1,
                "alice",
                new WorkMetadata(PUBLISHED_TITLE, null, "article", List.of("天文"), List.of(), null, List.of(), false),
                WorkStatus.PUBLISHED,
                null,
                List.of(version(published, now)),
                null,
                now,
                now,
                Review.NONE.withPublication(new Review.Publication(List.of("staff-only"), null, now, "ed")));
        Work onOpenChannel = new Work(
                openWork,
                1,
                "alice",
                new WorkMetadata(OPEN_TITLE, null, "article", List.of("天文"), List.of(), null, List.of(), false),
                WorkStatus.PUBLISHED,
                null,
                List.of(version(openWork, now)),
                null,
                now,
                now,
                Review.NONE.withPublication(new Review.Publication(List.of("open-shelf"), null, now, "ed")));
        index.indexAll(List.of(
                documents.of(unpublished, Optional.of("极光出现在高纬度地区。" + DRAFT_SECRET + "持续了整整一夜。")),
                documents.of(onStaffChannel, Optional.of("极光是" + STAFF_SECRET + "撞击高层大气发出的光。")),
                documents.of(onOpenChannel, Optional.of("地球磁场把带电粒子引向两极，所以极光多在高纬度出现。"))));
        index.refresh();
    }

    @Test
    void anotherCreatorSeesWorksOnPublicChannelsButNothingOfADraftOrOfAStaffOnlyChannel() {
        String bob = DevTokens.token(web, "bob", "creator");
        String body = search(bob, "极光");

        assertThat(body).contains(openWork).contains(OPEN_TITLE).contains("<em>");
        assertThat(body)
                .doesNotContain(published)
                .doesNotContain(PUBLISHED_TITLE)
                .doesNotContain(STAFF_SECRET)
                .doesNotContain(draft)
                .doesNotContain(DRAFT_TITLE)
                .doesNotContain(DRAFT_SECRET)
                .doesNotContain("秘密课题");
        // Searching for the draft's own words finds, at most, published works that share a character.
        assertThat(search(bob, DRAFT_SECRET))
                .doesNotContain(draft)
                .doesNotContain(DRAFT_TITLE)
                .doesNotContain("秘密课题");
        assertThat(search(bob, STAFF_SECRET)).doesNotContain(published).doesNotContain(PUBLISHED_TITLE);
    }

    @Test
    void theOwnerAndReviewersSeeEverything() {
        assertThat(search(DevTokens.token(web, "alice", "creator"), "极光"))
                .contains(draft)
                .contains(published)
                .contains(openWork);
        assertThat(search(DevTokens.token(web, "rita", "reviewer"), "极光"))
                .contains(draft)
                .contains(DRAFT_SECRET);
    }

    /** A work reaches its channels with a version; which one does not matter to the search. */
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
