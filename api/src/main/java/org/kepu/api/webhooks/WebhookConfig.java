package org.kepu.api.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.kepu.api.config.KepuProperties;
import org.kepu.api.feeds.ChannelChanges;
import org.kepu.api.operations.KepuMetrics;
import org.kepu.api.stats.OutletCounters;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.review.channels.ChannelRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The webhook parts as plain objects; only the scheduler and the routes are Spring components. */
@Configuration
class WebhookConfig {

    /** Longer than a send can take (connect and request timeouts), so a live claim never runs out. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    @Bean
    WebhookStore webhookStore(ObjectStore store) {
        return new WebhookStore(store);
    }

    @Bean
    WebhookAddressGuard webhookAddressGuard(KepuProperties properties) {
        return WebhookAddressGuard.usingDns(properties.webhooks().allowPrivateAddresses());
    }

    /** Deliveries follow the outlet's entitlements: a channel it lost is no longer read for it. */
    @Bean
    WebhookDispatcher webhookDispatcher(
            WebhookStore store,
            ChannelChanges changes,
            ChannelRegistry channels,
            WebhookAddressGuard guard,
            KepuProperties properties,
            Clock clock,
            KepuMetrics metrics,
            OutletCounters counters,
            @Value("${kepu.public-base-url:http://localhost:${server.port:8080}}") String publicBaseUrl) {
        KepuProperties.Webhooks webhooks = properties.webhooks();
        WebhookRetryPolicy policy = new WebhookRetryPolicy(
                webhooks.retryStart(),
                webhooks.retryCap(),
                webhooks.retryFor(),
                () -> ThreadLocalRandom.current().nextDouble());
        WebhookDispatcher dispatcher = new WebhookDispatcher(
                store,
                () -> Optional.of(changes),
                new WebhookSender(webhooks.timeout()),
                guard,
                policy,
                clock,
                publicBaseUrl,
                webhooks.timeout().multipliedBy(2).plus(LEASE_MARGIN),
                (outlet, channel) ->
                        channels.find(channel).map(c -> c.visibleTo(outlet)).orElse(false),
                (outlet, delivered) -> counters.count(
                        outlet,
                        delivered ? OutletCounters.Counter.WEBHOOK_DELIVERED : OutletCounters.Counter.WEBHOOK_FAILED));
        dispatcher.onAttempt(metrics::webhookAttempt);
        return dispatcher;
    }
}
