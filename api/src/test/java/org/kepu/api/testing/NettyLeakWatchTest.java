package org.kepu.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watch that fails the build on a leak does see one. */
class NettyLeakWatchTest {

    @Test
    void theBuildRunsWithEveryBufferTracked() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void aBufferNeverReleasedIsReported() throws InterruptedException {
        List<String> leaks = NettyLeakWatch.leaks();
        int known = leaks.size();
        leak();
        for (int i = 0; i < 20 && leaks.size() == known; i++) {
            NettyLeakWatch.collect(known);
        }
        assertThat(leaks.size()).isGreaterThan(known);
        assertThat(leaks.get(known)).startsWith("ByteBuf").contains("NettyLeakWatchTest.leak(");
        // caused on purpose: not a leak of the code under test
        while (leaks.size() > known) {
            leaks.remove(leaks.size() - 1);
        }
    }

    private static void leak() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(64);
        buffer.writeLong(42);
    }
}
