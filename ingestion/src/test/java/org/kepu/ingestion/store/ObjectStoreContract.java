package org.kepu.ingestion.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link ObjectStore} adapter promises. Each test works under its own key prefix, so the
 * adapters' tests may share one bucket or directory.
 */
abstract class ObjectStoreContract {

    private static final long MIB = 1024 * 1024;

    /** Unique per test: JUnit makes a new instance for every test method. */
    private final String base = "t-" + UUID.randomUUID().toString().substring(0, 8) + "/";

    /** The store under test; the same instance for the whole test method. */
    protected abstract ObjectStore store();

    /** Whether the adapter hands out URLs for direct download. */
    protected abstract boolean supportsPresignedUrls();

    String key(String relative) {
        return base + relative;
    }

    private ObjectStore.ObjectInfo putBytes(String key, byte[] content) {
        return store().put(key, new ByteArrayInputStream(content), content.length, "text/plain");
    }

    @Test
    void smallObjectRoundTrips() throws IOException {
        byte[] content = "光合作用把光能转化为化学能。".getBytes(UTF_8);
        String key = key("works/1/v1/text.txt");

        ObjectStore.ObjectInfo written = putBytes(key, content);

        assertThat(written.key()).isEqualTo(key);
        assertThat(written.size()).isEqualTo(content.length);
        assertThat(written.etag()).isNotBlank().doesNotContain("\"");
        ObjectStore.Blob blob = store().read(key).orElseThrow();
        assertThat(blob.content()).isEqualTo(content);
        assertThat(blob.etag()).isEqualTo(written.etag());
        try (InputStream in = store().open(key).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        ObjectStore.ObjectInfo stat = store().stat(key).orElseThrow();
        assertThat(stat.size()).isEqualTo(content.length);
        assertThat(stat.etag()).isEqualTo(written.etag());
        assertThat(stat.lastModified()).isNotNull();
    }

    @Test
    void aRangeOfAnObjectIsReadAlone() throws IOException {
        byte[] content = new byte[100_000];
        new java.util.Random(7).nextBytes(content);
        String key = key("works/1/uploads/video");
        putBytes(key, content);

        try (InputStream in = store().open(key, 40_000, 1_000).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 40_000, 41_000));
        }
        try (InputStream in = store().open(key, 99_990, 1_000).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 99_990, 100_000));
        }
        assertThat(store().open(key("missing"), 0, 10)).isEmpty();
        // A range from the end on, as an empty text is read, is there and holds nothing (S3 answers 416).
        try (InputStream in = store().open(key, 100_000, 10).orElseThrow()) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        String empty = key("works/1/v1/text.txt");
        putBytes(empty, new byte[0]);
        try (InputStream in = store().open(empty, 0, 1_000).orElseThrow()) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void aWrittenObjectAppearsOnlyOnCommitAndAnAbortedOneNever() throws IOException {
        String kept = key("pieces/kept.bin");
        ObjectStore.Writer writer = store().writer(kept, "application/octet-stream");
        writer.write("春眠不觉晓，".getBytes(UTF_8), 0, 18);
        writer.write("xx处处闻啼鸟".getBytes(UTF_8), 2, 15);
        assertThat(store().stat(kept)).isEmpty();
        ObjectStore.ObjectInfo written = writer.commit();
        assertThat(written.size()).isEqualTo(33);
        try (var in = store().open(kept).orElseThrow()) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("春眠不觉晓，处处闻啼鸟");
        }
        writer.abort();
        assertThat(store().stat(kept)).isPresent();

        String dropped = key("pieces/dropped.bin");
        ObjectStore.Writer abandoned = store().writer(dropped, "application/octet-stream");
        abandoned.write(new byte[1000], 0, 1000);
        abandoned.abort();
        abandoned.abort();
        assertThat(store().stat(dropped)).isEmpty();
        assertThat(store().list(key("pieces/")))
                .extracting(ObjectStore.ObjectInfo::key)
                .containsExactly(kept);
    }

    @Test
    void emptyObjectRoundTrips() {
        String key = key("empty");

        ObjectStore.ObjectInfo written = putBytes(key, new byte[0]);

        assertThat(written.size()).isZero();
        assertThat(store().read(key).orElseThrow().content()).isEmpty();
        assertThat(store().stat(key).orElseThrow().size()).isZero();
    }

    @Test
    void largeStreamOfUnknownSizeRoundTrips() {
        long size = 20 * MIB + 123;
        String key = key("works/2/v1/original.pdf");

        ObjectStore.ObjectInfo written =
                store().put(key, TestStreams.pseudoRandom(size, 42), ObjectStore.UNKNOWN_SIZE, "application/pdf");

        assertThat(written.size()).isEqualTo(size);
        assertThat(store().stat(key).orElseThrow().size()).isEqualTo(size);
        assertThat(store().stat(key).orElseThrow().etag()).isEqualTo(written.etag());
        String expected = TestStreams.sha256(TestStreams.pseudoRandom(size, 42));
        assertThat(TestStreams.sha256(store().open(key).orElseThrow())).isEqualTo(expected);
    }

    @Test
    void aLargeObjectWrittenInUnevenPiecesRoundTripsAndAnAbortedOneLeavesNothing() throws IOException {
        long size = 20 * MIB + 123;
        String key = key("works/4/v1/original.mp4");
        ObjectStore.Writer writer = store().writer(key, "video/mp4");
        byte[] piece = new byte[100_003];
        try (var in = TestStreams.pseudoRandom(size, 7)) {
            for (int n = in.readNBytes(piece, 0, piece.length); n > 0; n = in.readNBytes(piece, 0, piece.length)) {
                writer.write(piece, 0, n);
            }
        }
        assertThat(store().stat(key)).isEmpty();
        assertThat(writer.commit().size()).isEqualTo(size);
        String expected = TestStreams.sha256(TestStreams.pseudoRandom(size, 7));
        assertThat(TestStreams.sha256(store().open(key).orElseThrow())).isEqualTo(expected);

        String dropped = key("works/5/v1/original.mp4");
        ObjectStore.Writer abandoned = store().writer(dropped, "video/mp4");
        for (int i = 0; i < 200; i++) {
            abandoned.write(piece, 0, piece.length);
        }
        abandoned.abort();
        assertThat(store().stat(dropped)).isEmpty();
    }

    @Test
    void largeStreamOfKnownSizeRoundTrips() {
        long size = 12 * MIB + 5;
        String key = key("works/3/v1/original.mp4");

        ObjectStore.ObjectInfo written = store().put(key, TestStreams.pseudoRandom(size, 3), size, "video/mp4");

        assertThat(written.size()).isEqualTo(size);
        String expected = TestStreams.sha256(TestStreams.pseudoRandom(size, 3));
        assertThat(TestStreams.sha256(store().open(key).orElseThrow())).isEqualTo(expected);
    }

    @Test
    void knownSizeReadsOnlyThatManyBytes() {
        String key = key("prefix-only");

        ObjectStore.ObjectInfo written =
                store().put(key, new ByteArrayInputStream("abcdef".getBytes(UTF_8)), 3, "text/plain");

        assertThat(written.size()).isEqualTo(3);
        assertThat(store().read(key).orElseThrow().content()).isEqualTo("abc".getBytes(UTF_8));
    }

    @Test
    void chineseKeysRoundTripAndList() {
        String key = key("科普/文章 一.txt");

        putBytes(key, "黑洞".getBytes(UTF_8));

        assertThat(store().read(key).orElseThrow().content()).isEqualTo("黑洞".getBytes(UTF_8));
        assertThat(store().list(key("科普/")))
                .extracting(ObjectStore.ObjectInfo::key)
                .containsExactly(key);
    }

    @Test
    void overwriteReplacesContentAndEtag() {
        String key = key("manifest.json");
        ObjectStore.ObjectInfo first = putBytes(key, "{\"revision\":1}".getBytes(UTF_8));

        ObjectStore.ObjectInfo second = putBytes(key, "{\"revision\":2}".getBytes(UTF_8));

        assertThat(second.etag()).isNotEqualTo(first.etag());
        ObjectStore.Blob blob = store().read(key).orElseThrow();
        assertThat(new String(blob.content(), UTF_8)).isEqualTo("{\"revision\":2}");
        assertThat(blob.etag()).isEqualTo(second.etag());
    }

    @Test
    void missingObjectsAreEmpty() {
        String key = key("nothing/here");

        assertThat(store().read(key)).isEmpty();
        assertThat(store().open(key)).isEmpty();
        assertThat(store().stat(key)).isEmpty();
    }

    @Test
    void listReturnsKeysUnderPrefixInOrder() {
        for (String relative : List.of("a/b/2", "a/b/10", "a/b/1", "a/bc/1", "a/bd", "b/1")) {
            putBytes(key(relative), relative.getBytes(UTF_8));
        }

        assertThat(store().list(key("a/b/")))
                .extracting(ObjectStore.ObjectInfo::key)
                .containsExactly(key("a/b/1"), key("a/b/10"), key("a/b/2"));
        assertThat(store().list(key("a/b")))
                .extracting(ObjectStore.ObjectInfo::key)
                .containsExactly(key("a/b/1"), key("a/b/10"), key("a/b/2"), key("a/bc/1"), key("a/bd"));
        assertThat(store().list(key("a/bc")))
                .extracting(ObjectStore.ObjectInfo::key)
                .containsExactly(key("a/bc/1"));
        assertThat(store().list(base))
                .extracting(ObjectStore.ObjectInfo::key)
                .containsExactly(key("a/b/1"), key("a/b/10"), key("a/b/2"), key("a/bc/1"), key("a/bd"), key("b/1"));
        assertThat(store().list(key("c/"))).isEmpty();
        assertThat(store().list(base.substring(0, base.length() - 1))).hasSize(6);
    }

    @Test
    void listedEntriesMatchStat() {
        String key = key("listed/one");
        ObjectStore.ObjectInfo written = putBytes(key, "12345".getBytes(UTF_8));

        ObjectStore.ObjectInfo listed = store().list(key("listed/")).get(0);

        assertThat(listed.key()).isEqualTo(key);
        assertThat(listed.size()).isEqualTo(5);
        assertThat(listed.etag()).isEqualTo(written.etag());
        assertThat(listed.lastModified()).isNotNull();
    }

    @Test
    void deleteRemovesAndMissingKeyIsNoError() {
        String key = key("outbox/dirty-1");
        putBytes(key, new byte[] {1});

        store().delete(key);
        store().delete(key);
        store().delete(key("never/written"));

        assertThat(store().stat(key)).isEmpty();
        assertThat(store().list(key("outbox/"))).isEmpty();
    }

    @Test
    void putIfAbsentCreatesOnce() throws PreconditionFailedException {
        String key = key("works/9/manifest.json");
        ObjectStore.ObjectInfo created = store().putIfAbsent(key, "first".getBytes(UTF_8), "application/json");

        assertThatThrownBy(() -> store().putIfAbsent(key, "second".getBytes(UTF_8), "application/json"))
                .isInstanceOf(PreconditionFailedException.class);

        ObjectStore.Blob blob = store().read(key).orElseThrow();
        assertThat(new String(blob.content(), UTF_8)).isEqualTo("first");
        assertThat(blob.etag()).isEqualTo(created.etag());
    }

    @Test
    void putIfAbsentFailsOverObjectWrittenByPut() {
        String key = key("taken");
        putBytes(key, "x".getBytes(UTF_8));

        assertThatThrownBy(() -> store().putIfAbsent(key, "y".getBytes(UTF_8), "text/plain"))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(store().read(key).orElseThrow().content()).isEqualTo("x".getBytes(UTF_8));
    }

    @Test
    void putIfMatchReplacesOnlyTheVersionThatWasRead() throws PreconditionFailedException {
        String key = key("lease.json");
        ObjectStore.ObjectInfo v1 = store().putIfAbsent(key, "v1".getBytes(UTF_8), "application/json");

        ObjectStore.ObjectInfo v2 = store().putIfMatch(key, "v2".getBytes(UTF_8), "application/json", v1.etag());

        assertThat(v2.etag()).isNotEqualTo(v1.etag());
        assertThat(store().read(key).orElseThrow().etag()).isEqualTo(v2.etag());
        assertThatThrownBy(() -> store().putIfMatch(key, "stale".getBytes(UTF_8), "application/json", v1.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> store().putIfMatch(key, "wrong".getBytes(UTF_8), "application/json", "0123abcd"))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(new String(store().read(key).orElseThrow().content(), UTF_8)).isEqualTo("v2");
    }

    @Test
    void putIfMatchAcceptsQuotedEtag() throws PreconditionFailedException {
        String key = key("quoted");
        ObjectStore.ObjectInfo v1 = store().putIfAbsent(key, "v1".getBytes(UTF_8), "text/plain");

        store().putIfMatch(key, "v2".getBytes(UTF_8), "text/plain", "\"" + v1.etag() + "\"");

        assertThat(store().read(key).orElseThrow().content()).isEqualTo("v2".getBytes(UTF_8));
    }

    @Test
    void putIfMatchOnMissingKeyFails() {
        String key = key("gone");

        assertThatThrownBy(() -> store().putIfMatch(key, "x".getBytes(UTF_8), "text/plain", "0123abcd"))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(store().stat(key)).isEmpty();
    }

    @Test
    void compareAndSetLosesNoUpdate() throws Exception {
        String key = key("counter");
        store().putIfAbsent(key, "0".getBytes(UTF_8), "text/plain");
        int threads = 8;
        int incrementsPerThread = 10;
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        Set<String> seenValues = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < incrementsPerThread; i++) {
                        while (true) {
                            ObjectStore.Blob current = store().read(key).orElseThrow();
                            int next = Integer.parseInt(new String(current.content(), UTF_8)) + 1;
                            try {
                                store().putIfMatch(
                                                key,
                                                Integer.toString(next).getBytes(UTF_8),
                                                "text/plain",
                                                current.etag());
                                successes.incrementAndGet();
                                // Two winners of the same value would mean a lost update.
                                assertThat(seenValues.add(Integer.toString(next)))
                                        .as("value %d written twice", next)
                                        .isTrue();
                                break;
                            } catch (PreconditionFailedException e) {
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(180, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        int finalCount =
                Integer.parseInt(new String(store().read(key).orElseThrow().content(), UTF_8));
        assertThat(successes.get()).isEqualTo(threads * incrementsPerThread);
        assertThat(finalCount).isEqualTo(successes.get());
    }

    @Test
    void readersNeverSeeHalfWrittenObjects() throws Exception {
        String key = key("flip");
        byte[] ones = new byte[(int) MIB];
        byte[] twos = new byte[(int) MIB];
        Arrays.fill(ones, (byte) 1);
        Arrays.fill(twos, (byte) 2);
        putBytes(key, ones);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> writes = writer.submit(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        putBytes(key, i % 2 == 0 ? twos : ones);
                    }
                } finally {
                    writing.set(false);
                }
            });
            int reads = 0;
            while (writing.get() || reads == 0) {
                byte[] seen = store().read(key).orElseThrow().content();
                assertThat(seen).hasSize((int) MIB);
                assertThat(seen[0] == 1 ? ones : twos).isEqualTo(seen);
                reads++;
            }
            writes.get(120, TimeUnit.SECONDS);
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void failingStreamLeavesNothingAndRethrows() {
        String key = key("broken/upload.pdf");
        IOException boom = new IOException("connection reset by client");

        assertThatThrownBy(() -> store().put(
                                key, TestStreams.failingAfter(MIB, boom), ObjectStore.UNKNOWN_SIZE, "application/pdf"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCause(boom);

        assertThat(store().stat(key)).isEmpty();
        assertThat(store().list(key("broken/"))).isEmpty();
    }

    @Test
    void streamFailingAfterSeveralPartsLeavesNothing() {
        String key = key("broken/big.mp4");
        IOException boom = new IOException("disk on the client side failed");

        assertThatThrownBy(() -> store().put(
                                key, TestStreams.failingAfter(40 * MIB, boom), ObjectStore.UNKNOWN_SIZE, "video/mp4"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCause(boom);

        assertThat(store().stat(key)).isEmpty();
        assertThat(store().list(key("broken/"))).isEmpty();
    }

    @Test
    void uncheckedStreamFailureIsRethrownAsIs() {
        String key = key("broken/unchecked");
        IllegalStateException boom = new IllegalStateException("upload cancelled");

        assertThatThrownBy(() -> store().put(key, TestStreams.failingAfter(1000, boom), 5000, "text/plain"))
                .isSameAs(boom);

        assertThat(store().stat(key)).isEmpty();
    }

    @Test
    void failedOverwriteKeepsThePreviousObject() {
        String key = key("kept");
        ObjectStore.ObjectInfo before = putBytes(key, "intact".getBytes(UTF_8));

        assertThatThrownBy(() -> store().put(
                                key,
                                TestStreams.failingAfter(100, new IOException("gone")),
                                ObjectStore.UNKNOWN_SIZE,
                                null))
                .isInstanceOf(UncheckedIOException.class);

        ObjectStore.Blob blob = store().read(key).orElseThrow();
        assertThat(blob.content()).isEqualTo("intact".getBytes(UTF_8));
        assertThat(blob.etag()).isEqualTo(before.etag());
    }

    @Test
    void streamShorterThanDeclaredSizeStoresNothing() {
        String key = key("short");

        assertThatThrownBy(() -> store().put(key, new ByteArrayInputStream(new byte[10]), 20, "text/plain"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(EOFException.class);

        assertThat(store().stat(key)).isEmpty();
    }

    @Test
    void presignedGetServesTheObjectWhereSupported() throws Exception {
        String key = key("works/5/v1/poster.png");
        byte[] content = "not really a png".getBytes(UTF_8);
        putBytes(key, content);

        Optional<URI> url = store().presignedGet(key, Duration.ofMinutes(5));

        if (!supportsPresignedUrls()) {
            assertThat(url).isEmpty();
            return;
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(url.orElseThrow()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "a//b", "a/../b", "..", "../x", "a/./b", "a\\b", "a/", "a/\u0000b"})
    void badKeysAreRejected(String bad) {
        byte[] content = {1};

        assertThatThrownBy(() -> store().put(bad, new ByteArrayInputStream(content), 1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().putIfAbsent(bad, content, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().putIfMatch(bad, content, null, "abc"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().read(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().open(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().stat(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().delete(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().presignedGet(bad, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs", "../up", "a/../b", "a//b", "a\\b"})
    void badPrefixesAreRejected(String bad) {
        assertThatThrownBy(() -> store().list(bad)).isInstanceOf(IllegalArgumentException.class);
    }
}
