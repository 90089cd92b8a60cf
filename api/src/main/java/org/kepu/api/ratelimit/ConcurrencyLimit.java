package org.kepu.api.ratelimit;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code limit} things at a time per key, such as one person's uploads or open event streams.
 * A key holding nothing takes no memory.
 */
public final class ConcurrencyLimit {

    private final int limit;
    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

    public ConcurrencyLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a concurrency limit must be at least 1, not " + limit);
        }
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** A slot for the key, or empty when it holds all of its slots. */
    public Optional<Slot> tryTake(String key) {
        AtomicBoolean taken = new AtomicBoolean();
        held.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (now >= limit) {
                return now;
            }
            taken.set(true);
            return now + 1;
        });
        return taken.get() ? Optional.of(new Slot(key)) : Optional.empty();
    }

    /** How many slots the key holds. */
    public int held(String key) {
        return held.getOrDefault(key, 0);
    }

    /** One taken slot; giving it back twice gives it back once. */
    public final class Slot {
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String key) {
            this.key = key;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                held.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
            }
        }
    }
}
