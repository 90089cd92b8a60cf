package org.kepu.api.config;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kepu.ingestion.pipeline.ExtractionPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Picks up extraction left unfinished by a stopped or crashed instance: once at start and then
 * periodically, so a lost lease is retried without anyone asking.
 */
@Component
class ExtractionSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExtractionSweeper.class);

    private final ExtractionPipeline pipeline;
    private final KepuProperties properties;
    private ScheduledExecutorService timer;

    ExtractionSweeper(ExtractionPipeline pipeline, KepuProperties properties) {
        this.pipeline = pipeline;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        long every = properties.extraction().sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweep, 0, every, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            int found = pipeline.sweep();
            if (found > 0) {
                log.debug("extraction sweep queued {} works", found);
            }
        } catch (RuntimeException e) {
            log.warn("extraction sweep failed; retrying at the next interval", e);
        }
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kepu-extract-sweep");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void stop() {
        timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }
}
