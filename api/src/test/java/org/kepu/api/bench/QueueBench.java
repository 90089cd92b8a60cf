package org.kepu.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.api.KepuApplication;
import org.kepu.api.review.ReviewSteps;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Review.Decision;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Review.Verdict;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The review queue and the publication scheduler's scan as the store grows ({@code kepu.bench.queue.sizes},
 * default 1,000 and 10,000 stored works), each against the raw component in the same run: reading the
 * manifests of the works the answer is about straight from the store. Of each size's works 50 are in
 * review, assigned to one reviewer, and the rest published; before each scan 5 works due for publication
 * are scheduled. Measured: the reviewer's queue as the service answers it (and beside it {@code GET
 * /api/v1/review/queue} over HTTP, token check and JSON included) against reading the 50 manifests, and
 * one scan, which publishes the 5 (compare-and-set, outbox, markers, audit trail: writes the raw reads do
 * not have), against reading their 5 manifests. The ratios must stay flat as the store grows. Also
 * reported: the one-time marking of a store written without status markers, and what listing every
 * manifest, as the queue did before, costs at that size.
 *
 * <p>Manifests are written straight into the embedded store before kepu starts, as a store written before
 * status markers would hold them. Run: {@code ./mvnw -Pbench -pl api test -Dtest=QueueBench
 * -Dsurefire.failIfNoSpecifiedTests=false}; the figures are the {@code QueueBench} lines of the log.
 */
@Tag("bench")
class QueueBench {

    private static final Logger log = LoggerFactory.getLogger(QueueBench.class);
    private static final List<Integer> SIZES = Arrays.stream(
                    System.getProperty("kepu.bench.queue.sizes", "1000,10000").split(","))
            .map(String::strip)
            .map(Integer::parseInt)
            .toList();
    private static final int IN_REVIEW = 50;
    private static final int DUE = 5;
    private static final int WARM_UP = 15;
    private static final int ROUNDS = 15;
    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void theQueueAndTheScanCostWhatTheirWorksCostWhateverTheStoreHolds() throws Exception {
        List<String> table = new ArrayList<>();
        table.add(String.format(
                "%8s | %8s %8s %8s %6s | %8s %8s %6s | %9s | %9s",
                "works",
                "queue ms",
                "HTTP ms",
                "raw 50",
                "ratio",
                "scan ms",
                "raw 5",
                "ratio",
                "marking s",
                "full scan"));
        for (int size : SIZES) {
            table.add(measure(size));
        }
        log.info("QueueBench (medians of {} rounds):\n{}", ROUNDS, String.join("\n", table));
    }

    private String measure(int size) throws Exception {
        Path data = dir.resolve("works-" + size);
        ObjectStore seeded = new FileSystemObjectStore(data.resolve("objects"));
        Instant seeding = Instant.now();
        List<String> inReview = seed(seeded, size);
        log.info(
                "QueueBench seeded {} works in {} s",
                size,
                Duration.between(seeding, Instant.now()).toSeconds());
        // The first listing by status marks a store written without markers, once.
        long marking = System.nanoTime();
        new WorkRepository(seeded, Clock.systemUTC()).inStatus(WorkStatus.IN_REVIEW);
        double markingSeconds = (System.nanoTime() - marking) / 1e9;

        try (ConfigurableApplicationContext kepu = new SpringApplicationBuilder(KepuApplication.class)
                .run(
                        "--server.port=0",
                        "--kepu.data-dir=" + data,
                        "--kepu.review.schedule-scan-interval=1h",
                        "--kepu.review.assign-interval=1h",
                        "--kepu.review.deadline-sweep-interval=1h",
                        "--logging.level.org.kepu=WARN",
                        "--logging.level.org.kepu.api.bench=INFO")) {
            WorkRepository works = kepu.getBean(WorkRepository.class);
            ObjectStore store = works.store();
            String base = "http://127.0.0.1:" + kepu.getEnvironment().getProperty("local.server.port");
            String vera = token(base, "vera", "reviewer");
            HttpRequest queue = HttpRequest.newBuilder(URI.create(base + "/api/v1/review/queue"))
                    .header("Authorization", "Bearer " + vera)
                    .GET()
                    .build();

            long[] queueNanos = new long[ROUNDS];
            long[] httpNanos = new long[ROUNDS];
            long[] rawQueueNanos = new long[ROUNDS];
            long[] scanNanos = new long[ROUNDS];
            long[] rawScanNanos = new long[ROUNDS];
            for (int round = 0; round < WARM_UP + ROUNDS; round++) {
                long t0 = System.nanoTime();
                readRaw(store, inReview);
                long t1 = System.nanoTime();
                int length = ReviewSteps.queueLength(kepu, "vera");
                long t2 = System.nanoTime();
                HttpResponse<String> answer = http.send(queue, HttpResponse.BodyHandlers.ofString());
                long t3 = System.nanoTime();
                assertThat(length).isEqualTo(IN_REVIEW);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body().split("\"dueAt\"", -1)).hasSize(IN_REVIEW + 1);

                List<String> due = new ArrayList<>();
                for (int i = 0; i < DUE; i++) {
                    String id = "due-" + size + "-" + round + "-" + i;
                    works.create(scheduledDue(id, i));
                    due.add(id);
                }
                long t4 = System.nanoTime();
                int published = ReviewSteps.publishDue(kepu);
                long t5 = System.nanoTime();
                readRaw(store, due);
                long t6 = System.nanoTime();
                assertThat(published).isEqualTo(DUE);
                if (round >= WARM_UP) {
                    rawQueueNanos[round - WARM_UP] = t1 - t0;
                    queueNanos[round - WARM_UP] = t2 - t1;
                    httpNanos[round - WARM_UP] = t3 - t2;
                    scanNanos[round - WARM_UP] = t5 - t4;
                    rawScanNanos[round - WARM_UP] = t6 - t5;
                }
            }
            long fullScan = System.nanoTime();
            long listed = works.ids().stream()
                    .map(works::find)
                    .filter(w -> w.isPresent() && w.get().status() == WorkStatus.IN_REVIEW)
                    .count();
            double fullScanMs = (System.nanoTime() - fullScan) / 1e6;
            assertThat(listed).isEqualTo(IN_REVIEW);
            String row = String.format(
                    "%8d | %8.2f %8.2f %8.2f %6.1f | %8.2f %8.2f %6.0f | %9.1f | %6.0f ms",
                    size,
                    median(queueNanos) / 1e6,
                    median(httpNanos) / 1e6,
                    median(rawQueueNanos) / 1e6,
                    (double) median(queueNanos) / median(rawQueueNanos),
                    median(scanNanos) / 1e6,
                    median(rawScanNanos) / 1e6,
                    (double) median(scanNanos) / median(rawScanNanos),
                    markingSeconds,
                    fullScanMs);
            log.info("QueueBench {}", row);
            return row;
        }
    }

    /** Writes the manifests straight into the store, in parallel; returns the ids of the works in review. */
    private static List<String> seed(ObjectStore store, int size) throws Exception {
        List<String> inReview = new ArrayList<>();
        for (int i = 0; i < IN_REVIEW; i++) {
            inReview.add(id(size, i * (size / IN_REVIEW)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int part = t;
                done.add(pool.submit(() -> {
                    for (int i = part; i < size; i += 4) {
                        String id = id(size, i);
                        Work work = inReview.contains(id) ? inReview(id, i) : published(id, i);
                        store.putIfAbsent(
                                WorkRepository.manifestKey(id),
                                JsonObjects.MAPPER.writeValueAsBytes(work),
                                "application/json");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return inReview;
    }

    private static void readRaw(ObjectStore store, List<String> ids) {
        for (String id : ids) {
            if (store.read(WorkRepository.manifestKey(id)).isEmpty()) {
                throw new IllegalStateException("no manifest for " + id);
            }
        }
    }

    private static String id(int size, int i) {
        return String.format("w-%d-%07d", size, i);
    }

    private static Version version(int n) {
        Instant now = Instant.now();
        return new Version(
                1, "sha256:" + n, 2_000, "text/markdown", "a.md", "works/x/uploads/u1", null, now, null, 2_000L, null);
    }

    private static WorkMetadata metadata(int n) {
        return new WorkMetadata(
                "光速第" + n + "讲", "光有多快", "article", List.of("光学"), List.of("public"), "CC BY 4.0", List.of(), false);
    }

    private static FindingsSummary clean(int n) {
        return new FindingsSummary(1, "sha256:" + n, 0, 0, 0, Instant.now());
    }

    private static Work published(String id, int n) {
        Instant now = Instant.now();
        Review review =
                Review.NONE.withFindings(clean(n)).withPublication(new Publication(List.of("bench"), now, now, "ed"));
        return new Work(
                id, 3, "alice", metadata(n), WorkStatus.PUBLISHED, null, List.of(version(n)), null, now, now, review);
    }

    private static Work inReview(String id, int n) {
        Instant now = Instant.now();
        Review review = Review.NONE.withFindings(clean(n)).plusAssignments(List.of(new Assignment("vera", now)));
        return new Work(
                id, 2, "alice", metadata(n), WorkStatus.IN_REVIEW, null, List.of(version(n)), null, now, now, review);
    }

    /** Approved and scheduled for a moment already past: the next scan publishes it. */
    private static Work scheduledDue(String id, int n) {
        Instant now = Instant.now();
        Review review = Review.NONE
                .withFindings(clean(n))
                .plusAssignments(List.of(new Assignment("vera", now)))
                .plusDecision(new Decision("vera", 1, "sha256:" + n, Verdict.APPROVE, "准确", List.of(), now))
                .withPublication(new Publication(List.of("bench"), now.minusSeconds(1), null, "ed", null));
        return new Work(
                id, 0, "alice", metadata(n), WorkStatus.SCHEDULED, null, List.of(version(n)), null, now, now, review);
    }

    private String token(String base, String sub, String role) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"" + sub + "\",\"roles\":[\"" + role + "\"]}"))
                .build();
        Matcher m = TOKEN.matcher(
                http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
