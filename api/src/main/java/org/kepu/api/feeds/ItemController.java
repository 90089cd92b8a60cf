package org.kepu.api.feeds;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.kepu.api.config.KepuProperties;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.api.stats.OutletCounters;
import org.kepu.ingestion.store.ObjectStore;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Items for outlets and their files. Items and file links of a public channel need no token, as its feed
 * needs none; the services decide who may read what. Downloads need no token either: the signed link is
 * the permission, so that players and feed readers that send no token can follow it.
 */
@RestController
class ItemController {

    private static final MediaType NINJS = MediaType.parseMediaType("application/ninjs+json;charset=UTF-8");

    private final ItemService items;
    private final ObjectStore store;
    private final BaseUrl baseUrl;
    private final boolean presigned;
    private final OutletCounters counters;

    ItemController(
            ItemService items, ObjectStore store, BaseUrl baseUrl, KepuProperties properties, OutletCounters counters) {
        this.items = items;
        this.counters = counters;
        this.store = store;
        this.baseUrl = baseUrl;
        this.presigned = properties.store().presignedDownloads();
    }

    /** The item as JSON; {@code Accept: application/ninjs+json} is answered with that media type. */
    @GetMapping("/api/v1/channels/{channel}/items/{id}")
    Mono<ResponseEntity<Ninjs>> item(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String channel,
            @PathVariable String id,
            ServerHttpRequest request) {
        Caller caller = jwt == null ? null : Caller.of(jwt);
        String base = baseUrl.of(request);
        boolean ninjs = request.getHeaders().getAccept().stream().anyMatch(NINJS::isCompatibleWith);
        return blocking(() -> items.item(caller, channel, id, base))
                .doOnNext(item -> counters.count(caller, OutletCounters.Counter.ITEM_REQUEST))
                .map(item -> ResponseEntity.ok()
                        .contentType(ninjs ? NINJS : MediaType.APPLICATION_JSON)
                        // the renditions' links are signed for this caller and expire
                        .cacheControl(CacheControl.noStore())
                        .body(item));
    }

    /** A stable link to one file of an item, as feeds carry it: answers with a fresh signed link. */
    @GetMapping("/api/v1/channels/{channel}/items/{id}/files/{file}")
    Mono<ResponseEntity<Void>> file(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String channel,
            @PathVariable String id,
            @PathVariable String file,
            ServerHttpRequest request) {
        Caller caller = jwt == null ? null : Caller.of(jwt);
        String base = baseUrl.of(request);
        return blocking(() -> items.link(caller, channel, id, file, base))
                .map(link -> ResponseEntity.status(HttpStatus.FOUND)
                        .location(URI.create(link))
                        .cacheControl(CacheControl.noStore())
                        .<Void>build());
    }

    private static boolean fromFirstByte(List<HttpRange> ranges, long size) {
        try {
            return ranges.isEmpty() || ranges.get(0).getRangeStart(size) == 0;
        } catch (IllegalArgumentException unsatisfiable) {
            return false;
        }
    }

    @GetMapping("/downloads/{id}/{version}/{file}")
    Mono<ResponseEntity<Flux<DataBuffer>>> download(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @PathVariable int version,
            @PathVariable String file,
            @RequestParam(defaultValue = "") String outlet,
            @RequestParam(defaultValue = "0") long expires,
            @RequestParam(defaultValue = "") String sig,
            ServerHttpRequest request) {
        Caller caller = jwt == null ? null : Caller.of(jwt);
        DownloadLinks.Grant grant = new DownloadLinks.Grant(outlet, id, version, file, expires);
        List<HttpRange> ranges = ranges(request);
        return blocking(() -> items.download(caller, grant, sig)).map(found -> {
            // a player fetching a video piece by piece counts once: the request from its first byte
            if (fromFirstByte(ranges, found.size())) {
                counters.count(outlet, OutletCounters.Counter.DOWNLOAD);
            }
            if (presigned) {
                var url = store.presignedGet(found.key(), DownloadLinks.TTL);
                if (url.isPresent()) {
                    return ResponseEntity.status(HttpStatus.FOUND)
                            .location(url.get())
                            .<Flux<DataBuffer>>build();
                }
            }
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.parseMediaType(found.mediaType()));
            headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
            headers.setCacheControl(CacheControl.noStore());
            headers.setContentDisposition(ContentDisposition.inline()
                    .filename(id + "-" + file, StandardCharsets.UTF_8)
                    .build());
            long size = found.size();
            // one range is served as asked; several (rare, and optional in HTTP) get the whole file
            if (ranges.size() == 1) {
                HttpRange range = ranges.get(0);
                long start = range.getRangeStart(size);
                long end = range.getRangeEnd(size);
                if (size == 0 || start >= size) {
                    return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                            .header(HttpHeaders.CONTENT_RANGE, "bytes */" + size)
                            .<Flux<DataBuffer>>build();
                }
                headers.set(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
                headers.setContentLength(end - start + 1);
                return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT)
                        .headers(headers)
                        .body(stream(found.key(), start, end - start + 1));
            }
            headers.setContentLength(size);
            return ResponseEntity.ok().headers(headers).body(stream(found.key(), 0, size));
        });
    }

    private static List<HttpRange> ranges(ServerHttpRequest request) {
        try {
            return request.getHeaders().getRange();
        } catch (IllegalArgumentException e) {
            throw new Problem(HttpStatus.BAD_REQUEST, "bad-range", "The Range header is not a valid byte range.");
        }
    }

    private Flux<DataBuffer> stream(String key, long offset, long length) {
        return DataBufferUtils.readInputStream(
                        () -> store.open(key, offset, length).orElseThrow(() -> Problem.notFound("The file")),
                        DefaultDataBufferFactory.sharedInstance,
                        64 * 1024)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
