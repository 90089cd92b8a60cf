package org.kepu.search.index;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a list through two steps, batch by batch: {@code prepare} (reading manifests and texts, analysing
 * them: CPU-bound, in this JVM) and {@code write} (the bulk request: waiting on the index). The next
 * batches are prepared on other threads while the caller writes the current one, so analysis overlaps
 * the index's own work and spreads over the cores, and writes still happen one batch at a time, in order.
 * At most {@link #AHEAD} batches are prepared ahead, which bounds the memory held.
 */
public final class Batches {

    static final int AHEAD = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final ExecutorService PREPARE = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kepu-index-prepare");
        thread.setDaemon(true);
        return thread;
    });

    private Batches() {}

    /**
     * Prepares and writes {@code items} in batches of {@code size}. An exception from either step stops the
     * run and is thrown here, with batches written before it left written; batches prepared ahead are
     * dropped.
     */
    public static <I, B> void run(List<I> items, int size, Function<List<I>, B> prepare, Consumer<B> write) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        Deque<Future<B>> ahead = new ArrayDeque<>();
        int next = 0;
        try {
            while (next < items.size() || !ahead.isEmpty()) {
                while (next < items.size() && ahead.size() < AHEAD) {
                    List<I> batch = List.copyOf(items.subList(next, Math.min(items.size(), next + size)));
                    ahead.add(PREPARE.submit(() -> prepare.apply(batch)));
                    next += batch.size();
                }
                write.accept(await(ahead.poll()));
            }
        } finally {
            ahead.forEach(future -> future.cancel(true));
        }
    }

    private static <B> B await(Future<B> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while preparing a batch");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("preparing a batch failed", e.getCause());
        }
    }
}
