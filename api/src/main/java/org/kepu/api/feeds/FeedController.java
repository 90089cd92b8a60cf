package org.kepu.api.feeds;

import java.util.List;
import java.util.concurrent.Callable;
import org.kepu.api.security.Caller;
import org.kepu.api.stats.OutletCounters;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Feeds of a channel ({@code /feeds/kids.atom}, {@code .rss}, {@code .json}) and delta sync for outlets.
 * Feeds are let through security without a token (public channels need none); the service decides.
 */
@RestController
class FeedController {

    private final FeedService feeds;
    private final ChangeService changes;
    private final BaseUrl baseUrl;
    private final OutletCounters counters;

    FeedController(FeedService feeds, ChangeService changes, BaseUrl baseUrl, OutletCounters counters) {
        this.feeds = feeds;
        this.changes = changes;
        this.baseUrl = baseUrl;
        this.counters = counters;
    }

    /** One path variable for name and format: channel names may contain dots themselves. */
    @GetMapping("/feeds/{file}")
    Mono<ResponseEntity<byte[]>> feed(
            @AuthenticationPrincipal Jwt jwt, @PathVariable String file, ServerHttpRequest request) {
        Caller caller = jwt == null ? null : Caller.of(jwt);
        String base = baseUrl.of(request);
        HttpHeaders headers = request.getHeaders();
        List<String> ifNoneMatch = headers.getOrEmpty(HttpHeaders.IF_NONE_MATCH);
        long ifModifiedSince = ifModifiedSince(headers);
        // a poll that finds nothing new is answered from memory, on a parallel thread rather than the
        // elastic pool. (Answered synchronously inside the handler, one 304 in some thousands was never
        // sent under load here; the hop costs little and avoids it.)
        Mono<FeedService.Rendered> answer = feeds.cached(caller, file, base)
                .map(r -> Mono.just(r).publishOn(Schedulers.parallel()))
                .orElseGet(() -> blocking(() -> feeds.feed(caller, file, base)));
        return answer.map(rendered -> {
            counters.count(caller, OutletCounters.Counter.FEED_REQUEST);
            // feeds of non-public channels are for the entitled caller only, never for a shared cache
            CacheControl cache = rendered.open()
                    ? CacheControl.noCache().cachePublic()
                    : CacheControl.noCache().cachePrivate();
            // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.1.3)
            boolean unchanged = ifNoneMatch.isEmpty()
                    ? ifModifiedSince >= 0 && rendered.lastModified().getEpochSecond() <= ifModifiedSince / 1000
                    : matches(ifNoneMatch, rendered.etag());
            if (unchanged) {
                return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                        .eTag(rendered.etag())
                        .lastModified(rendered.lastModified())
                        .cacheControl(cache)
                        .build();
            }
            return ResponseEntity.ok()
                    .contentType(rendered.mediaType())
                    .eTag(rendered.etag())
                    .lastModified(rendered.lastModified())
                    .cacheControl(cache)
                    .body(rendered.body());
        });
    }

    @GetMapping("/api/v1/channels/{channel}/changes")
    Mono<ChangeService.Changes> changes(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String channel,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) String limit,
            ServerHttpRequest request) {
        Caller caller = Caller.of(jwt);
        String base = baseUrl.of(request);
        return blocking(() -> changes.changes(caller, channel, since, limit, base));
    }

    /** If-None-Match compares weakly (RFC 9110 13.1.2): a weak tag of the same value matches too. */
    static boolean matches(List<String> ifNoneMatch, String etag) {
        for (String header : ifNoneMatch) {
            for (String tag : header.split(",")) {
                String value = tag.strip();
                if (value.startsWith("W/")) {
                    value = value.substring(2);
                }
                if (value.equals("*") || value.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The If-Modified-Since date in epoch milliseconds, or -1 when absent or not a date. */
    private static long ifModifiedSince(HttpHeaders headers) {
        try {
            return headers.getIfModifiedSince();
        } catch (IllegalArgumentException e) {
            // a malformed date is ignored, as RFC 9110 asks
            return -1;
        }
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
