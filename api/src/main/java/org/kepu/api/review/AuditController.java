package org.kepu.api.review;

import static org.kepu.api.review.ReviewProblems.blocking;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.kepu.api.security.Caller;
import org.kepu.api.works.WorkService;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.audit.AuditLog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The audit trail of a work: as a list, as a live stream and verified. The stream polls the store, so
 * it shows events written by any instance, and resumes after {@code Last-Event-ID}.
 */
@RestController
class AuditController {

    private final AuditLog audit;
    private final WorkService visibility;
    private final Duration poll;

    AuditController(
            AuditLog audit, WorkService visibility, @Value("${kepu.review.events-poll-interval:1s}") Duration poll) {
        this.audit = audit;
        this.visibility = visibility;
        this.poll = poll;
    }

    @GetMapping(path = "/api/v1/works/{id}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<List<AuditEvent>> events(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        Caller caller = Caller.of(jwt);
        return blocking(() -> {
            visibility.visible(caller, id);
            return audit.events(id).stream().map(e -> seenBy(caller, e)).toList();
        });
    }

    @GetMapping(path = "/api/v1/works/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<AuditEvent>> stream(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        AtomicLong seen = new AtomicLong(parse(lastEventId));
        Caller caller = Caller.of(jwt);
        return blocking(() -> visibility.visible(caller, id))
                .thenMany(Flux.interval(Duration.ZERO, poll).onBackpressureDrop())
                .concatMap(tick -> blocking(() -> audit.after(id, seen.get())), 1)
                .concatMapIterable(events -> events)
                .filter(event -> event.seq() > seen.get())
                .doOnNext(event -> seen.set(event.seq()))
                .map(event -> ServerSentEvent.builder(seenBy(caller, event))
                        .id(Long.toString(event.seq()))
                        .event(event.type())
                        .build());
    }

    @GetMapping("/api/v1/works/{id}/audit/verify")
    Mono<AuditLog.Verification> verify(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return blocking(() -> {
            visibility.visible(Caller.of(jwt), id);
            return audit.verify(id);
        });
    }

    /**
     * Reviews are blind: a creator reads that her work was assigned and decided on, not by whom. Staff read
     * the trail as written; {@code verify} checks it as written either way.
     */
    static AuditEvent seenBy(Caller caller, AuditEvent e) {
        if (caller.seesAllWorks()) {
            return e;
        }
        if (AuditEvent.DECISION.equals(e.type())) {
            return new AuditEvent(e.workId(), e.seq(), e.type(), null, e.at(), e.version(), e.data(), e.previous());
        }
        if (AuditEvent.ASSIGNMENT.equals(e.type()) && e.data() != null) {
            Map<String, Object> data = new HashMap<>(e.data());
            data.remove("reviewers");
            return new AuditEvent(e.workId(), e.seq(), e.type(), e.actor(), e.at(), e.version(), data, e.previous());
        }
        return e;
    }

    private static long parse(String lastEventId) {
        try {
            return lastEventId == null ? 0 : Math.max(0, Long.parseLong(lastEventId.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
