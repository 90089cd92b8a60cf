package org.kepu.api.works;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.Samples;
import org.kepu.api.testing.DevTokens;
import org.kepu.testkit.S3Server;
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

/** The production storage path: kepu on a real S3 server, uploads, extraction and presigned downloads. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class S3StorageIT {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws Exception {
        S3Server s3 = S3Server.shared();
        Path data = Files.createTempDirectory("kepu-s3-it");
        registry.add("kepu.data-dir", data::toString);
        registry.add("kepu.store.type", () -> "s3");
        registry.add("kepu.auth.dev-issuer.enabled", () -> "true");
        registry.add("kepu.store.endpoint", s3::endpoint);
        registry.add("kepu.store.access-key", s3::accessKey);
        registry.add("kepu.store.secret-key", s3::secretKey);
        registry.add("kepu.store.bucket", () -> s3.newBucketName(S3StorageIT.class));
        // One instance on its own bucket, testing the store: the local index sees every change.
        registry.add("kepu.search.allow-local-index-with-shared-store", () -> "true");
        registry.add("kepu.store.presigned-downloads", () -> "true");
    }

    @Autowired
    WebTestClient web;

    @Test
    void aWorkLivesInTheBucketAndItsFileIsServedThroughAPresignedUrl() throws Exception {
        String alice = token("alice");
        byte[] docx = Samples.docx("人工智能正在改变科学研究的方式。");
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("metadata", "{\"title\":\"人工智能\",\"kind\":\"article\"}", MediaType.APPLICATION_JSON);
        parts.part("file", new ByteArrayResource(docx) {
            @Override
            public String getFilename() {
                return "ai.docx";
            }
        });
        Map<String, Object> created = web.post()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(alice))
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        String id = (String) created.get("id");

        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String status = "PROCESSING";
        while ("PROCESSING".equals(status) && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            status = (String) web.get()
                    .uri("/api/v1/works/{id}", id)
                    .headers(h -> h.setBearerAuth(alice))
                    .exchange()
                    .expectBody(MAP)
                    .returnResult()
                    .getResponseBody()
                    .get("status");
        }
        assertThat(status).isEqualTo("IN_REVIEW");
        web.get()
                .uri("/api/v1/works/{id}/versions/1/text", id)
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text).contains("人工智能正在改变科学研究的方式。"));

        URI presigned = web.get()
                .uri("/api/v1/works/{id}/versions/1/file", id)
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.FOUND)
                .returnResult(Void.class)
                .getResponseHeaders()
                .getLocation();
        assertThat(presigned.toString()).startsWith(S3Server.shared().endpoint());
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(presigned).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(Samples.sha256(download.body())).isEqualTo(Samples.sha256(docx));
    }

    private String token(String sub) {
        return DevTokens.token(web, sub, "creator");
    }
}
