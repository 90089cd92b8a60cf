package org.kepu.api.ratelimit;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fixed-window request budget per key (an outlet's client id, or an address).
 *
 * <p>A fixed window rather than a token bucket: the draft's {@code r} and {@code t} then say exactly what
 * an outlet may do and when it may do it again, a 304 is given back by decrementing one counter, and a
 * key costs two numbers. The price is that a caller can spend up to twice the quota around a window's
 * end; for feed polling that is acceptable. Each key's window starts at its first counted request, so
 * outlets do not all reset, and come back, at the same instant.
 *
 * <p>State is in memory per instance: with N instances the effective budget is N times the quota, which
 * is acceptable for keeping one outlet from crowding out the others.
 *
 * <p>Keys are bounded: a window that has ended carries nothing a fresh one would not, so ended windows
 * are dropped from the least recently used end on every call, and past {@code capacity} keys the least
 * recently used one goes, so addresses from a flood cannot make the map grow without end.
 */
final class RequestBudget {

    private final RateLimitPolicy policy;
    private final Clock clock;
    private final long windowMillis;
    private final Map<String, Window> windows;

    RequestBudget(RateLimitPolicy policy, Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.policy = policy;
        this.clock = clock;
        this.windowMillis = policy.window().toMillis();
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > capacity;
            }
        };
    }

    RateLimitPolicy policy() {
        return policy;
    }

    /** Counts one request against {@code key}, unless its window's quota is spent. */
    synchronized Decision consume(String key) {
        long now = clock.millis();
        evictEnded(now);
        Window window = windows.get(key);
        if (window == null || ended(window, now)) {
            window = new Window(now);
            windows.put(key, window);
        }
        if (window.used >= policy.requests()) {
            return decision(false, key, window, now);
        }
        window.used++;
        return decision(true, key, window, now);
    }

    /**
     * Gives back the unit a request was counted, when it turned out not to cost anything (a 304). Only to
     * the window that counted it: once that window has ended the unit is gone with it.
     */
    synchronized Decision refund(Decision counted) {
        if (!counted.allowed()) {
            return counted;
        }
        long now = clock.millis();
        Window window = windows.get(counted.key());
        if (window == null || window.start != counted.windowStart() || ended(window, now) || window.used == 0) {
            return counted;
        }
        window.used--;
        return decision(true, counted.key(), window, now);
    }

    synchronized int size() {
        return windows.size();
    }

    private Decision decision(boolean allowed, String key, Window window, long now) {
        long untilReset = window.start + windowMillis - now;
        // Whole seconds, rounded up: answering 0 while the window is still open would invite a retry too early.
        long seconds = Math.max(1, (untilReset + 999) / 1000);
        return new Decision(allowed, policy.requests() - window.used, seconds, key, window.start);
    }

    private void evictEnded(long now) {
        Iterator<Window> eldestFirst = windows.values().iterator();
        while (eldestFirst.hasNext()) {
            if (!ended(eldestFirst.next(), now)) {
                // Later entries were used more recently; the next calls will reach them.
                return;
            }
            eldestFirst.remove();
        }
    }

    private boolean ended(Window window, long now) {
        return now >= window.start + windowMillis;
    }

    private static final class Window {
        final long start;
        int used;

        Window(long start) {
            this.start = start;
        }
    }
}
