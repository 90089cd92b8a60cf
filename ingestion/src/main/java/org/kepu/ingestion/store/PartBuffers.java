package org.kepu.ingestion.store;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Part buffers shared by every streamed upload of one store. Each upload may always use two of its own
 * (one being filled while the previous part travels); more parts in flight need one of a fixed number of
 * extra buffers, so concurrent uploads cannot multiply memory use beyond that budget. Released buffers
 * are kept for reuse up to that same number: part-sized arrays are humongous objects for G1, and
 * allocating one per part keeps a small heap busy.
 */
final class PartBuffers {

    private final int partSize;
    private final int extraBudget;
    private final Semaphore extras;
    private final ConcurrentLinkedQueue<byte[]> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    PartBuffers(int partSize, int extraBudget) {
        this.partSize = partSize;
        this.extraBudget = extraBudget;
        this.extras = new Semaphore(extraBudget);
    }

    int partSize() {
        return partSize;
    }

    byte[] take() {
        byte[] buffer = idle.poll();
        if (buffer != null) {
            idleCount.decrementAndGet();
            return buffer;
        }
        return new byte[partSize];
    }

    void give(byte[] buffer) {
        if (idleCount.incrementAndGet() <= extraBudget) {
            idle.offer(buffer);
        } else {
            idleCount.decrementAndGet();
        }
    }

    boolean tryTakeExtra() {
        return extras.tryAcquire();
    }

    void releaseExtras(int count) {
        if (count > 0) {
            extras.release(count);
        }
    }
}
