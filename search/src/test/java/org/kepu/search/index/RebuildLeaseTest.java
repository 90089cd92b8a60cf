package org.kepu.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;

/** Two instances sharing one object store (a directory) contend for the right to rebuild. */
class RebuildLeaseTest {

    private static final Duration TTL = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private final MovingClock clock = new MovingClock();
    private RebuildLease a;
    private RebuildLease b;

    @BeforeEach
    void twoInstances() {
        ObjectStore shared = new FileSystemObjectStore(dir);
        a = new RebuildLease(shared, "instance-a", TTL, clock);
        // the second instance opens the directory on its own, as another process would
        b = new RebuildLease(new FileSystemObjectStore(dir), "instance-b", TTL, clock);
    }

    @Test
    void whileOneInstanceHoldsTheLeaseTheOtherIsRefusedAndSeesItsProgress() {
        RebuildLease.Held held = a.acquire().orElseThrow();
        assertThat(held.renew(200, 450)).isTrue();

        assertThat(b.acquire()).isEmpty();
        assertThat(a.acquire()).isEmpty();
        RebuildLease.Status seen = b.current().orElseThrow();
        assertThat(seen.holder()).isEqualTo("instance-a");
        assertThat(seen.done()).isEqualTo(200);
        assertThat(seen.total()).isEqualTo(450);
        assertThat(seen.heldAt(clock.instant())).isTrue();
    }

    @Test
    void renewingKeepsTheLeaseBeyondItsFirstExpiry() {
        RebuildLease.Held held = a.acquire().orElseThrow();
        for (int minute = 1; minute <= 5; minute++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(held.renew(minute, 5)).isTrue();
            assertThat(b.acquire()).isEmpty();
        }
    }

    @Test
    void theLeaseOfAnInstanceThatStoppedRenewingIsTakenOverAfterItExpires() {
        RebuildLease.Held crashed = a.acquire().orElseThrow();

        clock.advance(TTL.minusSeconds(1));
        assertThat(b.acquire()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        RebuildLease.Held taken = b.acquire().orElseThrow();

        assertThat(b.current().orElseThrow().holder()).isEqualTo("instance-b");
        // the old holder, were it only paused, learns that it lost the lease, and cannot release it
        assertThat(crashed.renew(10, 20)).isFalse();
        crashed.close();
        assertThat(a.acquire()).isEmpty();
        assertThat(taken.renew(1, 1)).isTrue();
    }

    @Test
    void releasingLetsTheNextRebuildStart() {
        a.acquire().orElseThrow().close();

        assertThat(a.current()).isEmpty();
        assertThat(b.acquire()).isPresent();
    }

    @Test
    void ofInstancesRacingForAFreeLeaseExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<RebuildLease.Held>>> attempts = new ArrayList<>();
                for (RebuildLease lease : List.of(a, b, a, b)) {
                    Callable<Optional<RebuildLease.Held>> attempt = () -> {
                        start.await();
                        return lease.acquire();
                    };
                    attempts.add(pool.submit(attempt));
                }
                start.countDown();
                List<RebuildLease.Held> winners = new ArrayList<>();
                for (Future<Optional<RebuildLease.Held>> attempt : attempts) {
                    attempt.get().ifPresent(winners::add);
                }
                assertThat(winners).hasSize(1);
                winners.get(0).close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A clock the test moves forward. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
