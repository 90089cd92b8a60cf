package org.kepu.api.works;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.kepu.api.config.KepuProperties;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;

/**
 * Holds upload bodies to an idle and a total time limit. The limits watch the bytes as the network
 * delivers them, before multipart parsing, which may hold a few bytes back while it looks for a boundary:
 * a sender dripping bytes is idle only when nothing at all arrives.
 *
 * <p>A limit that strikes does not fail or cancel the body: it only tells the upload ({@link #of}), which
 * answers 408 and closes the connection, so the body ends the way it ends for a client that goes away.
 * Cancelling the body midway races with buffers on their way through the multipart reader, which then
 * stay unreleased.
 */
@Component
class UploadTimeLimits implements WebFilter {

    private static final String ATTRIBUTE = UploadTimeLimits.class.getName();

    private final Duration idle;
    private final Duration total;

    UploadTimeLimits(KepuProperties properties) {
        this.idle = properties.upload().idleTimeout();
        this.total = properties.upload().totalTimeout();
    }

    /** Signals the limit that struck this exchange's upload body; never, for a request without limits. */
    static Mono<UploadTimedOut> of(ServerWebExchange exchange) {
        Watch watch = exchange.getAttribute(ATTRIBUTE);
        return watch == null ? Mono.never() : watch.struck.asMono();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        MediaType type = request.getHeaders().getContentType();
        if (!HttpMethod.POST.equals(request.getMethod())
                || type == null
                || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)
                || !request.getPath().pathWithinApplication().value().startsWith("/api/v1/works")) {
            return chain.filter(exchange);
        }
        Watch watch = new Watch(eventLoopOf(request));
        exchange.getAttributes().put(ATTRIBUTE, watch);
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody()
                        .map(UploadTimeLimits::onHeap)
                        .doOnSubscribe(s -> watch.start())
                        .doOnNext(buffer -> watch.arrived())
                        .doFinally(signal -> watch.stop());
            }
        };
        return chain.filter(exchange.mutate().request(limited).build()).doFinally(signal -> watch.stop());
    }

    /** Heap buffers in Netty's own form: the multipart reader's boundary search is fastest on them. */
    private static final NettyDataBufferFactory ON_HEAP = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

    /**
     * A heap copy of a body buffer, whose pooled original goes back at once. The multipart reader holds
     * buffers back while it looks for a boundary and splits them into parts; when a connection closes in
     * the middle of an upload (one cut off by a limit, or a client gone), what it and the operators after it
     * held is dropped at some point of a race between the connection's thread and the reading, and a pooled
     * buffer dropped that way never goes back to the pool. A heap copy is collected like any object; it
     * ignores releases, so that a buffer released twice by the race is not an error either. The copy costs
     * a pass over the bytes, small against storing them.
     */
    private static DataBuffer onHeap(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return ON_HEAP.wrap(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes)));
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /**
     * The connection's own event loop, which delivers the body: the checks run between deliveries, never
     * during one.
     */
    private static ScheduledExecutorService eventLoopOf(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        if (nativeRequest instanceof Connection connection) {
            return connection.channel().eventLoop();
        }
        return Fallback.TIMER;
    }

    /** Timers for a server that is not Reactor Netty (a mock server in tests); created only when needed. */
    private static final class Fallback {
        static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "upload-limits");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The timers of one upload body. */
    private final class Watch {
        private final ScheduledExecutorService loop;
        private final Sinks.One<UploadTimedOut> struck = Sinks.one();
        private volatile long lastArrival;
        private volatile long deadline;
        private volatile ScheduledFuture<?> check;

        Watch(ScheduledExecutorService loop) {
            this.loop = loop;
        }

        void start() {
            long now = System.nanoTime();
            lastArrival = now;
            deadline = now + total.toNanos();
            schedule(Math.min(idle.toNanos(), total.toNanos()));
        }

        void arrived() {
            lastArrival = System.nanoTime();
        }

        void stop() {
            ScheduledFuture<?> pending = check;
            if (pending != null) {
                pending.cancel(false);
            }
        }

        private void schedule(long delayNanos) {
            check = loop.schedule(this::check, Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
        }

        private void check() {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                struck.tryEmitValue(
                        new UploadTimedOut("The upload was not complete within " + total.toSeconds() + " s."));
            } else if (now - lastArrival >= idle.toNanos()) {
                struck.tryEmitValue(
                        new UploadTimedOut("Nothing arrived for " + idle.toSeconds() + " s; the upload was ended."));
            } else {
                schedule(Math.min(lastArrival + idle.toNanos(), deadline) - now);
            }
        }
    }

    /** An upload body that stopped arriving, or took too long. */
    static final class UploadTimedOut extends RuntimeException {
        UploadTimedOut(String detail) {
            super(detail, null, false, false);
        }
    }
}
