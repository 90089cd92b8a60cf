package org.kepu.api.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.api.Samples;

/**
 * SIGTERM while an upload streams in: kepu stops taking new requests, lets the upload finish and answer
 * 201, then exits; after a restart the work is there with the bytes sent and its extraction completes.
 */
class GracefulShutdownIT {

    private static final String METADATA = "{\"title\":\"优雅停机\",\"kind\":\"article\",\"topics\":[\"ops\"]}";

    @TempDir
    Path data;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void anUploadUnderWayWhenKepuIsToldToStopIsFinishedAndKept() throws Exception {
        byte[] file = article();
        CountDownLatch started = new CountDownLatch(1);
        String id;
        try (KepuProcess first = new KepuProcess(data, List.of("-Xmx256m"), List.of()).start()) {
            String token = first.token("alice", "creator");
            CompletableFuture<HttpResponse<String>> upload = CompletableFuture.supplyAsync(() -> {
                try {
                    return Uploads.post(
                            http,
                            first.uri("/api/v1/works"),
                            token,
                            METADATA,
                            "slow.md",
                            () -> new Trickle(file, started));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            first.terminate();

            HttpResponse<String> answer = upload.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            id = LargeUploadIT.field(answer.body(), "id");
            assertThat(first.awaitExit(Duration.ofSeconds(60)))
                    .as(first.logTail())
                    .isTrue();
        }
        try (KepuProcess second = new KepuProcess(data, List.of("-Xmx256m"), List.of()).start()) {
            String token = second.token("alice", "creator");
            String work = awaitExtracted(second, id, token);
            assertThat(work).contains(Samples.sha256(file));
        }
    }

    private String awaitExtracted(KepuProcess kepu, String id, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String work = "";
        while (System.nanoTime() < deadline) {
            work = new String(
                    Uploads.get(http, kepu.uri("/api/v1/works/" + id), token).body(), StandardCharsets.UTF_8);
            if (!work.contains("\"PROCESSING\"")) {
                return work;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("still processing: " + work);
    }

    private static byte[] article() {
        StringBuilder text = new StringBuilder("# 优雅停机\n\n");
        while (text.length() < 200_000) {
            text.append("地震发生时，应就近躲避在坚固的桌子下，保护头部，待震动停止后有序撤离。\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends the file in small pieces over about three seconds, saying when the first one went out. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final CountDownLatch started;
        private int position;

        Trickle(byte[] bytes, CountDownLatch started) {
            this.bytes = bytes;
            this.started = started;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            if (position > 0) {
                started.countDown();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int n = Math.min(Math.min(length, 8 * 1024), bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
