package org.kepu.ingestion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.detect.Corpus;
import org.kepu.ingestion.detect.MediaTypeDetector;
import org.kepu.ingestion.extraction.ExtractionSettings;
import org.kepu.ingestion.extraction.OcrFixtures;
import org.kepu.ingestion.extraction.OcrLayout;
import org.kepu.ingestion.extraction.TextExtractor;
import org.kepu.ingestion.html.BodyHtml;
import org.kepu.ingestion.pipeline.ExtractionPipeline.Hook;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;

class ExtractionPipelineTest {

    private static TextExtractor extractor;

    @TempDir
    Path dir;

    private RecordingStore store;
    private WorkRepository works;
    private ExtractionPipeline pipeline;

    @BeforeAll
    static void startPool() {
        extractor = new TextExtractor(ExtractionSettings.defaults().withTimeout(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stopPool() {
        extractor.close();
    }

    @BeforeEach
    void pipeline() {
        store = new RecordingStore(new FileSystemObjectStore(dir));
        works = new WorkRepository(store, Clock.systemUTC());
        pipeline = new ExtractionPipeline(
                works,
                extractor,
                new MediaTypeDetector(),
                1,
                Duration.ofMinutes(5),
                Clock.systemUTC(),
                "test-instance",
                ExtractionPipeline.Hook.of(work -> work.withStatus(WorkStatus.IN_REVIEW, null)));
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void anHtmlUploadGetsItsTextAndASanitisedBodyBeforeTheManifestNamesThem() {
        String page = "<!DOCTYPE html><html><head><title>黑洞</title><script>steal()</script></head><body>"
                + "<h1 style=\"color:red\">黑洞</h1><p onclick=\"steal()\">" + Corpus.BLACK_HOLES + "</p>"
                + "<img src=\"x\" onerror=\"alert(1)\"><p><a href=\"javascript:alert(1)\">点我</a></p></body></html>";
        uploaded("w1", page.getBytes(StandardCharsets.UTF_8), "text/html; charset=UTF-8", "page.html");

        pipeline.process("w1");

        Work work = works.find("w1").orElseThrow();
        assertThat(work.status()).isEqualTo(WorkStatus.IN_REVIEW);
        assertThat(work.current().textKey()).isEqualTo(WorkRepository.versionKey("w1", 1, "text.txt"));
        String body = read(BodyHtml.bodyKey("w1", 1)).orElseThrow();
        assertThat(body).isEqualTo("<h1>黑洞</h1><p>" + Corpus.BLACK_HOLES + "</p><p>点我</p>");
        assertThat(store.writes).contains("works/w1/v1/body.html text/html; charset=utf-8");
        int bodyWritten = store.writes.indexOf("works/w1/v1/body.html text/html; charset=utf-8");
        int textWritten = store.writes.indexOf("works/w1/v1/text.txt text/plain; charset=utf-8");
        int manifestLast = store.writes.lastIndexOf(WorkRepository.manifestKey("w1") + " application/json");
        assertThat(textWritten).isLessThan(manifestLast);
        assertThat(bodyWritten).isLessThan(manifestLast);
        assertThat(store.list(ExtractionPipeline.TASKS)).isEmpty();
    }

    @Test
    void aDocxKeepsItsParagraphsAndAnImageHasNoBody() {
        uploaded("w2", Corpus.docx(Corpus.PHOTOSYNTHESIS, Corpus.VACCINES), MediaTypeDetector.DOCX, "a.docx");
        uploaded("w3", Corpus.png(), MediaTypeDetector.PNG, "poster.png");

        pipeline.process("w2");
        pipeline.process("w3");

        assertThat(read(BodyHtml.bodyKey("w2", 1)))
                .contains("<p>" + Corpus.PHOTOSYNTHESIS + "</p><p>" + Corpus.VACCINES + "</p>");
        assertThat(works.find("w3").orElseThrow().current().textKey()).isNotNull();
        assertThat(store.stat(BodyHtml.bodyKey("w3", 1))).isEmpty();
    }

    @Test
    void aPostersOcrLayoutIsStoredBesideItsTextBeforeTheManifestAndATextHasNone() throws IOException {
        byte[] poster;
        try (InputStream in = OcrFixtures.open("poster.png")) {
            poster = in.readAllBytes();
        }
        uploaded("w5", poster, MediaTypeDetector.PNG, "poster.png");
        uploaded("w6", Corpus.BLACK_HOLES.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8", "a.txt");

        pipeline.process("w5");
        pipeline.process("w6");

        String text = read(WorkRepository.versionKey("w5", 1, "text.txt")).orElseThrow();
        assertThat(text).contains("隔夜菜会致癌");
        OcrLayout layout =
                JsonObjects.MAPPER.readValue(read(OcrLayout.key("w5", 1)).orElseThrow(), OcrLayout.class);
        assertThat(layout.lines()).hasSize(OcrFixtures.POSTER.size());
        int layoutWritten = store.writes.indexOf(OcrLayout.key("w5", 1) + " application/json");
        assertThat(layoutWritten).isNotNegative();
        assertThat(layoutWritten)
                .isLessThan(store.writes.lastIndexOf(WorkRepository.manifestKey("w5") + " application/json"));
        assertThat(store.stat(OcrLayout.key("w6", 1))).isEmpty();
    }

    @Test
    void stoppingGivesBackTheLeaseOfAWorkItWasExtractingAndKeepsItsTask() throws Exception {
        uploaded("w4", Corpus.BLACK_HOLES.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8", "a.txt");
        store.holdOpens = new CountDownLatch(1);

        pipeline.submit("w4");
        assertThat(store.opening.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(works.find("w4").orElseThrow().lease().holder()).isEqualTo("test-instance");
        pipeline.close();

        Work work = works.find("w4").orElseThrow();
        assertThat(work.lease()).isNull();
        assertThat(work.status()).isEqualTo(WorkStatus.PROCESSING);
        assertThat(store.list(ExtractionPipeline.TASKS + "w4/")).hasSize(1);
    }

    @Test
    void aLeaseIsRenewedWhileASlowExtractionRunsAndRunsOutOnceItsHolderDies() throws Exception {
        Duration lease = Duration.ofMillis(600);
        RecordingStore first = new RecordingStore(store);
        RecordingStore second = new RecordingStore(store);
        Hook inReview = ExtractionPipeline.Hook.of(work -> work.withStatus(WorkStatus.IN_REVIEW, null));
        ExtractionPipeline one = new ExtractionPipeline(
                new WorkRepository(first, Clock.systemUTC()),
                extractor,
                new MediaTypeDetector(),
                1,
                lease,
                Clock.systemUTC(),
                "one",
                inReview);
        ExtractionPipeline two = new ExtractionPipeline(
                new WorkRepository(second, Clock.systemUTC()),
                extractor,
                new MediaTypeDetector(),
                1,
                lease,
                Clock.systemUTC(),
                "two",
                inReview);
        try {
            uploaded("w8", Corpus.BLACK_HOLES.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8", "a.txt");
            CountDownLatch slowRead = new CountDownLatch(1);
            first.holdOpens = slowRead;
            one.submit("w8");
            assertThat(first.opening.await(30, TimeUnit.SECONDS)).isTrue();
            Instant firstUntil = works.find("w8").orElseThrow().lease().until();

            // Five lease times: without renewal the second instance would take the work after the first.
            long end = System.nanoTime() + lease.multipliedBy(5).toNanos();
            while (System.nanoTime() < end) {
                two.process("w8");
                Work work = works.find("w8").orElseThrow();
                assertThat(work.lease().holder()).isEqualTo("one");
                assertThat(work.current().textKey()).isNull();
                Thread.sleep(50);
            }
            assertThat(works.find("w8").orElseThrow().lease().until()).isAfter(firstUntil.plus(lease));
            assertThat(second.opened).isZero();

            // The first instance dies: it writes nothing more, so its lease runs out and the second takes over.
            first.dead = true;
            Thread.sleep(lease.multipliedBy(2).toMillis());
            two.process("w8");

            Work work = works.find("w8").orElseThrow();
            assertThat(work.status()).isEqualTo(WorkStatus.IN_REVIEW);
            assertThat(work.current().textKey()).isEqualTo(WorkRepository.versionKey("w8", 1, "text.txt"));
            assertThat(work.lease()).isNull();
            assertThat(second.opened).isEqualTo(1);
            slowRead.countDown();
        } finally {
            one.close();
            two.close();
        }
    }

    private void uploaded(String id, byte[] content, String mediaType, String fileName) {
        String key = WorkRepository.originalKey(id, "u1");
        store.put(key, new ByteArrayInputStream(content), content.length, "application/octet-stream");
        pipeline.pending(id, key);
        WorkMetadata metadata = new WorkMetadata(
                "黑洞", "", "article", List.of("physics"), List.of("public"), "CC BY 4.0", List.of(), false);
        Instant now = Instant.now();
        Version version =
                new Version(1, "sha256:00", content.length, mediaType, fileName, key, null, now, null, null, null);
        works.create(new Work(id, 0, "alice", metadata, WorkStatus.PROCESSING, null, List.of(version), null, now, now));
    }

    private Optional<String> read(String key) {
        return store.read(key).map(blob -> new String(blob.content(), StandardCharsets.UTF_8));
    }

    /** Remembers every write as "key content-type", in order. */
    private static final class RecordingStore implements ObjectStore {
        final List<String> writes = new CopyOnWriteArrayList<>();
        /** When set, reading an original waits for it, as a slow store would; {@code opening} counts down first. */
        volatile CountDownLatch holdOpens;

        final CountDownLatch opening = new CountDownLatch(1);
        /** Originals opened, to tell which instance extracted. */
        volatile int opened;
        /** When set, every write fails, as for an instance that died. */
        volatile boolean dead;

        private final ObjectStore delegate;

        RecordingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public ObjectInfo put(String key, InputStream content, long size, String contentType) {
            alive();
            writes.add(key + " " + contentType);
            return delegate.put(key, content, size, contentType);
        }

        @Override
        public ObjectInfo putIfAbsent(String key, byte[] content, String contentType)
                throws PreconditionFailedException {
            alive();
            writes.add(key + " " + contentType);
            return delegate.putIfAbsent(key, content, contentType);
        }

        @Override
        public ObjectInfo putIfMatch(String key, byte[] content, String contentType, String etag)
                throws PreconditionFailedException {
            alive();
            writes.add(key + " " + contentType);
            return delegate.putIfMatch(key, content, contentType, etag);
        }

        @Override
        public Optional<Blob> read(String key) {
            return delegate.read(key);
        }

        @Override
        public Optional<InputStream> open(String key) {
            CountDownLatch hold = holdOpens;
            if (key.contains("/uploads/")) {
                opened++;
            }
            if (hold != null && key.contains("/uploads/")) {
                opening.countDown();
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException(new InterruptedIOException("stopped while reading " + key));
                }
            }
            return delegate.open(key);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            return delegate.stat(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) {
            return delegate.list(prefix);
        }

        @Override
        public void delete(String key) {
            alive();
            delegate.delete(key);
        }

        private void alive() {
            if (dead) {
                throw new UncheckedIOException(new IOException("this instance is gone"));
            }
        }

        @Override
        public Optional<URI> presignedGet(String key, Duration ttl) {
            return delegate.presignedGet(key, ttl);
        }
    }
}
