package org.kepu.api.feeds;

import java.util.List;
import java.util.concurrent.Callable;
import org.kepu.api.security.Caller;
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
import org.springframework.web.util.UriComponentsBuilder;
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

    FeedController(FeedService feeds, ChangeService changes) {
        this.feeds = feeds;
        this.changes = changes;
    }

    /** One path variable for name and format: channel names may contain dots themselves. */
    @GetMapping("/feeds/{file}")
    Mono<ResponseEntity<byte[]>> feed(
            @AuthenticationPrincipal Jwt jwt, @PathVariable String file, ServerHttpRequest request) {
        Caller caller = jwt == null ? null : Caller.of(jwt);
        String base = baseUrl(request);
        List<String> ifNoneMatch = request.getHeaders().getOrEmpty(HttpHeaders.IF_NONE_MATCH);
        return blocking(() -> feeds.feed(caller, file, base)).map(rendered -> {
            // feeds of non-public channels are for the entitled caller only, never for a shared cache
            CacheControl cache = rendered.open()
                    ? CacheControl.noCache().cachePublic()
                    : CacheControl.noCache().cachePrivate();
            if (matches(ifNoneMatch, rendered.etag())) {
                return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                        .eTag(rendered.etag())
                        .cacheControl(cache)
                        .build();
            }
            return ResponseEntity.ok()
                    .contentType(rendered.mediaType())
                    .eTag(rendered.etag())
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
        String base = baseUrl(request);
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

    private static String baseUrl(ServerHttpRequest request) {
        return UriComponentsBuilder.fromUri(request.getURI())
                .replacePath(null)
                .replaceQuery(null)
                .fragment(null)
                .build()
                .toUriString();
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
