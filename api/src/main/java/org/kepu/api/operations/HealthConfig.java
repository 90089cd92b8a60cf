package org.kepu.api.operations;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.kepu.api.config.KepuProperties;
import org.kepu.api.security.DevTokenIssuerHolder;
import org.kepu.ingestion.extraction.TextExtractor;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.search.index.SearchIndex;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One probe per dependency: {@code objectStore}, {@code searchIndex} and {@code extraction}, which the
 * readiness group asks, and {@code tokenIssuer}, which only {@code /actuator/health} shows (see
 * application.properties for why). Each answers within {@link #TIMEOUT}: a server that hangs is as unready
 * as one that refuses. Details (which server, why) are shown to admins only.
 */
@Configuration
class HealthConfig {

    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** A key nobody writes: asking for it costs one small request and proves the store answers. */
    private static final String PROBE_KEY = "health/probe";

    @Bean
    ReactiveHealthIndicator objectStoreHealthIndicator(ObjectStore store, KepuProperties properties) {
        return () -> blocking(() -> {
            store.stat(PROBE_KEY);
            return Map.of("type", properties.store().type().name().toLowerCase());
        });
    }

    @Bean
    ReactiveHealthIndicator searchIndexHealthIndicator(SearchIndex index, KepuProperties properties) {
        return () ->
                blocking(() -> Map.of("type", properties.search().type().name().toLowerCase(), "works", index.count()));
    }

    /**
     * The development issuer is always there; a real one must serve its key set (or discovery document),
     * else no new token can be checked.
     */
    @Bean
    ReactiveHealthIndicator tokenIssuerHealthIndicator(DevTokenIssuerHolder dev, KepuProperties properties) {
        if (dev.issuer().isPresent()) {
            return () ->
                    Mono.just(Health.up().withDetail("issuer", "development").build());
        }
        KepuProperties.Auth auth = properties.auth();
        URI keys = auth.jwkSetUri() != null && !auth.jwkSetUri().isBlank()
                ? URI.create(auth.jwkSetUri())
                : URI.create(auth.issuerUri().replaceAll("/+$", "") + "/.well-known/openid-configuration");
        WebClient client = WebClient.create();
        return () -> client.get()
                .uri(keys)
                .retrieve()
                .toBodilessEntity()
                .map(answer -> Health.up().withDetail("url", keys.toString()).build())
                .timeout(TIMEOUT)
                .onErrorResume(e ->
                        Mono.just(down(e).withDetail("url", keys.toString()).build()));
    }

    /** Down once the pool is shut down (kepu is stopping); busy workers are no fault, work queues. */
    @Bean
    ReactiveHealthIndicator extractionHealthIndicator(TextExtractor extractor) {
        return () -> Mono.fromSupplier(() -> {
            TextExtractor.PoolState state = extractor.state();
            Health.Builder health = state.open() ? Health.up() : Health.down();
            return health.withDetail("workers", state.workers())
                    .withDetail("busy", state.busy())
                    .withDetail("children", state.children())
                    .build();
        });
    }

    /** Blocking clients (MinIO SDK, Lucene, elasticsearch-java) run off the event loop, within the timeout. */
    private static Mono<Health> blocking(Supplier<Map<String, ?>> probe) {
        // A probe past its time is left to finish rather than interrupted: interrupting a client mid-call
        // only adds noise, and its answer is no longer awaited.
        Executor elastic = task -> Schedulers.boundedElastic().schedule(task);
        return Mono.fromFuture(
                        () -> CompletableFuture.supplyAsync(
                                () -> Health.up().withDetails(probe.get()).build(), elastic),
                        true)
                .timeout(TIMEOUT)
                .onErrorResume(e -> Mono.just(down(e instanceof CompletionException c ? c.getCause() : e)
                        .build()));
    }

    private static Health.Builder down(Throwable e) {
        return Health.down().withDetail("error", e.getClass().getSimpleName());
    }
}
