package org.kepu.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.api.testing.KepuClient.MAP;
import static org.kepu.api.testing.KepuClient.assignees;
import static org.kepu.api.testing.KepuClient.decision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.kepu.testkit.S3Server;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The review pipeline on a real S3 server: conditional writes guard the manifest and the audit chain. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class ReviewS3IT {

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws Exception {
        S3Server s3 = S3Server.shared();
        Path data = Files.createTempDirectory("kepu-review-s3-it");
        registry.add("kepu.data-dir", data::toString);
        registry.add("kepu.store.type", () -> "s3");
        registry.add("kepu.auth.dev-issuer.enabled", () -> "true");
        registry.add("kepu.store.endpoint", s3::endpoint);
        registry.add("kepu.store.access-key", s3::accessKey);
        registry.add("kepu.store.secret-key", s3::secretKey);
        registry.add("kepu.store.bucket", () -> s3.newBucketName(ReviewS3IT.class));
        // One instance on its own bucket, testing the store: the local index sees every change.
        registry.add("kepu.search.allow-local-index-with-shared-store", () -> "true");
    }

    @Autowired
    WebTestClient web;

    @Test
    void aWorkIsApprovedPublishedAndRetractedWithItsTrailInTheBucket() {
        KepuClient kepu = new KepuClient(web);
        String admin = kepu.token("adam", "admin");
        String editor = kepu.token("ed", "editor");
        String alice = kepu.token("alice", "creator");
        String rita = kepu.token("rita", "reviewer");
        kepu.registerReviewer(admin, "rita", List.of("光学"), List.of());
        kepu.channels(admin, "kepu");
        String id = kepu.upload(
                alice,
                "{\"title\":\"光速\",\"kind\":\"article\",\"topics\":[\"光学\"],\"license\":\"CC BY 4.0\","
                        + "\"references\":[\"《物理学》\"]}",
                "# 光的速度\n\n光速约为每秒30万公里。\n");

        // read as staff: creators do not see who reviews their works
        Map<String, Object> work = kepu.awaitStatus(editor, id, "IN_REVIEW");
        assertThat(work.get("status")).isEqualTo("IN_REVIEW");
        assertThat(assignees(work)).containsExactly("rita");
        kepu.decide(rita, id, decision(work, "APPROVE", "准确"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        Map<String, Object> published = kepu.post(
                        editor, "/api/v1/works/" + id + "/publication", Map.of("channels", List.of("kepu")))
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(published.get("status")).isEqualTo("PUBLISHED");
        // the item's signed link reads the original from the bucket, a range of it as the server gives it
        Map<String, Object> item = kepu.get(editor, "/api/v1/channels/kepu/items/" + id)
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(item).containsEntry("pubstatus", "usable");
        @SuppressWarnings("unchecked")
        String href = (String)
                ((List<Map<String, Object>>) item.get("renditions")).get(0).get("href");
        byte[] original = "# 光的速度\n\n光速约为每秒30万公里。\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(web.get()
                        .uri(java.net.URI.create(href))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody())
                .isEqualTo(original);
        assertThat(web.get()
                        .uri(java.net.URI.create(href))
                        .header("Range", "bytes=2-4")
                        .exchange()
                        .expectStatus()
                        .isEqualTo(org.springframework.http.HttpStatus.PARTIAL_CONTENT)
                        .expectBody()
                        .returnResult()
                        .getResponseBody())
                .isEqualTo(java.util.Arrays.copyOfRange(original, 2, 5));
        kepu.post(editor, "/api/v1/works/" + id + "/retraction", Map.of("reason", "数据有误"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("RETRACTED");

        kepu.get(alice, "/api/v1/works/" + id + "/versions/1/findings")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        kepu.get(alice, "/api/v1/works/" + id + "/audit/verify")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.valid")
                .isEqualTo(true)
                .jsonPath("$.events")
                .isEqualTo(7);
    }
}
