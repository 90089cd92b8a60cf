package org.kepu.api.search;

import org.kepu.search.vector.BgeSmallZh;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one sentence model of the application, shared by search by meaning and semantic screening. Making
 * it costs nothing: the model itself loads on first use (or when search by meaning asks for it after
 * start-up), never while kepu starts.
 */
@Configuration
class SentenceModelConfig {

    @Bean
    BgeSmallZh embedder() {
        return new BgeSmallZh();
    }
}
