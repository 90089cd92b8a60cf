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
 * What a creator's search shows: her own works and published ones, whichever channel they were published
 * to (creators belong to the association; channels decide what outlets syndicate). Nothing of another
 * creator's unpublished work appears: no id, title, snippet or facet count. The works are put straight
 * into the index, so the test needs neither extraction nor the review workflow.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class CreatorSearchVisibilityApiTest {

    private static final String DRAFT_TITLE = "未发表的极光观测草稿";
    private static final String DRAFT_SECRET = "磁暴期间的绿色光帘";
    private static final String PUBLISHED_TITLE = "极光是怎样形成的";

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

    @BeforeEach
    void aliceHasADraftAndAWorkPublishedToAStaffOnlyChannel() {
        draft = UUID.randomUUID().toString();
        published = UUID.randomUUID().toString();
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
                List.of(),
                null,
                now,
                now,
                Review.NONE.withPublication(new Review.Publication(List.of("staff-only"), null, now, "ed")));
        index.indexAll(List.of(
                documents.of(unpublished, Optional.of("极光出现在高纬度地区。" + DRAFT_SECRET + "持续了整整一夜。")),
                documents.of(onStaffChannel, Optional.of("极光是太阳风中的带电粒子撞击高层大气发出的光。"))));
        index.refresh();
    }

    @Test
    void anotherCreatorSeesPublishedWorksButNothingOfADraft() {
        String bob = DevTokens.token(web, "bob", "creator");
        String body = search(bob, "极光");

        assertThat(body).contains(published).contains(PUBLISHED_TITLE).contains("<em>");
        assertThat(body)
                .doesNotContain(draft)
                .doesNotContain(DRAFT_TITLE)
                .doesNotContain(DRAFT_SECRET)
                .doesNotContain("秘密课题");
        // Searching for the draft's own words finds, at most, published works that share a character.
        assertThat(search(bob, DRAFT_SECRET))
                .doesNotContain(draft)
                .doesNotContain(DRAFT_TITLE)
                .doesNotContain("秘密课题");
    }

    @Test
    void theOwnerAndReviewersSeeBoth() {
        assertThat(search(DevTokens.token(web, "alice", "creator"), "极光"))
                .contains(draft)
                .contains(published);
        assertThat(search(DevTokens.token(web, "rita", "reviewer"), "极光"))
                .contains(draft)
                .contains(DRAFT_SECRET);
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
