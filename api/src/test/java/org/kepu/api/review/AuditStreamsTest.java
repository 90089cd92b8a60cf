package org.kepu.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.audit.AuditLog;
import reactor.core.Disposable;

/**
 * Live audit streams of one work share one watch; an event a change of this instance records reaches
 * them at once.
 */
class AuditStreamsTest {

    @TempDir
    Path root;

    private final AtomicLong trailReads = new AtomicLong();

    @Test
    void manyStreamsOfAWorkCostOneReadAndSeeAnAppendAtOnce() {
        ObjectStore store = counting(new FileSystemObjectStore(root));
        AuditLog log = new AuditLog(store, Clock.systemUTC());
        // Polling once an hour: whatever arrives within the test arrives because it was announced.
        AuditStreams streams = new AuditStreams(log, Duration.ofHours(1));
        new AuditTrail(log, streams);
        WorkRepository works = new WorkRepository(store, Clock.systemUTC(), log);
        works.create(work().recording(AuditEvent.UPLOAD, "alice", 1, Map.of()));
        works.update(
                "w1",
                w -> w.withStatus(WorkStatus.IN_REVIEW, null)
                        .recording(AuditEvent.EXTRACTION, AuditEvent.SYSTEM, 1, Map.of()));
        trailReads.set(0);

        List<CopyOnWriteArrayList<Long>> seen = new ArrayList<>();
        List<Disposable> open = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            CopyOnWriteArrayList<Long> mine = new CopyOnWriteArrayList<>();
            seen.add(mine);
            open.add(streams.after("w1", i % 2).subscribe(event -> mine.add(event.seq())));
        }
        awaitUntil(() -> seen.stream().allMatch(s -> s.contains(2L)));
        assertThat(seen.get(0)).containsExactly(1L, 2L);
        assertThat(seen.get(1)).containsExactly(2L);
        assertThat(trailReads.get())
                .as("store reads for 50 streams of one work")
                .isEqualTo(1);
        assertThat(streams.watched()).isEqualTo(1);

        works.update(
                "w1", w -> w.withStatus(WorkStatus.APPROVED, null).recording(AuditEvent.DECISION, "rita", 1, Map.of()));
        awaitUntil(() -> seen.stream().allMatch(s -> s.contains(3L)));
        assertThat(seen.get(0)).containsExactly(1L, 2L, 3L);

        open.forEach(Disposable::dispose);
        assertThat(streams.watched()).as("the watch ends with its last stream").isZero();
    }

    private static Work work() {
        Instant now = Instant.now();
        return new Work(
                "w1",
                0,
                "alice",
                new WorkMetadata("光速", null, "article", List.of("physics"), List.of(), null, null, false),
                WorkStatus.PROCESSING,
                null,
                List.of(new Version(1, "sha256:v1", 3, "text/plain", "a.txt", "k", null, now, "t", 3L, null)),
                null,
                now,
                now);
    }

    private static void awaitUntil(Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(10)).until(done);
    }

    /** Counts listings of audit trails, the read each poll of a trail starts with. */
    private ObjectStore counting(ObjectStore store) {
        return (ObjectStore) Proxy.newProxyInstance(
                ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("list") && ((String) args[0]).startsWith(AuditLog.PREFIX)) {
                        trailReads.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
