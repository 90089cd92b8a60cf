package org.kepu.api.webhooks;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import org.kepu.api.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** An outlet's webhook endpoints and their delivery logs; admins only. */
@RestController
@RequestMapping("/api/v1/outlets/{outlet}/webhooks")
class WebhookController {

    private final WebhookService service;

    WebhookController(WebhookService service) {
        this.service = service;
    }

    @PostMapping
    Mono<ResponseEntity<EndpointView>> create(
            @AuthenticationPrincipal Jwt jwt, @PathVariable String outlet, @RequestBody NewEndpoint body) {
        return blocking(() -> service.create(Caller.of(jwt), outlet, body))
                .map(created -> ResponseEntity.created(
                                URI.create("/api/v1/outlets/" + outlet + "/webhooks/" + created.id()))
                        .body(created));
    }

    @GetMapping
    Mono<List<EndpointView>> list(@AuthenticationPrincipal Jwt jwt, @PathVariable String outlet) {
        return blocking(() -> service.list(Caller.of(jwt), outlet));
    }

    @GetMapping("/{id}")
    Mono<EndpointView> get(@AuthenticationPrincipal Jwt jwt, @PathVariable String outlet, @PathVariable String id) {
        return blocking(() -> service.get(Caller.of(jwt), outlet, id));
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(
            @AuthenticationPrincipal Jwt jwt, @PathVariable String outlet, @PathVariable String id) {
        return blocking(() -> {
            service.delete(Caller.of(jwt), outlet, id);
            return ResponseEntity.noContent().<Void>build();
        });
    }

    @PostMapping("/{id}/enable")
    Mono<EndpointView> enable(@AuthenticationPrincipal Jwt jwt, @PathVariable String outlet, @PathVariable String id) {
        return blocking(() -> service.enable(Caller.of(jwt), outlet, id));
    }

    @GetMapping("/{id}/deliveries")
    Mono<List<DeliveryView>> deliveries(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String outlet,
            @PathVariable String id,
            @RequestParam(defaultValue = "" + WebhookService.DEFAULT_LIMIT) int limit) {
        return blocking(() -> service.deliveries(Caller.of(jwt), outlet, id, limit));
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/replay")
    Mono<ResponseEntity<DeliveryView>> replay(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String outlet,
            @PathVariable String id,
            @PathVariable String deliveryId) {
        return blocking(() -> ResponseEntity.accepted().body(service.replay(Caller.of(jwt), outlet, id, deliveryId)));
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
