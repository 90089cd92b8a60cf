package org.kepu.api.search;

import org.kepu.ingestion.work.WorkRepository;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.vector.BgeSmallZh;
import org.kepu.search.vector.HybridSearch;
import org.kepu.search.vector.VectorSearch;
import org.kepu.search.vector.VectorWorker;
import org.kepu.search.vector.WorkEmbedding;
import org.kepu.search.vector.WorkVectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import reactor.core.scheduler.Schedulers;

/**
 * Search by meaning beside search by words, on with {@code kepu.search.vectors.enabled=true}: the model
 * ships in the jar and runs in process, so the embedded default can have it too. It loads in the
 * background once kepu is up; searches use words alone until then. Off by default: every new version
 * costs an embedding of its text, the model about 100 MB of memory, and each query a nearest-neighbour
 * search that costs several times the words' own (see README); on CMRC 2018, whose questions reuse their
 * passages' words, fusing raises MRR@10 only a little (0.9830 to 0.9871).
 */
@Configuration
@ConditionalOnProperty(name = "kepu.search.vectors.enabled", havingValue = "true")
class VectorConfig {

    @Bean(destroyMethod = "close")
    VectorWorker vectorWorker(WorkRepository works, BgeSmallZh embedder) {
        return new VectorWorker(works, new WorkVectors(works.store(), new WorkEmbedding(embedder)));
    }

    /**
     * {@code kepu.search.vectors.neighbours}: the nearest works read per hundred of a ranking, to add works
     * found by meaning alone (the works found by words have their own cosine computed exactly). More cost
     * more; 20 and 100 gave the same MRR@10 on CMRC 2018 (0.9871).
     */
    @Bean
    HybridSearch hybridSearch(
            SearchIndex index, BgeSmallZh embedder, @Value("${kepu.search.vectors.neighbours:20}") int neighbours) {
        if (!(index instanceof VectorSearch vectors)) {
            throw new IllegalStateException("the search index has no vector search: " + index.getClass());
        }
        HybridSearch.Settings settings = new HybridSearch.Settings(
                HybridSearch.Settings.DEFAULT.minSimilarity(),
                HybridSearch.Settings.DEFAULT.vectorWeight(),
                neighbours);
        // the nearest works are looked up beside the word ranking, on the scheduler blocking reads use
        return new HybridSearch(
                index,
                vectors,
                embedder,
                settings,
                task -> Schedulers.boundedElastic().schedule(task));
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
