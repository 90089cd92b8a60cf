package org.kepu.api.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads far larger than kepu's heap stream through it; larger than the limit are refused. */
class LargeUploadIT {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final String METADATA = "{\"title\":\"大文件\",\"kind\":\"video\"}";

    @TempDir
    static Path data;

    static KepuProcess kepu;
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        kepu = new KepuProcess(data, List.of("-Xmx256m"), List.of()).start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        kepu.close();
    }

    @Test
    void aGibibyteUploadWithA256MegabyteHeapKeepsItsDigest() throws Exception {
        String token = kepu.token("alice", "creator");
        AtomicReference<GeneratedVideo> sent = new AtomicReference<>();
        HttpResponse<String> created =
                Uploads.post(http, kepu.uri("/api/v1/works"), token, METADATA, "talk.mp4", () -> {
                    sent.set(new GeneratedVideo(GIB, 42));
                    return sent.get();
                });

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String digest = sent.get().digest();
        assertThat(created.body()).contains("\"size\":" + GIB).contains(digest);
        String id = field(created.body(), "id");
        HttpResponse<InputStream> download = http.send(
                java.net.http.HttpRequest.newBuilder(kepu.uri("/api/v1/works/" + id + "/versions/1/file"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(sha256(download.body())).isEqualTo(digest);
        assertThat(kepu.healthy()).as(kepu.logTail()).isTrue();
    }

    @Test
    void aThreeGibibyteStreamIsRefusedAndLeavesNothingBehind() throws Exception {
        String token = kepu.token("bob", "creator");
        try {
            HttpResponse<String> refused = Uploads.post(
                    http, kepu.uri("/api/v1/works"), token, METADATA, "huge.mp4", () -> new GeneratedVideo(3 * GIB, 7));
            assertThat(refused.statusCode()).as(() -> kepu.logTail()).isEqualTo(413);
            assertThat(refused.body()).contains("urn:kepu:problem:too-large");
        } catch (IOException closedWhileSending) {
            // kepu stops reading a refused body after a while; a client still sending then sees the
            // connection close instead of the answer. What matters is below: nothing was kept.
        }
        assertThat(kepu.healthy()).as(kepu.logTail()).isTrue();
        HttpResponse<byte[]> mine = Uploads.get(http, kepu.uri("/api/v1/works?mine=true"), token);
        assertThat(new String(mine.body())).contains("\"total\":0");
        assertThat(uploadsWithoutManifest()).isEmpty();
    }

    private static List<Path> uploadsWithoutManifest() throws IOException {
        Path works = data.resolve("objects/works");
        if (!Files.exists(works)) {
            return List.of();
        }
        try (var files = Files.walk(works)) {
            return files.filter(p -> p.getParent().getFileName().toString().equals("uploads"))
                    .filter(p -> !Files.exists(p.getParent().getParent().resolve("manifest.json")))
                    .toList();
        }
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
