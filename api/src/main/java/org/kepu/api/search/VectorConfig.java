package org.kepu.api.search;

import org.kepu.ingestion.work.WorkRepository;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.vector.BgeSmallZh;
import org.kepu.search.vector.HybridSearch;
import org.kepu.search.vector.VectorSearch;
import org.kepu.search.vector.VectorWorker;
import org.kepu.search.vector.WorkEmbedding;
import org.kepu.search.vector.WorkVectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Search by meaning beside search by words, on with {@code kepu.search.vectors.enabled=true}: the model
 * ships in the jar and runs in process, so the embedded default can have it too. It loads in the
 * background once kepu is up; searches use words alone until then. Off by default: on CMRC 2018, whose
 * questions reuse their passages' words, fusing the vectors lowers MRR@10 (0.983 to 0.974), and every
 * new version costs an embedding of its text.
 */
@Configuration
@ConditionalOnProperty(name = "kepu.search.vectors.enabled", havingValue = "true")
class VectorConfig {

    @Bean(destroyMethod = "close")
    VectorWorker vectorWorker(WorkRepository works, BgeSmallZh embedder) {
        return new VectorWorker(works, new WorkVectors(works.store(), new WorkEmbedding(embedder)));
    }

    @Bean
    HybridSearch hybridSearch(SearchIndex index, BgeSmallZh embedder) {
        if (!(index instanceof VectorSearch vectors)) {
            throw new IllegalStateException("the search index has no vector search: " + index.getClass());
        }
        return new HybridSearch(index, vectors, embedder, HybridSearch.Settings.DEFAULT);
    }

    @Bean
    ModelLoader modelLoader(BgeSmallZh embedder) {
        return new ModelLoader(embedder);
    }

    static final class ModelLoader {
        private final BgeSmallZh embedder;

        ModelLoader(BgeSmallZh embedder) {
            this.embedder = embedder;
        }

        @EventListener(ApplicationReadyEvent.class)
        void load() {
            embedder.loadInBackground();
        }
    }
}
