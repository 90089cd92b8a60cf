package org.kepu.api.config;

import io.netty.util.ReferenceCounted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Hooks;

/**
 * What Reactor does with a signal that arrives after its sequence was cancelled or ended. A buffer of an
 * upload that arrives just as its time limit cancels the body is dropped, not discarded, so without this
 * it would never go back to Netty's pool. A late error after such a cancellation is expected and logged
 * quietly; any other keeps Reactor's error line.
 */
@Configuration(proxyBeanMethods = false)
class DroppedSignals {

    private static final Logger log = LoggerFactory.getLogger(DroppedSignals.class);

    DroppedSignals() {
        Hooks.onNextDropped(DroppedSignals::release);
        Hooks.onErrorDropped(DroppedSignals::late);
    }

    static void release(Object dropped) {
        if (dropped instanceof DataBuffer buffer) {
            DataBufferUtils.release(buffer);
        } else if (dropped instanceof ReferenceCounted counted && counted.refCnt() > 0) {
            counted.release();
        }
    }

    static void late(Throwable error) {
        if (error instanceof org.springframework.web.server.ResponseStatusException
                || error.getClass().getName().startsWith("org.kepu.")) {
            log.debug("a late error after its request was over", error);
        } else {
            log.error("an error arrived after its sequence was over", error);
        }
    }
}
