package org.kepu.api.config;

import io.netty.util.ReferenceCounted;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Hooks;

/**
 * Releases buffers that a reactive operator drops because they arrived after it was cancelled or had
 * ended: an upload cut off by its time limit is answered while the connection still delivers its body,
 * and what races the cancellation is handed to Reactor's "next dropped" hook, which by default only logs
 * it, so the pooled buffer would never go back to the pool.
 */
@Configuration(proxyBeanMethods = false)
class DroppedBuffers {

    /** Hooks are global and compose; every application context in one JVM must not add another release. */
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    DroppedBuffers() {
        if (INSTALLED.compareAndSet(false, true)) {
            Hooks.onNextDropped(DroppedBuffers::release);
        }
    }

    static void release(Object dropped) {
        if (dropped instanceof PartEvent event) {
            DataBufferUtils.release(event.content());
        } else if (dropped instanceof DataBuffer buffer) {
            DataBufferUtils.release(buffer);
        } else if (dropped instanceof ReferenceCounted counted && counted.refCnt() > 0) {
            counted.release();
        }
    }
}
