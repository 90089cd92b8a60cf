package org.kepu.api.config;

import org.kepu.ingestion.pipeline.ExtractionPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Picks up extraction left unfinished by a stopped or crashed instance: once at start and then
 * periodically, so a lost lease is retried without anyone asking.
 */
@Component
class ExtractionSweeper {

    private static final Logger log = LoggerFactory.getLogger(ExtractionSweeper.class);

    private final ExtractionPipeline pipeline;

    ExtractionSweeper(ExtractionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Scheduled tasks start once the context is refreshed, so the first sweep finds the pipeline running. */
    @Scheduled(initialDelay = 0, fixedDelayString = "${kepu.extraction.sweep-interval:30s}")
    void sweep() {
        try {
            int found = pipeline.sweep();
            if (found > 0) {
                log.debug("extraction sweep queued {} works", found);
            }
        } catch (RuntimeException e) {
            log.warn("extraction sweep failed; retrying at the next interval", e);
        }
    }
}
