package org.kepu.api.review;

import java.util.List;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.review.checks.SemanticClaimMatching;
import org.kepu.review.checks.SentenceEmbedder;
import org.kepu.review.checks.SentenceVectorStore;
import org.kepu.search.vector.BgeSmallZh;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Screening matches sentences with known rumours and myths by meaning too, with the application's one
 * sentence model (the search module's BGE small zh), when {@code kepu.screening.semantic.enabled} is true;
 * the model loads at the first screening, not at start-up. Off by default: it embeds every sentence of a
 * version (up to 2,000), which costs seconds per long article on a small machine, for a small gain in recall.
 */
@Configuration
@ConditionalOnProperty(name = "kepu.screening.semantic.enabled", havingValue = "true")
class SemanticScreeningConfig {

    @Bean
    SemanticClaimMatching semanticClaimMatching(
            BgeSmallZh model,
            ObjectStore store,
            @Value("${kepu.screening.semantic.threshold:" + SemanticClaimMatching.DEFAULT_THRESHOLD + "}")
                    double threshold) {
        return new SemanticClaimMatching(new BgeSentences(model), new SentenceVectorStore(store), threshold);
    }

    /** The search module's model seen through the review module's port. */
    static final class BgeSentences implements SentenceEmbedder {
        private final BgeSmallZh model;

        BgeSentences(BgeSmallZh model) {
            this.model = model;
        }

        @Override
        public String model() {
            return model.model();
        }

        @Override
        public List<float[]> embed(List<String> sentences) {
            return sentences.stream().map(model::embed).toList();
        }
    }
}
