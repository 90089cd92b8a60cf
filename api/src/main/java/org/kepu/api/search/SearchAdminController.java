package org.kepu.api.search;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.search.analysis.Glossary;
import org.kepu.search.analysis.GlossaryStore;
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
    private final GlossaryStore glossaryStore;
    private final Clock clock;
    /** This instance's last rebuild; a rebuild running on another instance is read from the lease. */
    private final AtomicReference<RebuildProgress> rebuild = new AtomicReference<>(RebuildProgress.IDLE);

    SearchAdminController(
            Reindexer reindexer,
            RebuildLease lease,
            ParkedWorks parked,
            Glossary glossary,
            GlossaryStore glossaryStore,
            Clock clock) {
        this.reindexer = reindexer;
        this.lease = lease;
        this.parked = parked;
        this.glossary = glossary;
        this.glossaryStore = glossaryStore;
        this.clock = clock;
    }

    @PostMapping("/api/v1/admin/reindex")
    Mono<ResponseEntity<RebuildProgress>> reindex(@AuthenticationPrincipal Jwt jwt) {
        requireAdmin(jwt);
        return Mono.fromCallable(this::startRebuild).subscribeOn(Schedulers.boundedElastic());
    }

    private ResponseEntity<RebuildProgress> startRebuild() {
        Optional<RebuildLease.Held> taken = lease.acquire();
        if (taken.isEmpty()) {
            RebuildProgress running = lease.current()
                    .filter(status -> status.heldAt(clock.instant()))
                    .map(SearchAdminController::running)
                    .orElseGet(rebuild::get);
            throw Problem.conflict("A rebuild is already running.", running.asMap());
        }
        RebuildLease.Held held = taken.get();
        Instant started = held.status().startedAt();
        rebuild.set(RebuildProgress.of("RUNNING", 0, 0, started));
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
                rebuild.set(RebuildProgress.of("RUNNING", done, total, started));
            });
            rebuild.set(RebuildProgress.of("DONE", report.works(), report.works(), started)
                    .finished(report.index(), report.millis(), report.parked()));
        } catch (RuntimeException e) {
            log.error("index rebuild failed", e);
            rebuild.set(RebuildProgress.of("FAILED", 0, 0, started)
                    .failed("The rebuild failed; the previous index still serves. See the logs."));
        }
    }

    @GetMapping("/api/v1/admin/reindex")
    Mono<RebuildProgress> reindexProgress(@AuthenticationPrincipal Jwt jwt) {
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
    Mono<ParkedList> parkedWorks(@AuthenticationPrincipal Jwt jwt) {
        requireAdmin(jwt);
        return Mono.fromCallable(() -> new ParkedList(parked.ids().size(), parked.list(MAX_PARKED_LISTED)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** A rebuild running on whichever instance holds the lease, as its last renewal told. */
    private static RebuildProgress running(RebuildLease.Status status) {
        return RebuildProgress.of("RUNNING", status.done(), status.total(), status.startedAt())
                .on(status.holder());
    }

    /** Works the index refused: how many, and the first of them. */
    record ParkedList(int total, List<ParkedWorks.Parked> items) {}

    /** The glossary terms that were new, and how many terms it holds now. */
    record GlossaryChange(Set<String> added, int size) {}

    record Terms(@NotEmpty @Size(max = 1000) List<@NotBlank @Size(max = 20) String> terms) {}

    @PostMapping("/api/v1/admin/glossary")
    Mono<GlossaryChange> addTerms(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Terms body) {
        requireAdmin(jwt);
        return Mono.fromCallable(() -> {
                    Set<String> added = glossaryStore.add(body.terms());
                    return new GlossaryChange(added, glossary.snapshot().size());
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static void requireAdmin(Jwt jwt) {
        if (!Caller.of(jwt).has(Caller.ADMIN)) {
            throw Problem.forbidden("Only admins manage the search index.");
        }
    }
}
