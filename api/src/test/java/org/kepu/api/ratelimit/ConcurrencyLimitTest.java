package org.kepu.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

    @Test
    void eachKeyHoldsAtMostItsSlotsAndAReleasedSlotIsFreeAgainOnce() {
        ConcurrencyLimit streams = new ConcurrencyLimit(2);
        ConcurrencyLimit.Slot first = streams.tryTake("alice").orElseThrow();
        streams.tryTake("alice").orElseThrow();
        assertThat(streams.tryTake("alice")).isEmpty();
        assertThat(streams.tryTake("bob")).isPresent();

        first.release();
        first.release();
        assertThat(streams.held("alice")).isEqualTo(1);
        assertThat(streams.tryTake("alice")).isPresent();
        assertThat(streams.tryTake("alice")).isEmpty();
        assertThatThrownBy(() -> new ConcurrencyLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void racingCallersNeverTakeMoreThanTheLimitAndAllReleasedLeavesNothing() throws Exception {
        ConcurrencyLimit uploads = new ConcurrencyLimit(4);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<ConcurrencyLimit.Slot>>> tries = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                tries.add(pool.submit(() -> {
                    start.await();
                    return uploads.tryTake("alice");
                }));
            }
            start.countDown();
            List<ConcurrencyLimit.Slot> taken = new ArrayList<>();
            for (Future<Optional<ConcurrencyLimit.Slot>> attempt : tries) {
                attempt.get(10, TimeUnit.SECONDS).ifPresent(taken::add);
            }
            assertThat(taken).hasSize(4);
            taken.forEach(ConcurrencyLimit.Slot::release);
            assertThat(uploads.held("alice")).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
