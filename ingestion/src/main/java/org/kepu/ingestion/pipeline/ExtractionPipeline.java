package org.kepu.ingestion.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.kepu.ingestion.detect.Detection;
import org.kepu.ingestion.detect.MediaTypeDetector;
import org.kepu.ingestion.extraction.ExtractionOutcome;
import org.kepu.ingestion.extraction.OcrLayout;
import org.kepu.ingestion.extraction.TextExtractor;
import org.kepu.ingestion.html.BodyHtml;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.work.Lease;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the text of uploaded versions on a bounded pool, storing it as {@code works/{id}/v{n}/text.txt}
 * and, where the extractor made one, the sanitised HTML body as {@code works/{id}/v{n}/body.html}
 * ({@link BodyHtml#bodyKey}; readers of a version without it build one with {@link BodyHtml#fromText}).
 * Each upload leaves a task marker ({@code tasks/extract/{work}/{upload}}) before its manifest is
 * written; a worker claims the work with a lease in the manifest, so several instances never extract the
 * same work at once, and a sweep picks up tasks whose worker died. The lease is renewed every third of
 * its time while the extraction runs, so a slow extraction is not taken over by another instance; after
 * a crash renewal stops and the lease runs out.
 */
public final class ExtractionPipeline implements AutoCloseable {

    public static final String TASKS = "tasks/extract/";
    private static final Logger log = LoggerFactory.getLogger(ExtractionPipeline.class);
    /** A marker whose manifest never appeared belongs to an upload that died before answering. */
    private static final Duration ORPHAN_AGE = Duration.ofMinutes(10);

    private final WorkRepository works;
    private final ObjectStore store;
    private final TextExtractor extractor;
    private final MediaTypeDetector detector;
    private final Duration leaseTime;
    private final Clock clock;
    private final String instance;
    private final Hook afterExtraction;
    private final ExecutorService pool;
    private final ScheduledExecutorService renewer;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();
    private volatile Listener listener = (outcome, took) -> {};
    /** Works whose lease this instance holds, to give back when it stops. */
    private final Set<String> leased = ConcurrentHashMap.newKeySet();

    private volatile boolean stopping;

    /**
     * What happens to a work once a version's text is extracted: the review pipeline screens it. The
     * extraction result is committed by compare-and-set, so the slow part (reading the text, screening,
     * writing findings) runs before it and hands back a pure change that is applied inside it.
     */
    public interface Hook {

        /** Runs outside the compare-and-set; the returned change may run several times. */
        UnaryOperator<Work> prepare(String workId, Version extracted);

        /**
         * The extraction's change with the events it records added ({@link Work#recording}); runs inside
         * the compare-and-set, so the events are written with the result or not at all. Must be pure.
         */
        default Work recorded(Work changed, Version version) {
            return changed;
        }

        /**
         * The status of a work whose current version could not be extracted, decided by the lifecycle of
         * whoever wires the pipeline; runs inside the compare-and-set. Must be pure.
         */
        default Work failed(Work work, Version failed) {
            return work.withStatus(WorkStatus.FAILED, failed.failure());
        }

        /** Runs once the manifest with the extraction result is written, for other side effects. */
        default void committed(Work work, Version version) {}

        /** A hook that only sets the status, for callers that need no screening. */
        static Hook of(UnaryOperator<Work> change) {
            return (workId, extracted) -> change;
        }
    }

    /** Told of every extraction that ran, for metrics. */
    public interface Listener {
        void extracted(ExtractionOutcome outcome, Duration took);
    }

    /**
     * @param afterExtraction decides the status of a work whose current version was extracted; see {@link Hook}
     */
    public ExtractionPipeline(
            WorkRepository works,
            TextExtractor extractor,
            MediaTypeDetector detector,
            int workers,
            Duration leaseTime,
            Clock clock,
            String instance,
            Hook afterExtraction) {
        this.works = works;
        this.store = works.store();
        this.extractor = extractor;
        this.detector = detector;
        this.leaseTime = leaseTime;
        this.clock = clock;
        this.instance = instance;
        this.afterExtraction = afterExtraction;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(task, "kepu-extract-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.renewer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kepu-extract-lease");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void listen(Listener value) {
        this.listener = value;
    }

    /** Records that an upload needs extracting; call before the manifest that names it is written. */
    public void pending(String workId, String objectKey) {
        store.put(marker(workId, objectKey), InputStream.nullInputStream(), 0, "application/octet-stream");
    }

    /** Queues the work; a work already queued or running is run once more afterwards. */
    public void submit(String workId) {
        if (!running.add(workId)) {
            again.add(workId);
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    process(workId);
                } catch (RuntimeException e) {
                    log.warn("extraction of work {} stopped; the next sweep retries it", workId, e);
                } finally {
                    running.remove(workId);
                    if (again.remove(workId)) {
                        submit(workId);
                    }
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            running.remove(workId);
        }
    }

    /** Queues every work that has task markers; returns how many works were found. */
    public int sweep() {
        Set<String> ids = store.list(TASKS).stream()
                .map(info -> info.key().substring(TASKS.length()))
                .map(rest -> rest.substring(0, Math.max(rest.indexOf('/'), 0)))
                .filter(id -> !id.isEmpty())
                .collect(Collectors.toSet());
        ids.forEach(this::submit);
        return ids.size();
    }

    void process(String workId) {
        for (ObjectInfo task : store.list(TASKS + workId + "/")) {
            String uploadId = task.key().substring(task.key().lastIndexOf('/') + 1);
            Optional<Work> work = works.find(workId);
            Optional<Version> version = work.flatMap(w -> w.versions().stream()
                    .filter(v -> v.objectKey().endsWith("/" + uploadId))
                    .findFirst());
            if (version.isEmpty()) {
                if (task.lastModified().isBefore(clock.instant().minus(ORPHAN_AGE))) {
                    store.delete(task.key());
                }
                continue;
            }
            Version v = version.get();
            if (v.textKey() == null && v.failure() == null) {
                if (!claim(workId)) {
                    return;
                }
                Runnable stopRenewing = renewWhileRunning(workId);
                try {
                    if (!extract(workId, v)) {
                        return;
                    }
                } finally {
                    stopRenewing.run();
                }
            }
            store.delete(task.key());
        }
    }

    private boolean claim(String workId) {
        Instant now = clock.instant();
        Work claimed = works.update(
                workId,
                w -> w.lease() != null
                                && w.lease().heldAt(now)
                                && !w.lease().holder().equals(instance)
                        ? w
                        : w.withLease(new Lease(instance, now.plus(leaseTime))));
        boolean mine = claimed.lease() != null && claimed.lease().holder().equals(instance);
        if (mine) {
            leased.add(workId);
        }
        return mine;
    }

    /** Returns what stops the renewal. */
    private Runnable renewWhileRunning(String workId) {
        long period = Math.max(leaseTime.toMillis() / 3, 1);
        try {
            ScheduledFuture<?> renewal =
                    renewer.scheduleAtFixedRate(() -> renew(workId), period, period, TimeUnit.MILLISECONDS);
            return () -> renewal.cancel(false);
        } catch (RejectedExecutionException closed) {
            // Stopping: the extraction is being cut short anyway.
            return () -> {};
        }
    }

    /** Extends the lease only while this instance still holds it; a lease taken over stays with its new holder. */
    private void renew(String workId) {
        if (stopping) {
            return;
        }
        try {
            Instant now = clock.instant();
            Work renewed = works.update(
                    workId,
                    w -> w.lease() != null && w.lease().holder().equals(instance)
                            ? w.withLease(new Lease(instance, now.plus(leaseTime)))
                            : w);
            // No lease is the extraction that just finished; another holder means this one stalled too long.
            if (renewed.lease() != null && !renewed.lease().holder().equals(instance)) {
                log.warn("work {}: the extraction lease was no longer held by this instance", workId);
            }
        } catch (RuntimeException e) {
            log.warn("work {}: could not renew the extraction lease; tried again shortly", workId, e);
        }
    }

    /** False when stopping cut the extraction short: its task stays for whoever takes the work next. */
    private boolean extract(String workId, Version version) {
        long started = System.nanoTime();
        ExtractionOutcome outcome = run(version);
        if (stopping
                && outcome instanceof ExtractionOutcome.Failure failure
                && failure.kind() == ExtractionOutcome.FailureKind.CANCELLED) {
            return false;
        }
        listener.extracted(outcome, Duration.ofNanos(System.nanoTime() - started));
        if (outcome instanceof ExtractionOutcome.Success success) {
            String key = WorkRepository.versionKey(workId, version.number(), "text.txt");
            try {
                // Objects first, the manifest last: a crash in between leaves objects nothing points at,
                // and the next attempt overwrites them.
                put(key, success.text(), "text/plain; charset=utf-8");
                String body = BodyHtml.bodyKey(workId, version.number());
                if (success.html().isPresent()) {
                    put(body, success.html().get(), BodyHtml.CONTENT_TYPE);
                } else {
                    // An earlier attempt that died before the manifest may have left one.
                    store.delete(body);
                }
                String layout = OcrLayout.key(workId, version.number());
                if (success.layout().isPresent()) {
                    put(layout, success.layout().get(), "application/json");
                } else {
                    store.delete(layout);
                }
            } finally {
                deleteQuietly(success.text());
                success.html().ifPresent(ExtractionPipeline::deleteQuietly);
                success.layout().ifPresent(ExtractionPipeline::deleteQuietly);
            }
            finish(workId, version.withText(key, success.chars()), true);
            log.info("work {} v{}: extracted {} chars", workId, version.number(), success.chars());
        } else {
            ExtractionOutcome.Failure failure = (ExtractionOutcome.Failure) outcome;
            finish(workId, version.withFailure(failure.reason()), false);
            log.info("work {} v{}: extraction failed ({})", workId, version.number(), failure.kind());
        }
        return true;
    }

    private void put(String key, Path file, String contentType) {
        try (InputStream content = Files.newInputStream(file)) {
            store.put(key, content, Files.size(file), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ExtractionOutcome run(Version version) {
        boolean subtitles = version.subtitlesKey() != null;
        String key = subtitles ? version.subtitlesKey() : version.objectKey();
        Path file = null;
        try {
            file = Files.createTempFile("kepu-extract-", ".bin");
            try (InputStream in = store.open(key).orElseThrow(() -> new IllegalStateException("missing " + key))) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (subtitles) {
                Detection kind = detector.detectSubtitle(head(file), "subtitles");
                String mediaType = kind instanceof Detection.Accepted accepted ? accepted.mediaType() : "text/vtt";
                return extractor.extract(file, "subtitles", mediaType);
            }
            return extractor.extract(file, version.fileName(), version.mediaType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                deleteQuietly(file);
            }
        }
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MediaTypeDetector.HEAD_SIZE);
        }
    }

    private void finish(String workId, Version done, boolean extracted) {
        UnaryOperator<Work> decide = extracted ? afterExtraction.prepare(workId, done) : UnaryOperator.identity();
        // Set by the last run of the change, the one that was written.
        AtomicBoolean dropped = new AtomicBoolean();
        Work written = works.update(workId, w -> {
            dropped.set(alreadyDone(w, done.number()));
            if (dropped.get()) {
                // Another instance took the work over (this one stalled past its lease) and finished first.
                return w;
            }
            Work next = w.withVersion(done).withLease(null);
            if (w.currentVersion() != done.number() || w.status() != WorkStatus.PROCESSING) {
                return afterExtraction.recorded(next, done);
            }
            return afterExtraction.recorded(extracted ? decide.apply(next) : afterExtraction.failed(next, done), done);
        });
        leased.remove(workId);
        if (dropped.get()) {
            log.warn(
                    "work {} v{}: extracted meanwhile by another instance; this result is dropped",
                    workId,
                    done.number());
            return;
        }
        try {
            afterExtraction.committed(written, done);
        } catch (RuntimeException e) {
            log.warn("work {} v{}: after-extraction step failed", workId, done.number(), e);
        }
    }

    private static boolean alreadyDone(Work work, int number) {
        return work.versions().stream()
                .anyMatch(v -> v.number() == number && (v.textKey() != null || v.failure() != null));
    }

    private String marker(String workId, String objectKey) {
        return TASKS + workId + "/" + objectKey.substring(objectKey.lastIndexOf('/') + 1);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("could not delete {}", file, e);
        }
    }

    /** Works queued or running now, for health and tests. */
    public Map<String, Boolean> running() {
        return running.stream().collect(Collectors.toMap(id -> id, again::contains));
    }

    /**
     * Stops extracting and gives back the leases this instance holds, so that another instance takes
     * those works at its next sweep instead of waiting for the leases to run out. Their task markers stay.
     */
    @Override
    public void close() {
        stopping = true;
        renewer.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String workId : leased) {
            try {
                works.update(
                        workId, w -> w.lease() != null && w.lease().holder().equals(instance) ? w.withLease(null) : w);
                leased.remove(workId);
            } catch (RuntimeException e) {
                log.warn("work {}: could not give back the extraction lease; it runs out on its own", workId, e);
            }
        }
    }
}
