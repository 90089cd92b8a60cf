package org.kepu.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.audit.AuditLog;
import reactor.core.Disposable;

/** Live audit streams of one work share one watch; an append in this instance reaches them at once. */
class AuditStreamsTest {

    @TempDir
    Path root;

    private final AtomicLong trailReads = new AtomicLong();

    @Test
    void manyStreamsOfAWorkCostOneReadAndSeeAnAppendAtOnce() {
        AuditLog log = new AuditLog(counting(new FileSystemObjectStore(root)), Clock.systemUTC());
        log.append("w1", AuditEvent.UPLOAD, "alice", 1, Map.of());
        log.append("w1", AuditEvent.EXTRACTION, "system", 1, Map.of());
        // Polling once an hour: whatever arrives within the test arrives because it was announced.
        AuditStreams streams = new AuditStreams(log, Duration.ofHours(1));
        AuditTrail trail = new AuditTrail(log, streams);
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

        trail.record("w1", AuditEvent.DECISION, "rita", 1, Map.of());
        awaitUntil(() -> seen.stream().allMatch(s -> s.contains(3L)));
        assertThat(seen.get(0)).containsExactly(1L, 2L, 3L);

        open.forEach(Disposable::dispose);
        assertThat(streams.watched()).as("the watch ends with its last stream").isZero();
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
