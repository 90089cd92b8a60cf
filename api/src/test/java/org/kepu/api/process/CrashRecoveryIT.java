package org.kepu.api.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.api.Samples;

/** kill -9 in the middle of concurrent uploads loses no upload that was answered 201. */
class CrashRecoveryIT {

    private static final String METADATA = "{\"title\":\"防灾减灾\",\"kind\":\"article\",\"topics\":[\"disaster\"]}";
    private static final List<String> OPTIONS = List.of("-Xmx256m");
    private static final List<String> ARGS =
            List.of("--kepu.extraction.timeout=10s", "--kepu.extraction.sweep-interval=2s");

    @TempDir
    Path data;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyAcknowledgedUploadSurvivesAKillAndNoHalfWrittenWorkIsVisible() throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        try (KepuProcess first = new KepuProcess(data, OPTIONS, ARGS).start()) {
            String token = first.token("alice", "creator");
            ExecutorService clients = Executors.newFixedThreadPool(6);
            for (int c = 0; c < 6; c++) {
                int client = c;
                clients.execute(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        attempts.incrementAndGet();
                        byte[] file = article(client, i);
                        try {
                            HttpResponse<String> response = Uploads.post(
                                    http,
                                    first.uri("/api/v1/works"),
                                    token,
                                    METADATA,
                                    "a" + client + "-" + i + ".md",
                                    () -> new java.io.ByteArrayInputStream(file));
                            if (response.statusCode() == 201) {
                                acknowledged.put(LargeUploadIT.field(response.body(), "id"), Samples.sha256(file));
                            }
                        } catch (Exception killed) {
                            return;
                        }
                    }
                });
            }
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (acknowledged.size() < 40 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            first.kill9();
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(40);
        assertThat(attempts.get()).as("some uploads were cut off by the kill").isGreaterThan(acknowledged.size());

        try (KepuProcess second = new KepuProcess(data, OPTIONS, ARGS).start()) {
            String alice = second.token("alice", "creator");
            for (Map.Entry<String, String> upload : acknowledged.entrySet()) {
                String work = get(second, alice, "/api/v1/works/" + upload.getKey());
                assertThat(work).contains(upload.getValue());
                byte[] file = Uploads.get(
                                http, second.uri("/api/v1/works/" + upload.getKey() + "/versions/1/file"), alice)
                        .body();
                assertThat(Samples.sha256(file)).isEqualTo(upload.getValue());
            }
            // Every visible work is whole: its file matches its digest, and its extraction finishes.
            String reviewer = second.token("rita", "reviewer");
            List<String> visible = ids(get(second, reviewer, "/api/v1/works?size=100"));
            assertThat(visible).containsAll(acknowledged.keySet());
            for (String id : visible) {
                String work = awaitSettled(second, reviewer, id);
                // Extraction and screening finished after the restart (the articles are alike, so the
                // duplicate check may send some back to their creator).
                assertThat(work).contains("\"extraction\":\"DONE\"");
                assertThat(work).containsAnyOf("\"status\":\"IN_REVIEW\"", "\"status\":\"CHANGES_REQUESTED\"");
                String digest = field(work, "digest");
                byte[] file = Uploads.get(http, second.uri("/api/v1/works/" + id + "/versions/1/file"), reviewer)
                        .body();
                assertThat(Samples.sha256(file)).isEqualTo(digest);
            }
        }
    }

    private static byte[] article(int client, int i) {
        String paragraph = "地震来临时，应就近躲避在坚固的桌子下，保护头部。客户端" + client + "第" + i + "篇。\n";
        return ("# 防震减灾\n\n" + paragraph.repeat(200 + (i * 37 + client * 101) % 4000)).getBytes(StandardCharsets.UTF_8);
    }

    private String get(KepuProcess kepu, String token, String path) throws Exception {
        HttpResponse<byte[]> response = Uploads.get(http, kepu.uri(path), token);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private String awaitSettled(KepuProcess kepu, String token, String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        String work = get(kepu, token, "/api/v1/works/" + id);
        while (work.contains("\"status\":\"PROCESSING\"") && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            work = get(kepu, token, "/api/v1/works/" + id);
        }
        return work;
    }

    private static List<String> ids(String page) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\"").matcher(page);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String field(String json, String name) {
        return LargeUploadIT.field(json, name);
    }
}
