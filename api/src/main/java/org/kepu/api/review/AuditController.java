package org.kepu.api.review;

import static org.kepu.api.problem.ReviewProblems.blocking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kepu.api.config.KepuProperties;
import org.kepu.api.problem.Problem;
import org.kepu.api.ratelimit.ConcurrencyLimit;
import org.kepu.api.security.Caller;
import org.kepu.api.works.WorkService;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.audit.AuditLog;
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
 * The audit trail of a work: as a list, as a live stream and verified. Live streams of a work share one
 * watch ({@link AuditStreams}), so they show events written by any instance without each polling the
 * store, and resume after {@code Last-Event-ID}. Each caller may hold a few streams open at once, and a
 * stream ends when the caller's token expires: the client reconnects with a fresh one.
 */
@RestController
class AuditController {

    /** A stream usually stays open for minutes; a few seconds is a fair pause before trying again. */
    private static final long STREAM_RETRY_AFTER_SECONDS = 10;

    private final AuditLog audit;
    private final WorkService visibility;
    private final AuditStreams streams;
    private final ConcurrencyLimit open;
    private final Clock clock;

    AuditController(
            AuditLog audit, WorkService visibility, AuditStreams streams, KepuProperties properties, Clock clock) {
        this.audit = audit;
        this.visibility = visibility;
        this.streams = streams;
        this.open = new ConcurrencyLimit(properties.users().eventStreams());
        this.clock = clock;
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
        Caller caller = Caller.of(jwt);
        long after = parse(lastEventId);
        return blocking(() -> visibility.visible(caller, id)).thenMany(Flux.defer(() -> {
            Optional<ConcurrencyLimit.Slot> slot = open.tryTake(caller.id());
            if (slot.isEmpty()) {
                return Flux.error(Problem.tooManyRequests(
                        "too-many-streams",
                        "You have " + open.limit() + " event streams open; close one first.",
                        STREAM_RETRY_AFTER_SECONDS));
            }
            return streams.after(id, after)
                    .takeUntilOther(Mono.delay(untilExpiry(jwt)))
                    .map(event -> ServerSentEvent.builder(seenBy(caller, event))
                            .id(Long.toString(event.seq()))
                            .event(event.type())
                            .build())
                    .doFinally(signal -> slot.get().release());
        }));
    }

    /** A token without an expiry is held to none here; the resource server has accepted it already. */
    private Duration untilExpiry(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return Duration.ofDays(365);
        }
        Duration left = Duration.between(clock.instant(), expiresAt);
        return left.isNegative() ? Duration.ZERO : left;
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
            return new AuditEvent(
                    e.workId(), e.seq(), e.type(), null, e.at(), e.version(), e.data(), e.previous(), e.revision());
        }
        if (AuditEvent.ASSIGNMENT.equals(e.type()) && e.data() != null) {
            Map<String, Object> data = new HashMap<>(e.data());
            data.remove("reviewers");
            return new AuditEvent(
                    e.workId(), e.seq(), e.type(), e.actor(), e.at(), e.version(), data, e.previous(), e.revision());
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
