package org.kepu.api.channels;

import java.time.Clock;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.review.channels.ChannelRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the channel registry of the review module over the object store. */
@Configuration
class ChannelConfig {

    @Bean
    ChannelRegistry channelRegistry(ObjectStore store, Clock clock) {
        return new ChannelRegistry(store, clock);
    }
}
