package org.kepu.api.knowledge;

import java.time.Clock;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.knowledge.KnowledgeBase;
import org.kepu.review.knowledge.KnowledgeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The screening knowledge base: the entries in force (shipped ones until the store is read), the store
 * that keeps them, and the polling that seeds the store on first start and reads it again every
 * {@code kepu.knowledge.refresh-interval}, so that entries written on another instance apply here
 * without restart.
 */
@Configuration
class KnowledgeConfig {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeConfig.class);

    @Bean
    KnowledgeBase knowledgeBase() {
        return KnowledgeBase.shipped();
    }

    @Bean
    KnowledgeStore knowledgeStore(WorkRepository works, Clock clock, KnowledgeBase base) {
        return new KnowledgeStore(works.store(), clock, base);
    }

    @Bean
    Refresh knowledgeRefresh(KnowledgeStore store) {
        return new Refresh(store);
    }

    static final class Refresh {
        private final KnowledgeStore store;
        private volatile boolean seeded;

        Refresh(KnowledgeStore store) {
            this.store = store;
        }

        @Scheduled(initialDelay = 0, fixedDelayString = "${kepu.knowledge.refresh-interval:30s}")
        void run() {
            try {
                if (!seeded) {
                    if (store.seed()) {
                        log.info("knowledge base seeded with the shipped myths, rumours and reference values");
                    }
                    seeded = true;
                }
                store.refresh();
            } catch (RuntimeException e) {
                // the store did not answer or holds entries this build cannot read: the ones in force stay
                log.warn("could not read the knowledge base", e);
            }
        }
    }
}
