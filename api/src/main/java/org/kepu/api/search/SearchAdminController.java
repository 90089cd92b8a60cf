package org.kepu.api.search;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.search.analysis.Glossary;
import org.kepu.search.index.ParkedWorks;
import org.kepu.search.index.RebuildLease;
import org.kepu.search.index.Reindexer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Index administration: a rebuild from the object store into a new index (the old one serves until the
 * switch), one at a time across all instances (a {@link RebuildLease} in the shared store); the works the
 * index refused; and glossary terms added at run time (works that contain them are reindexed).
 */
@RestController
class SearchAdminController {

    private static final Logger log = LoggerFactory.getLogger(SearchAdminController.class);

    /** Parked works listed at most; the total counts them all. */
    static final int MAX_PARKED_LISTED = 1000;

    private final Reindexer reindexer;
    private final RebuildLease lease;
    private final ParkedWorks parked;
    private final Glossary glossary;
    private final Clock clock;
    /** This instance's last rebuild; a rebuild running on another instance is read from the lease. */
    private final AtomicReference<Map<String, Object>> rebuild = new AtomicReference<>(Map.of("state", "IDLE"));

    SearchAdminController(Reindexer reindexer, RebuildLease lease, ParkedWorks parked, Glossary glossary, Clock clock) {
        this.reindexer = reindexer;
        this.lease = lease;
        this.parked = parked;
        this.glossary = glossary;
        this.clock = clock;
    }

    @PostMapping("/api/v1/admin/reindex")
    Mono<ResponseEntity<Map<String, Object>>> reindex(@AuthenticationPrincipal Jwt jwt) {
        requireAdmin(jwt);
        return Mono.fromCallable(this::startRebuild).subscribeOn(Schedulers.boundedElastic());
    }

    private ResponseEntity<Map<String, Object>> startRebuild() {
        Optional<RebuildLease.Held> taken = lease.acquire();
        if (taken.isEmpty()) {
            Map<String, Object> running = lease.current()
                    .filter(status -> status.heldAt(clock.instant()))
                    .map(SearchAdminController::running)
                    .orElseGet(rebuild::get);
            throw Problem.conflict("A rebuild is already running.", running);
        }
        RebuildLease.Held held = taken.get();
        Instant started = held.status().startedAt();
        rebuild.set(progress("RUNNING", 0, 0, started));
        AtomicReference<int[]> latest = new AtomicReference<>(new int[] {0, 0});
        AtomicBoolean lost = new AtomicBoolean();
        // renewed on a timer rather than per batch: a batch of long texts may take a while
        Duration every = lease.ttl().dividedBy(6);
        Disposable renewal = Flux.interval(every, every, Schedulers.boundedElastic())
                .subscribe(tick -> {
                    int[] now = latest.get();
                    try {
                        if (!held.renew(now[0], now[1])) {
                            lost.set(true);
                        }
                    } catch (RuntimeException e) {
                        // the store did not answer: the lease still runs for a while, the next tick tries again
                        log.warn("could not renew the rebuild lease", e);
                    }
                });
        Mono.fromRunnable(() -> run(started, latest, lost))
                .doFinally(signal -> {
                    renewal.dispose();
                    try {
                        held.close();
                    } catch (RuntimeException e) {
                        log.warn("could not release the rebuild lease; it expires on its own", e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe();
        return ResponseEntity.accepted().body(rebuild.get());
    }

    private void run(Instant started, AtomicReference<int[]> latest, AtomicBoolean lost) {
        try {
            Reindexer.Report report = reindexer.rebuild((done, total) -> {
                if (lost.get()) {
                    // this instance stalled past the lease and another has started a rebuild: stop
                    throw new IllegalStateException("the rebuild lease was lost to another instance");
                }
                latest.set(new int[] {done, total});
                rebuild.set(progress("RUNNING", done, total, started));
            });
            Map<String, Object> finished = progress("DONE", report.works(), report.works(), started);
            finished.put("index", report.index());
            finished.put("millis", report.millis());
            finished.put("parked", report.parked());
            rebuild.set(finished);
        } catch (RuntimeException e) {
            log.error("index rebuild failed", e);
            Map<String, Object> failed = progress("FAILED", 0, 0, started);
            failed.put("reason", "The rebuild failed; the previous index still serves. See the logs.");
            rebuild.set(failed);
        }
    }

    @GetMapping("/api/v1/admin/reindex")
    Mono<Map<String, Object>> reindexProgress(@AuthenticationPrincipal Jwt jwt) {
        requireAdmin(jwt);
        return Mono.fromCallable(() -> lease.current()
                        .filter(status -> status.heldAt(clock.instant()))
                        .filter(status -> !status.holder().equals(lease.instance()))
                        .map(SearchAdminController::running)
                        .orElseGet(rebuild::get))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Works the index refused even alone: id, refused revision, the index's reason, since when. */
    @GetMapping("/api/v1/admin/index/parked")
    Mono<Map<String, Object>> parkedWorks(@AuthenticationPrincipal Jwt jwt) {
        requireAdmin(jwt);
        return Mono.fromCallable(() -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("total", parked.ids().size());
                    answer.put("items", parked.list(MAX_PARKED_LISTED));
                    return answer;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** A rebuild running on whichever instance holds the lease, as its last renewal told. */
    private static Map<String, Object> running(RebuildLease.Status status) {
        Map<String, Object> map = progress("RUNNING", status.done(), status.total(), status.startedAt());
        map.put("runningOn", status.holder());
        return map;
    }

    record Terms(@NotEmpty @Size(max = 1000) List<@NotBlank @Size(max = 20) String> terms) {}

    @PostMapping("/api/v1/admin/glossary")
    Mono<Map<String, Object>> addTerms(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Terms body) {
        requireAdmin(jwt);
        return Mono.fromCallable(() -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("added", glossary.add(body.terms()));
                    answer.put("size", glossary.snapshot().size());
                    return answer;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static Map<String, Object> progress(String state, int done, int total, Instant started) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("state", state);
        map.put("done", done);
        map.put("total", total);
        map.put("startedAt", started.toString());
        return map;
    }

    private static void requireAdmin(Jwt jwt) {
        if (!Caller.of(jwt).has(Caller.ADMIN)) {
            throw Problem.forbidden("Only admins manage the search index.");
        }
    }
}
