package org.kepu.api.channels;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import org.kepu.api.security.Caller;
import org.kepu.review.channels.Channel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The channel registry: admins set channels and their outlets; editors and outlets read them. */
@RestController
class ChannelController {

    private final ChannelService service;

    ChannelController(ChannelService service) {
        this.service = service;
    }

    /** The body is read as bytes and checked field by field, so a wrong type is a 422 listing it, not a 400. */
    @PutMapping(path = "/api/v1/channels/{channel}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Channel>> put(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String channel,
            @RequestBody(required = false) byte[] body) {
        return blocking(() -> service.put(Caller.of(jwt), channel, body))
                .map(written -> written.created()
                        ? ResponseEntity.created(URI.create("/api/v1/channels/" + channel))
                                .body(written.channel())
                        : ResponseEntity.ok(written.channel()));
    }

    @GetMapping("/api/v1/channels")
    Mono<List<Channel>> list(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> service.list(Caller.of(jwt)));
    }

    @GetMapping("/api/v1/channels/{channel}")
    Mono<Channel> get(@AuthenticationPrincipal Jwt jwt, @PathVariable String channel) {
        return blocking(() -> service.get(Caller.of(jwt), channel));
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
