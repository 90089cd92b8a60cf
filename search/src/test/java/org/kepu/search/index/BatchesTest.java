package org.kepu.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private final List<Integer> items = IntStream.range(0, 1_003).boxed().toList();

    @Test
    void writesEveryBatchOnceInOrderOnTheCallersThread() {
        List<List<Integer>> written = new ArrayList<>();
        Set<String> writers = ConcurrentHashMap.newKeySet();
        Batches.run(items, 100, batch -> batch, batch -> {
            written.add(batch);
            writers.add(Thread.currentThread().getName());
        });
        assertThat(written).hasSize(11);
        assertThat(written.get(10)).containsExactly(1_000, 1_001, 1_002);
        assertThat(written.stream().flatMap(List::stream).toList()).isEqualTo(items);
        assertThat(writers).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void preparesAheadWhileWritingButOnlyABoundedNumberOfBatches() {
        AtomicInteger prepared = new AtomicInteger();
        AtomicInteger writtenBatches = new AtomicInteger();
        List<Integer> aheadSeen = new ArrayList<>();
        Batches.run(
                items,
                10,
                batch -> {
                    prepared.incrementAndGet();
                    return batch;
                },
                batch -> {
                    // give the preparing threads time to run ahead as far as they may
                    sleep(5);
                    aheadSeen.add(prepared.get() - writtenBatches.incrementAndGet());
                });
        assertThat(writtenBatches.get()).isEqualTo(101);
        assertThat(aheadSeen).allMatch(ahead -> ahead >= 0 && ahead < Batches.AHEAD);
        assertThat(aheadSeen).anyMatch(ahead -> ahead > 0);
    }

    @Test
    void aFailureWhilePreparingStopsTheRunAfterTheBatchesBeforeIt() {
        List<Integer> written = new ArrayList<>();
        assertThatThrownBy(() -> Batches.run(
                        items,
                        100,
                        batch -> {
                            if (batch.contains(350)) {
                                throw new IllegalStateException("manifest unreadable");
                            }
                            return batch;
                        },
                        written::addAll))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("manifest unreadable");
        assertThat(written).isEqualTo(items.subList(0, 300));
    }

    @Test
    void aFailureWhileWritingStopsTheRun() {
        AtomicInteger writes = new AtomicInteger();
        assertThatThrownBy(() -> Batches.run(items, 100, batch -> batch, batch -> {
                    if (writes.incrementAndGet() == 2) {
                        throw new SearchUnavailableException("index down", null);
                    }
                }))
                .isInstanceOf(SearchUnavailableException.class);
        assertThat(writes.get()).isEqualTo(2);
    }

    @Test
    void nothingToDoWritesNothing() {
        AtomicInteger writes = new AtomicInteger();
        Batches.run(List.of(), 100, batch -> batch, batch -> writes.incrementAndGet());
        assertThat(writes.get()).isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
