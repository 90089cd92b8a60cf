package org.kepu.api.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a buffer that was never released. Registered for every test
 * class (see {@code META-INF/services}); the build runs with {@code io.netty.leakDetection.level=paranoid},
 * so every buffer is tracked. Netty only notices a leak once the buffer is garbage-collected and a later
 * allocation looks, so after each class this collects garbage and allocates a few buffers; a report that
 * arrives only then may stem from the class before.
 */
public final class NettyLeakWatch implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        // Must run before the first buffer class is loaded: each keeps the detector it got at that moment.
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                    Class<T> resource, int samplingInterval, long maxActive) {
                ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval) {
                    // The listener below hands each leak to the failing class with its records; Netty's own
                    // log line would only repeat it, and would show this watch's deliberate leaks as real.
                    @Override
                    protected boolean needReport() {
                        return true;
                    }

                    @Override
                    protected void reportTracedLeak(String resourceType, String records) {}

                    @Override
                    protected void reportUntracedLeak(String resourceType) {}
                };
                detector.setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
                return detector;
            }
        });
    }

    private int before;

    @Override
    public void beforeAll(ExtensionContext context) {
        before = LEAKS.size();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        collect(before);
        List<String> found = List.copyOf(LEAKS.subList(before, LEAKS.size()));
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " Netty buffer(s) never released, found after "
                    + context.getDisplayName() + ":\n" + String.join("\n", found));
        }
    }

    /** Collects garbage until Netty has reported more than {@code known} leaks, or a few rounds passed. */
    static void collect(int known) throws InterruptedException {
        for (int round = 0; round < 3 && LEAKS.size() <= known; round++) {
            System.gc();
            Thread.sleep(50);
            provoke(PooledByteBufAllocator.DEFAULT);
            provoke(UnpooledByteBufAllocator.DEFAULT);
        }
    }

    /** The leaks reported so far, in order; tests of this watch remove what they caused on purpose. */
    static List<String> leaks() {
        return LEAKS;
    }

    /** Each tracked allocation first reports the leaks collected so far. */
    private static void provoke(ByteBufAllocator allocator) {
        for (int i = 0; i < 16; i++) {
            allocator.buffer(8).release();
            allocator.directBuffer(8).release();
        }
    }
}
