package org.kepu.api.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything an operator sets; the defaults are the embedded mode that needs no servers.
 *
 * @param publicBaseUrl where outlets reach kepu (e.g. {@code https://kepu.example.org}), for the links in
 *     feeds, items and webhooks; without it, links are built from each request's own URL
 */
@ConfigurationProperties("kepu")
public record KepuProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Store store,
        @DefaultValue Auth auth,
        @DefaultValue Upload upload,
        @DefaultValue Extraction extraction,
        @DefaultValue Search search,
        String publicBaseUrl,
        @DefaultValue Outlets outlets,
        @DefaultValue Webhooks webhooks,
        @DefaultValue Users users) {

    public enum StoreType {
        FILESYSTEM,
        S3
    }

    public record Store(
            @DefaultValue("filesystem") StoreType type,
            String endpoint,
            String accessKey,
            String secretKey,
            @DefaultValue("kepu") String bucket,
            @DefaultValue("false") boolean presignedDownloads) {}

    /**
     * Who signs the tokens kepu accepts: an OpenID Connect issuer ({@code issuerUri} or {@code jwkSetUri}),
     * or kepu's own development issuer; see {@link org.kepu.api.security.IssuerChoice} for when each is used.
     */
    public record Auth(
            String issuerUri,
            String jwkSetUri,
            @DefaultValue("8h") Duration devTokenTtl,
            @DefaultValue DevIssuer devIssuer) {

        public boolean hasIssuer() {
            return (issuerUri != null && !issuerUri.isBlank()) || (jwkSetUri != null && !jwkSetUri.isBlank());
        }
    }

    /**
     * The development issuer.
     *
     * @param enabled {@code true} chooses it explicitly, {@code false} never; unset, it runs only when nothing
     *     at all is configured (directory store, embedded Lucene, no issuer)
     * @param open whether it answers clients other than this machine's own (loopback) ones
     */
    public record DevIssuer(
            Boolean enabled, @DefaultValue("false") boolean open) {}

    /**
     * Uploads. An upload that sends nothing for {@code idleTimeout}, or is not complete after
     * {@code totalTimeout}, is ended with a 408 and leaves nothing behind.
     */
    public record Upload(
            @DefaultValue("2GB") DataSize maxSize,
            @DefaultValue("64KB") DataSize maxMetadataSize,
            @DefaultValue("30s") Duration idleTimeout,
            @DefaultValue("30m") Duration totalTimeout) {}

    public enum SearchType {
        LUCENE,
        ELASTICSEARCH
    }

    /**
     * The search index: embedded Lucene under the data directory, or an Elasticsearch 9 cluster.
     *
     * @param allowLocalIndexWithSharedStore lets one single instance keep its Lucene index beside an S3
     *     store; several instances on one bucket would each miss the changes the others drained
     */
    public record Search(
            @DefaultValue("lucene") SearchType type,
            @DefaultValue("http://localhost:9200") String url,
            @DefaultValue("kepu-works") String index,
            @DefaultValue("false") boolean allowLocalIndexWithSharedStore) {}

    public record Extraction(
            @DefaultValue("2") int workers,
            @DefaultValue("60s") Duration timeout,
            @DefaultValue("5000000") int maxChars,
            @DefaultValue("512m") String childHeap,
            @DefaultValue("30s") Duration sweepInterval,
            @DefaultValue Ocr ocr) {}

    /**
     * Reading text in pictures, scanned PDF pages and pictures in documents, in the extraction children;
     * pictures above {@code maxPixels} are scaled down to it. Off, pictures have no text.
     */
    public record Ocr(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("16000000") long maxPixels) {}

    /** What media outlets pulling feeds and delta sync may do. */
    public record Outlets(@DefaultValue RateLimit rateLimit) {}

    /** Requests an outlet (or an anonymous feed reader's address) may make per window. */
    public record RateLimit(
            @DefaultValue("600") int requests,
            @DefaultValue("1m") Duration window) {}

    /**
     * What each authenticated caller other than an outlet may do, keyed by the token's {@code sub}: requests
     * per window, uploads at the same time, and live event streams open at the same time.
     */
    public record Users(
            @DefaultValue UserRateLimit rateLimit,
            @DefaultValue("8") int concurrentUploads,
            @DefaultValue("5") int eventStreams) {}

    /** Requests a user may make per window; generous, to stop a runaway client rather than a busy person. */
    public record UserRateLimit(
            @DefaultValue("3000") int requests,
            @DefaultValue("1m") Duration window) {}

    /**
     * Webhook deliveries to outlets. Private addresses (loopback, site-local, ...) are refused unless
     * allowed, so that a registered URL cannot reach kepu's own network.
     */
    public record Webhooks(
            @DefaultValue("2s") Duration pollInterval,
            @DefaultValue("false") boolean allowPrivateAddresses,
            @DefaultValue("5s") Duration retryStart,
            @DefaultValue("1h") Duration retryCap,
            @DefaultValue("24h") Duration retryFor,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("4") int senders) {}
}
