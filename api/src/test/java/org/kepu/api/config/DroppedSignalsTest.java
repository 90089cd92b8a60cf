package org.kepu.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A buffer that reaches an operator after a time limit cancelled it goes back to the pool. */
class DroppedSignalsTest {

    @Test
    void aBufferArrivingAfterATimeoutCancelledTheBodyIsReleased() {
        new DroppedSignals();
        AtomicReference<Subscriber<? super DataBuffer>> receiver = new AtomicReference<>();
        // like a network body racing with its cancellation: the next piece is already on its way
        Publisher<DataBuffer> body = subscriber -> {
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            receiver.set(subscriber);
        };
        Flux.from(body)
                .timeout(Duration.ofMillis(20))
                .onErrorResume(e -> Mono.empty())
                .blockLast(Duration.ofSeconds(5));

        ByteBuf late = PooledByteBufAllocator.DEFAULT.buffer(16).writeLong(7);
        receiver.get().onNext(new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT).wrap(late));

        assertThat(late.refCnt()).isZero();
    }
}
