package org.kepu.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.api.testing.KepuClient.LIST;
import static org.kepu.api.testing.KepuClient.MAP;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A poster whose only text is in its picture is read by OCR, screened like any text, and its myth comes
 * back as a blocker with the place on the poster where it is written. The poster is a copy of the
 * ingestion fixture drawn by {@code OcrFixtures}: the myth is its second line, centred at baseline 260
 * in 48 px type on a 900×520 picture. The blank picture is the fixture without writing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class OcrPosterApiTest {

    private static final Path DATA = tempDir();

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) {
        registry.add("kepu.data-dir", DATA::toString);
        registry.add("kepu.extraction.timeout", () -> "60s");
    }

    @Autowired
    WebTestClient web;

    @Test
    @SuppressWarnings("unchecked")
    void aPostersMythIsABlockerThatPointsAtItsLineOnThePoster() throws IOException {
        KepuClient kepu = new KepuClient(web);
        String alice = kepu.token("alice", "creator");
        String id = kepu.upload(alice, metadata().replace("\"license\":\"CC BY 4.0\",", ""), "海报.png", poster());

        Map<String, Object> work = kepu.awaitStatus(alice, id, "CHANGES_REQUESTED");
        assertThat(work.get("status")).isEqualTo("CHANGES_REQUESTED");

        String text = kepu.get(alice, "/api/v1/works/" + id + "/versions/1/text")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(text).contains("隔夜菜会致癌");

        List<Map<String, Object>> findings = kepu.get(alice, "/api/v1/works/" + id + "/versions/1/findings")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        Map<String, Object> myth = findings.stream()
                .filter(f -> "BLOCKER".equals(f.get("severity")))
                .filter(f -> "myth.food.overnight_dishes".equals(f.get("rule")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no blocker for the myth in " + findings));
        int start = (Integer) myth.get("start");
        assertThat(text.substring(start, (Integer) myth.get("end"))).isNotBlank();
        Map<String, Object> region = (Map<String, Object>) myth.get("region");
        assertThat(region).as("region of %s", myth).isNotNull().containsEntry("page", 1);
        Map<String, Object> box = (Map<String, Object>) region.get("box");
        int top = (Integer) box.get("y");
        int bottom = top + (Integer) box.get("h");
        // The myth's line, not the title above (y < 110) nor the advice below (baseline 420).
        assertThat(top).isBetween(190, 240);
        assertThat(bottom).isBetween(255, 300);
        assertThat(((Number) region.get("confidence")).doubleValue()).isGreaterThan(0.9);
        // The missing licence is about the whole poster: no line of it is marked.
        assertThat(findings)
                .filteredOn(f -> "meta.license.missing".equals(f.get("rule")))
                .singleElement()
                .satisfies(f -> assertThat(f).doesNotContainKey("region"));

        Map<String, Object> marked = web.get()
                .uri("/api/v1/works/{id}/versions/1/text", id)
                .headers(h -> h.setBearerAuth(alice))
                .accept(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(marked.get("text")).isEqualTo(text);
        List<Map<String, Object>> ocr = (List<Map<String, Object>>) marked.get("ocr");
        assertThat(ocr).hasSize(3);
        assertThat(ocr).anySatisfy(line -> {
            assertThat((Integer) line.get("start")).isLessThanOrEqualTo(start);
            assertThat((Integer) line.get("end")).isGreaterThan(start);
            assertThat(((Number) line.get("confidence")).doubleValue()).isGreaterThan(0.9);
        });
    }

    @Test
    void aTextWorksFindingsCarryNoRegion() {
        KepuClient kepu = new KepuClient(web);
        String bob = kepu.token("bob", "creator");
        String id = kepu.upload(bob, metadata(), "# 剩菜\n\n隔夜菜会致癌，千万不能吃！\n");
        kepu.awaitStatus(bob, id, "CHANGES_REQUESTED");
        List<Map<String, Object>> findings = kepu.get(bob, "/api/v1/works/" + id + "/versions/1/findings")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        assertThat(findings).isNotEmpty().allSatisfy(f -> assertThat(f).doesNotContainKey("region"));
        String plain = kepu.get(bob, "/api/v1/works/" + id + "/versions/1/text")
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(plain).contains("隔夜菜会致癌");
    }

    @Test
    void aPictureWithoutWritingGoesToReviewWithANoteThatNothingWasScreened() throws IOException {
        KepuClient kepu = new KepuClient(web);
        String carol = kepu.token("carol", "creator");
        String id = kepu.upload(carol, metadata(), "天空.png", picture("ocr-blank.png"));

        Map<String, Object> work = kepu.awaitStatus(carol, id, "IN_REVIEW");
        assertThat(work.get("status")).isEqualTo("IN_REVIEW");
        String text = kepu.get(carol, "/api/v1/works/" + id + "/versions/1/text")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(text).isNullOrEmpty();
        List<Map<String, Object>> findings = kepu.get(carol, "/api/v1/works/" + id + "/versions/1/findings")
                .expectStatus()
                .isOk()
                .expectBody(LIST)
                .returnResult()
                .getResponseBody();
        assertThat(findings)
                .anySatisfy(f ->
                        assertThat(f).containsEntry("rule", "no-readable-text").containsEntry("severity", "INFO"));
    }

    private static byte[] poster() throws IOException {
        return picture("ocr-poster.png");
    }

    private static byte[] picture(String name) throws IOException {
        try (InputStream in = OcrPosterApiTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static String metadata() {
        return "{\"title\":\"食品安全小知识\",\"kind\":\"poster\",\"topics\":[\"健康\"],\"audiences\":[\"public\"],"
                + "\"license\":\"CC BY 4.0\",\"references\":[\"《中国居民膳食指南》\"]}";
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kepu-ocr-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
