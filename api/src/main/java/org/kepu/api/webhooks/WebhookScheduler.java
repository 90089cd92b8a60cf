package org.kepu.api.webhooks;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.kepu.api.config.KepuProperties;
import org.kepu.api.webhooks.WebhookDispatcher.Due;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the dispatcher: the application's scheduler polls for changes and due deliveries every interval,
 * and a small bounded pool sends, so one slow receiver holds up only one sender. The store, not this class, knows
 * what is pending, so a restart picks up where the last run stopped.
 */
@Component
class WebhookScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookScheduler.class);
    private static final int QUEUE = 1000;

    private final WebhookDispatcher dispatcher;
    private final KepuProperties.Webhooks properties;
    /** Deliveries queued or being sent by this instance, so a tick does not queue them twice. */
    private final Set<Due> inFlight = ConcurrentHashMap.newKeySet();

    private volatile ThreadPoolExecutor senders;

    WebhookScheduler(WebhookDispatcher dispatcher, KepuProperties properties) {
        this.dispatcher = dispatcher;
        this.properties = properties.webhooks();
    }

    @Scheduled(
            initialDelayString = "${kepu.webhooks.poll-interval:2s}",
            fixedDelayString = "${kepu.webhooks.poll-interval:2s}")
    void tick() {
        if (!isRunning()) {
            return;
        }
        try {
            dispatcher.poll();
            for (Due due : dispatcher.due()) {
                if (!send(due)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("webhook dispatch failed; retrying at the next interval", e);
        }
    }

    /** Sends a delivery soon (a replay); false when the senders are saturated or stopping. */
    boolean send(Due due) {
        if (!inFlight.add(due)) {
            return true;
        }
        try {
            senders.execute(() -> {
                try {
                    dispatcher.attempt(due.endpointId(), due.deliveryId());
                } finally {
                    inFlight.remove(due);
                }
            });
            return true;
        } catch (RejectedExecutionException busy) {
            inFlight.remove(due);
            return false;
        }
    }

    @Override
    public void start() {
        int threads = Math.max(1, properties.senders());
        senders = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                daemons("kepu-webhook-send"));
    }

    @Override
    public void stop() {
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        ThreadPoolExecutor current = senders;
        return current != null && !current.isShutdown();
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
