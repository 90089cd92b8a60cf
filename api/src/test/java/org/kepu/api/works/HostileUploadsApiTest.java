package org.kepu.api.works;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kepu.api.Samples;
import org.kepu.api.testing.DevTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Uploads that never finish, drip a few bytes at a time or keep sending after being refused, over raw
 * sockets, with short limits: each is cut off in time, none holds a thread while it waits, and the
 * service keeps answering everyone else meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class HostileUploadsApiTest {

    private static final Logger log = LoggerFactory.getLogger(HostileUploadsApiTest.class);

    private static final Path DATA = tempDir();
    private static final String BOUNDARY = "hostile-boundary";
    private static final String METADATA =
            "{\"title\":\"慢慢上传\",\"kind\":\"article\",\"topics\":[\"carbon\"],\"audiences\":[\"public\"]}";
    private static final long MIB = 1024 * 1024;

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) {
        registry.add("kepu.data-dir", DATA::toString);
        registry.add("kepu.upload.max-size", () -> "4MB");
        registry.add("kepu.upload.idle-timeout", () -> "3s");
        registry.add("kepu.upload.total-timeout", () -> "8s");
        registry.add("kepu.users.concurrent-uploads", () -> "4");
    }

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient web;

    @Test
    void fiftyDripFedAndStalledUploadsAreCutOffAndHoldNoThreadWhileOthersAreServed() throws Exception {
        String admin = DevTokens.token(web, "adam", "admin");
        web.put()
                .uri("/api/v1/channels/hostile-open")
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("title", "开放", "public", true, "outlets", List.of()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        String writer = DevTokens.token(web, "writer", "creator");
        List<String> creators = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            creators.add(DevTokens.token(web, "dripper-" + i, "creator"));
        }
        // The first upload, search and feed warm the service up; the same again under attack is compared.
        Map<String, Long> usual = normalRequests(writer);
        long storedBefore = uploadsStored();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

        // Half send a few bytes every second without a declared length; half declare 1 MB and stop.
        List<RawUpload> hostile = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            hostile.add(new RawUpload(creators.get(i / 4), i % 2 == 0));
        }
        ExecutorService others = Executors.newSingleThreadExecutor();
        CompletableFuture<Map<String, Long>> served =
                CompletableFuture.supplyAsync(() -> normalRequests(writer), others);

        int mostThreads = threadsBefore;
        int mostInUploadCode = 0;
        long mostHeap = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        for (int sample = 0;
                hostile.stream().anyMatch(upload -> !upload.over()) && System.nanoTime() < deadline;
                sample++) {
            for (RawUpload upload : hostile) {
                upload.poll();
            }
            mostThreads =
                    Math.max(mostThreads, ManagementFactory.getThreadMXBean().getThreadCount());
            if (sample % 10 != 1) {
                // Not right after this loop's own collection, whose pause lets chunk writes pile up.
                mostInUploadCode = Math.max(mostInUploadCode, threadsInUploadCode());
            }
            if (sample % 10 == 0) {
                // What the uploads hold, not garbage between collections: the heap in use right after one
                // is what stays, whatever else the JVM (other test contexts' schedules) allocates meanwhile.
                System.gc();
                mostHeap = Math.max(mostHeap, memory.getHeapMemoryUsage().getUsed());
            }
            Thread.sleep(200);
        }
        Map<String, Long> millis = served.get(30, TimeUnit.SECONDS);
        others.shutdown();
        log.info(
                "50 hostile uploads: threads {} -> at most {}, at most {} in upload code, heap grew at most {} MiB,"
                        + " cut off after {} s (drips) and {} s (stalls); meanwhile {} ms (before: {} ms)",
                threadsBefore,
                mostThreads,
                mostInUploadCode,
                (mostHeap - heapBefore) / MIB,
                hostile.stream()
                        .filter(u -> u.drip)
                        .mapToDouble(RawUpload::seconds)
                        .max()
                        .orElse(-1),
                hostile.stream()
                        .filter(u -> !u.drip)
                        .mapToDouble(RawUpload::seconds)
                        .max()
                        .orElse(-1),
                millis,
                usual);

        for (RawUpload upload : hostile) {
            assertThat(upload.over()).as("every hostile upload is cut off").isTrue();
            assertThat(upload.answer()).startsWith("HTTP/1.1 408").contains("urn:kepu:problem:request-timeout");
            if (upload.drip) {
                // Bytes kept coming, so the idle limit never struck: the total limit of 8 s did.
                assertThat(upload.seconds()).isBetween(6.0, 20.0);
            } else {
                assertThat(upload.seconds()).isBetween(2.0, 15.0);
            }
        }
        // A thread per waiting upload would be 50 (or every bounded-elastic thread); writes of complete
        // chunks and commits take a few at a time.
        assertThat(mostInUploadCode)
                .as("threads inside upload code at any sampled moment, with 50 uploads waiting on the network")
                .isLessThanOrEqualTo(5);
        assertThat(mostThreads - threadsBefore).as("threads started meanwhile").isLessThan(30);
        assertThat(mostHeap - heapBefore)
                .as("heap held meanwhile, after collections")
                .isLessThan(128 * MIB);
        assertThat(millis)
                .allSatisfy((request, took) -> assertThat(took)
                        .as(request + " answered meanwhile, in ms")
                        .isLessThan(10_000));

        // Nothing of the 50 stays: only the normal upload's file is stored, and no staged file is left.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(uploadsStored()).isEqualTo(storedBefore + 1);
            assertThat(stagedFiles()).isEmpty();
        });
    }

    @Test
    void aRefusedFileIsReadOnlyALittleFurtherBeforeTheConnectionIsClosed() throws Exception {
        String creator = DevTokens.token(web, "pusher", "creator");
        // An executable is refused from its first bytes, a long way before the 4 MB limit.
        byte[] head = Arrays.copyOf(Samples.elfExecutable(), 128 * 1024);
        Refused executable = pushAfterRefusal(creator, head, 64 * MIB);
        assertThat(executable.answer()).startsWith("HTTP/1.1 415");
        assertThat(executable.sent())
                .as("bytes sent before the connection closed")
                .isLessThan(24 * MIB);

        byte[] text = "# 很长的文章\n\n".getBytes(StandardCharsets.UTF_8);
        Refused tooLarge = pushAfterRefusal(creator, text, 64 * MIB);
        assertThat(tooLarge.answer()).startsWith("HTTP/1.1 413");
        assertThat(tooLarge.sent())
                .as("bytes sent before the connection closed")
                .isLessThan(28 * MIB);
        // The refused part's staged file is removed once its reading has ended, a moment after the answer.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stagedFiles()).isEmpty());
    }

    @Test
    void aCreatorHasFourUploadsUnderWayAtMostAndTheFifthGetsA429() throws Exception {
        String creator = DevTokens.token(web, "busy", "creator");
        List<RawUpload> dripping = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            dripping.add(new RawUpload(creator, true));
        }
        // Dripping keeps them under way until the total limit (8 s), however slow the checks below are.
        ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();
        dripper.scheduleWithFixedDelay(() -> dripping.forEach(RawUpload::poll), 0, 200, TimeUnit.MILLISECONDS);
        try {
            // On a loaded machine the server may take seconds to start reading the four; it answers a 429
            // from then until the first is cut off by the total limit (8 s after its body began).
            await().atMost(Duration.ofSeconds(12))
                    .untilAsserted(() -> upload(creator, "# 第五个\n\n光速约为每秒30万公里。\n")
                            .expectStatus()
                            .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                            .expectHeader()
                            .valueEquals(HttpHeaders.RETRY_AFTER, "5")
                            .expectHeader()
                            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectBody()
                            .jsonPath("$.type")
                            .isEqualTo("urn:kepu:problem:too-many-uploads"));
            // Another creator is not held back by this one's uploads.
            upload(DevTokens.token(web, "calm", "creator"), "# 别人\n\n声音在空气中传播。\n")
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .returnResult();

            // Once the dripping ones are cut off, their slots are free again.
            await().atMost(Duration.ofSeconds(20)).until(() -> dripping.stream().allMatch(RawUpload::over));
        } finally {
            dripper.shutdownNow();
            dripper.awaitTermination(5, TimeUnit.SECONDS);
        }
        upload(creator, "# 终于\n\n水在100摄氏度沸腾。\n")
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
    }

    /** A normal upload, a search and a feed, each timed in milliseconds. */
    private Map<String, Long> normalRequests(String writer) {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long start = System.nanoTime();
        upload(writer, "# 正常的文章\n\n光从太阳到地球大约需要8分钟。\n")
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        long uploaded = System.nanoTime();
        web.get()
                .uri("/api/v1/search?q=光")
                .headers(h -> h.setBearerAuth(writer))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        long searched = System.nanoTime();
        web.get()
                .uri("/feeds/hostile-open.atom")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        long fed = System.nanoTime();
        return Map.of(
                "upload", TimeUnit.NANOSECONDS.toMillis(uploaded - start),
                "search", TimeUnit.NANOSECONDS.toMillis(searched - uploaded),
                "feed", TimeUnit.NANOSECONDS.toMillis(fed - searched));
    }

    private WebTestClient.ResponseSpec upload(String token, String markdown) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("metadata", METADATA, MediaType.APPLICATION_JSON);
        parts.part("file", new ByteArrayResource(markdown.getBytes(StandardCharsets.UTF_8)) {
                    @Override
                    public String getFilename() {
                        return "article.md";
                    }
                })
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        return web.post()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(token))
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange();
    }

    /**
     * Sends a file part that starts with {@code head} and keeps sending up to {@code total} bytes as fast as
     * the connection takes them, reading the answer alongside; stops when the server closes.
     */
    private Refused pushAfterRefusal(String token, byte[] head, long total) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    socket.getInputStream().transferTo(answer);
                } catch (IOException closed) {
                    // The server reset the connection: what was read so far is the answer.
                }
            });
            reader.start();
            long sent = 0;
            try {
                var out = socket.getOutputStream();
                // Without a declared length, so that only reading the body can find it too large.
                out.write(requestHead(token, "Transfer-Encoding: chunked"));
                out.write(chunk(bodyStart()));
                out.write(chunk(head));
                sent = head.length;
                byte[] filler = new byte[64 * 1024];
                Arrays.fill(filler, (byte) 'a');
                byte[] framed = chunk(filler);
                while (sent < total) {
                    out.write(framed);
                    sent += filler.length;
                }
            } catch (IOException closed) {
                // Expected: the server stopped reading and closed the connection.
            }
            reader.join(20_000);
            return new Refused(answer.toString(StandardCharsets.UTF_8), sent);
        }
    }

    private record Refused(String answer, long sent) {}

    /** An upload over a raw connection that drips a few bytes a second, or stops after the first ones. */
    private final class RawUpload {
        final boolean drip;
        private final SocketChannel channel;
        private final long opened = System.nanoTime();
        private final ByteArrayOutputStream answer = new ByteArrayOutputStream();
        private volatile long closed = -1;
        private long nextDrip;

        RawUpload(String token, boolean drip) throws IOException {
            this.drip = drip;
            this.channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            byte[] start = bodyStart();
            write(requestHead(token, drip ? "Transfer-Encoding: chunked" : "Content-Length: 1000000"));
            write(drip ? chunk(start) : start);
            channel.configureBlocking(false);
            nextDrip = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        }

        /** Reads what arrived, and drips the next bytes when due, until the server closes. */
        void poll() {
            if (closed >= 0) {
                return;
            }
            try {
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                int n;
                while ((n = channel.read(buffer)) > 0) {
                    answer.write(buffer.array(), 0, n);
                    buffer.clear();
                }
                if (n < 0) {
                    close();
                    return;
                }
                if (drip && answer.size() == 0 && System.nanoTime() >= nextDrip) {
                    write(chunk("科学".getBytes(StandardCharsets.UTF_8)));
                    nextDrip = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            } catch (IOException reset) {
                close();
            }
        }

        boolean over() {
            return closed >= 0;
        }

        double seconds() {
            return (closed - opened) / 1e9;
        }

        String answer() {
            return answer.toString(StandardCharsets.UTF_8);
        }

        private void write(byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        private void close() {
            closed = System.nanoTime();
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closed either way.
            }
        }
    }

    private static byte[] requestHead(String token, String framing) {
        return ("POST /api/v1/works HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n" + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The metadata part, then the start of the file part. */
    private static byte[] bodyStart() {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + METADATA + "\r\n--" + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.md\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chunk(byte[] content) {
        byte[] size = (Integer.toHexString(content.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = Arrays.copyOf(size, size.length + content.length + 2);
        System.arraycopy(content, 0, framed, size.length, content.length);
        framed[framed.length - 2] = '\r';
        framed[framed.length - 1] = '\n';
        return framed;
    }

    /**
     * Threads whose stack is in upload code right now. Store code alone does not count: other test contexts
     * alive in the same JVM run their scheduled jobs (sweeps, assignments, publications) through the store.
     */
    private static int threadsInUploadCode() {
        int busy = 0;
        for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
            for (StackTraceElement frame : stack) {
                String name = frame.getClassName();
                if (name.startsWith("org.kepu.api.works.UploadParts")
                        || name.startsWith("org.kepu.ingestion.upload.")) {
                    busy++;
                    break;
                }
            }
        }
        return busy;
    }

    private static long uploadsStored() throws IOException {
        Path works = DATA.resolve("objects/works");
        if (!Files.exists(works)) {
            return 0;
        }
        try (var files = Files.walk(works)) {
            return files.filter(p -> p.getParent().getFileName().toString().equals("uploads"))
                    .count();
        }
    }

    private static List<String> stagedFiles() throws IOException {
        try (var files = Files.list(DATA.resolve("objects/.kepu-tmp"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals("store.lock"))
                    .toList();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kepu-hostile-uploads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
