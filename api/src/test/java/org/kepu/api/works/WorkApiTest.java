package org.kepu.api.works;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.Samples;
import org.kepu.api.testing.DevTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** The work API in embedded mode, as a creator, another creator and a reviewer use it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class WorkApiTest {

    private static final Path DATA = tempDir();
    private static final String METADATA =
            "{\"title\":\"碳达峰与碳中和\",\"kind\":\"article\",\"topics\":[\"carbon\"],\"audiences\":[\"public\"]}";

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) {
        registry.add("kepu.data-dir", DATA::toString);
        registry.add("kepu.upload.max-size", () -> "4MB");
        registry.add("kepu.extraction.timeout", () -> "30s");
    }

    @Autowired
    WebTestClient web;

    @Test
    void withoutTokenEveryRouteAnswers401WithAProblemDocument() {
        web.get()
                .uri("/api/v1/works")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.requestId")
                .isNotEmpty();
        web.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
    }

    @Test
    void aDocxIsStoredWithItsDigestExtractedAndReadableByItsOwnerOnly() {
        String alice = token("alice", "creator");
        byte[] docx = Samples.docx("碳达峰是指二氧化碳排放量达到峰值。", "碳中和是指排放与吸收相互抵消。");

        Map<String, Object> created = upload(alice, METADATA, "碳中和.docx", docx)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .value("Location", location -> assertThat(location).startsWith("/api/v1/works/"))
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        String id = (String) created.get("id");
        Map<String, Object> v1 = versions(created).get(0);
        assertThat(v1.get("digest")).isEqualTo(Samples.sha256(docx));
        assertThat(v1.get("mediaType")).asString().contains("wordprocessingml");
        assertThat(v1.get("size")).isEqualTo(docx.length);

        assertThat(awaitExtraction(alice, id).get("status")).isEqualTo("IN_REVIEW");
        String text = web.get()
                .uri("/api/v1/works/{id}/versions/1/text", id)
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(text).contains("碳达峰是指二氧化碳排放量达到峰值。").contains("碳中和是指排放与吸收相互抵消。");
        byte[] original = web.get()
                .uri("/api/v1/works/{id}/versions/1/file", id)
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(original).isEqualTo(docx);

        web.get()
                .uri("/api/v1/works/{id}", id)
                .headers(h -> h.setBearerAuth(token("bob", "creator")))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .returnResult();
        web.get()
                .uri("/api/v1/works/{id}", id)
                .headers(h -> h.setBearerAuth(token("rita", "reviewer")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        Map<String, Object> bobsList = web.get()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(token("bob", "creator")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat((List<?>) bobsList.get("items")).isEmpty();
    }

    @Test
    void aNewVersionIsNumberedAndOnlyItsOwnerMayAddIt() {
        String alice = token("alice", "creator");
        String id =
                (String) upload(alice, METADATA, "a.md", "# 光速\n\n光在真空中每秒约传播30万公里。".getBytes(StandardCharsets.UTF_8))
                        .expectStatus()
                        .isCreated()
                        .expectBody(MAP)
                        .returnResult()
                        .getResponseBody()
                        .get("id");
        byte[] v2 = "# 光速\n\n光在真空中的速度约为每秒299792公里。".getBytes(StandardCharsets.UTF_8);

        web.post()
                .uri("/api/v1/works/{id}/versions", id)
                .headers(h -> h.setBearerAuth(token("mallory", "creator")))
                .body(BodyInserters.fromMultipartData(parts(null, "b.md", v2)))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .returnResult();
        Map<String, Object> updated = web.post()
                .uri("/api/v1/works/{id}/versions", id)
                .headers(h -> h.setBearerAuth(alice))
                .body(BodyInserters.fromMultipartData(parts(null, "b.md", v2)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(updated.get("currentVersion")).isEqualTo(2);
        assertThat(versions(updated).get(1).get("digest")).isEqualTo(Samples.sha256(v2));
        assertThat(versions(updated).get(1).get("mediaType")).asString().startsWith("text/markdown");
        assertThat(awaitExtraction(alice, id).get("status")).isEqualTo("IN_REVIEW");
    }

    @Test
    void badMetadataListsEveryBadFieldAndStoresNothing() {
        String alice = token("alice", "creator");
        upload(
                        alice,
                        "{\"kind\":\"novel\",\"audiences\":[\"aliens\"],\"colour\":1}",
                        "a.txt",
                        "科学".getBytes(StandardCharsets.UTF_8))
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'title')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'kind')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'audiences')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'colour')]")
                .exists();
        upload(alice, "{not json", "a.txt", "科学".getBytes(StandardCharsets.UTF_8))
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .returnResult();
        upload(
                        alice,
                        "{\"title\":\"" + "长".repeat(70_000) + "\",\"kind\":\"article\"}",
                        "a.txt",
                        "科学".getBytes(StandardCharsets.UTF_8))
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody()
                .returnResult();
        upload(alice, METADATA, null, null)
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .returnResult();
        assertThat(originalsStored())
                .as("nothing of a refused upload stays in the store")
                .isZero();
    }

    @Test
    void filesAreJudgedByTheirBytesNotTheirNames() {
        String alice = token("alice", "creator");
        upload(alice, METADATA, "paper.pdf", Samples.elfExecutable())
                .expectStatus()
                .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectBody()
                .jsonPath("$.detail")
                .isNotEmpty();
        upload(alice, METADATA, "empty.pdf", new byte[0])
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .returnResult();
        upload(alice, METADATA, "big.txt", "科".repeat(2 * 1024 * 1024).getBytes(StandardCharsets.UTF_8))
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody()
                .returnResult();
        assertThat(originalsStored()).isZero();

        Map<String, Object> sneaky = upload(
                        alice, METADATA, "../../etc/passwd.txt", "科学素质".getBytes(StandardCharsets.UTF_8))
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(versions(sneaky).get(0).get("fileName")).isEqualTo("passwd.txt");
    }

    @Test
    void damagedLockedAndBombedDocumentsFailWithAReasonAndTheServiceStaysHealthy() {
        String alice = token("alice", "creator");
        byte[] pdf = Samples.pdf("Popular science for everyone", null);
        byte[] truncated = java.util.Arrays.copyOf(pdf, pdf.length / 3);
        String damaged = createdId(upload(alice, METADATA, "cut.pdf", truncated));
        String locked = createdId(upload(alice, METADATA, "locked.pdf", Samples.pdf("secret", "user-pw")));
        // a zip bomb is refused as it arrives: its parts unpack far more than a hundredfold
        upload(alice, METADATA, "bomb.docx", Samples.docxBomb())
                .expectStatus()
                .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("hundredfold"));

        Map<String, Object> damagedWork = awaitExtraction(alice, damaged);
        assertThat(damagedWork.get("status")).isEqualTo("FAILED");
        assertThat(damagedWork.get("statusReason")).asString().isNotBlank();
        Map<String, Object> lockedWork = awaitExtraction(alice, locked);
        assertThat(lockedWork.get("status")).isEqualTo("FAILED");
        assertThat(lockedWork.get("statusReason")).asString().containsIgnoringCase("password");

        web.get()
                .uri("/api/v1/works/{id}/versions/1/text", damaged)
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .returnResult();
        web.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
    }

    @Test
    void onlyCreatorsUploadAndTheDevIssuerRefusesUnknownRoles() {
        upload(token("olga", "outlet"), METADATA, "a.txt", "科学".getBytes(StandardCharsets.UTF_8))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
        web.post()
                .uri("/dev/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sub", "x", "roles", List.of("superuser")))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .returnResult();
        web.get()
                .uri("/api/v1/works/not-a-work")
                .headers(h -> h.setBearerAuth(token("rita", "reviewer")))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult();
    }

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    private String token(String sub, String... roles) {
        return DevTokens.token(web, sub, roles);
    }

    private WebTestClient.ResponseSpec upload(String token, String metadata, String fileName, byte[] file) {
        return web.post()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(token))
                .body(BodyInserters.fromMultipartData(parts(metadata, fileName, file)))
                .exchange();
    }

    private static org.springframework.util.MultiValueMap<String, org.springframework.http.HttpEntity<?>> parts(
            String metadata, String fileName, byte[] file) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        if (metadata != null) {
            builder.part("metadata", metadata, MediaType.APPLICATION_JSON);
        }
        if (file != null) {
            builder.part("file", new ByteArrayResource(file) {
                        @Override
                        public String getFilename() {
                            return fileName;
                        }
                    })
                    .contentType(MediaType.APPLICATION_OCTET_STREAM);
        }
        return builder.build();
    }

    private String createdId(WebTestClient.ResponseSpec response) {
        return (String) response.expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody()
                .get("id");
    }

    private Map<String, Object> awaitExtraction(String token, String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            Map<String, Object> work = web.get()
                    .uri("/api/v1/works/{id}", id)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(MAP)
                    .returnResult()
                    .getResponseBody();
            if (!"PROCESSING".equals(work.get("status")) || Instant.now().isAfter(deadline)) {
                return work;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return work;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> versions(Map<String, Object> work) {
        return (List<Map<String, Object>>) work.get("versions");
    }

    /** Originals of works that were refused must not linger. */
    private static long originalsStored() {
        Path works = DATA.resolve("objects/works");
        if (!Files.exists(works)) {
            return 0;
        }
        try (var files = Files.walk(works)) {
            return files.filter(p -> p.getParent().getFileName().toString().equals("uploads"))
                    .filter(p -> !isCommitted(p))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isCommitted(Path upload) {
        return Files.exists(upload.getParent().getParent().resolve("manifest.json"));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kepu-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
