package org.kepu.review.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.work.ConcurrentChangeException;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Review.Verdict;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.assign.Reviewer;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.audit.AuditLog;

/**
 * Conflicting decisions raced through the repository's compare-and-set, each recording its event in the
 * change: one wins, the losers leave no event behind, the chain holds.
 */
class ConcurrentDecisionsTest {

    @TempDir
    Path root;

    @Test
    void fiftyConflictingDecisionsApplyExactlyOnce() throws Exception {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        AuditLog audit = new AuditLog(store, Clock.systemUTC());
        WorkRepository works = new WorkRepository(store, Clock.systemUTC(), audit);
        ReviewFlow flow = new ReviewFlow(Duration.ofHours(24));
        Instant now = Instant.now();
        Version v1 = new Version(1, "sha256:v1", 3, "text/plain", "a.txt", "k", null, now, "t", 3L, null);
        works.create(new Work(
                "w1",
                0,
                "alice",
                new WorkMetadata("光速", null, "article", List.of("physics"), List.of(), null, null, false),
                WorkStatus.PROCESSING,
                null,
                List.of(v1),
                null,
                now,
                now));
        Reviewer rita = new Reviewer("rita", List.of("physics"), List.of(), now);
        works.update(
                "w1",
                w -> flow.screened(w, new FindingsSummary(1, "sha256:v1", 0, 0, 0, now), List.of(rita), Map.of(), now));

        Verdict[] verdicts = Verdict.values();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            DecisionRequest request =
                    new DecisionRequest(1, "sha256:v1", verdicts[i % verdicts.length], "决定 " + i, List.of());
            results.add(pool.submit(() -> {
                start.await();
                try {
                    Work decided = works.update(
                            "w1",
                            w -> flow.decide(w, rita, request, Instant.now())
                                    .recording(
                                            AuditEvent.DECISION,
                                            "rita",
                                            1,
                                            Map.of(
                                                    "decision",
                                                    request.decision().name())));
                    return decided.review().decisions().size() == 1;
                } catch (ReviewException | ConcurrentChangeException refused) {
                    return false;
                }
            }));
        }
        start.countDown();
        int applied = 0;
        for (Future<Boolean> r : results) {
            applied += r.get() ? 1 : 0;
        }
        pool.shutdownNow();

        assertThat(applied).isEqualTo(1);
        Work after = works.find("w1").orElseThrow();
        assertThat(after.review().decisions()).hasSize(1);
        assertThat(after.status()).isNotEqualTo(WorkStatus.IN_REVIEW);
        assertThat(audit.events("w1"))
                .singleElement()
                .satisfies(e -> assertThat(e.data())
                        .containsEntry(
                                "decision",
                                after.review().decisions().get(0).decision().name()));
        assertThat(audit.verify("w1").valid()).isTrue();
    }
}
