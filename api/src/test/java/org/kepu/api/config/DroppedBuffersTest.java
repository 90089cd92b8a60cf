package org.kepu.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

class DroppedBuffersTest {

    private final NettyDataBufferFactory factory = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

    @Test
    void aDroppedBufferGoesBackToThePoolOnceAndAnythingElseIsLeftAlone() {
        ByteBuf wrapped = PooledByteBufAllocator.DEFAULT.buffer(16);
        DroppedBuffers.release(factory.wrap(wrapped));
        assertThat(wrapped.refCnt()).isZero();
        // released already by someone else: nothing happens, nothing is thrown
        DroppedBuffers.release(factory.wrap(wrapped));

        ByteBuf raw = PooledByteBufAllocator.DEFAULT.buffer(16);
        DroppedBuffers.release(raw);
        assertThat(raw.refCnt()).isZero();
        DroppedBuffers.release(raw);

        DroppedBuffers.release("not a buffer");
    }
}
