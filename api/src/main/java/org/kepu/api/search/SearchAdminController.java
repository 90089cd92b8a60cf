package org.kepu.api.search;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.search.analysis.Glossary;
import org.kepu.search.index.Reindexer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Index administration: a rebuild from the object store into a new index (the old one serves until the
 * switch), and glossary terms added at run time (works that contain them are reindexed).
 */
@RestController
class SearchAdminController {

    private static final Logger log = LoggerFactory.getLogger(SearchAdminController.class);

    private final Reindexer reindexer;
    private final Glossary glossary;
    private final AtomicReference<Map<String, Object>> rebuild = new AtomicReference<>(Map.of("state", "IDLE"));

    SearchAdminController(Reindexer reindexer, Glossary glossary) {
        this.reindexer = reindexer;
        this.glossary = glossary;
    }

    @PostMapping("/api/v1/admin/reindex")
    ResponseEntity<Map<String, Object>> reindex(@AuthenticationPrincipal Jwt jwt) {
        requireAdmin(jwt);
        Map<String, Object> current = rebuild.get();
        if ("RUNNING".equals(current.get("state"))) {
            throw Problem.conflict("A rebuild is already running.", current);
        }
        Instant started = Instant.now();
        rebuild.set(progress("RUNNING", 0, 0, started));
        Mono.fromRunnable(() -> {
                    try {
                        Reindexer.Report report = reindexer.rebuild(
                                (done, total) -> rebuild.set(progress("RUNNING", done, total, started)));
                        Map<String, Object> finished = progress("DONE", report.works(), report.works(), started);
                        finished.put("index", report.index());
                        finished.put("millis", report.millis());
                        rebuild.set(finished);
                    } catch (RuntimeException e) {
                        log.error("index rebuild failed", e);
                        Map<String, Object> failed = progress("FAILED", 0, 0, started);
                        failed.put("reason", "The rebuild failed; the previous index still serves. See the logs.");
                        rebuild.set(failed);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe();
        return ResponseEntity.accepted().body(rebuild.get());
    }

    @GetMapping("/api/v1/admin/reindex")
    Map<String, Object> reindexProgress(@AuthenticationPrincipal Jwt jwt) {
        requireAdmin(jwt);
        return rebuild.get();
    }

    record Terms(List<String> terms) {}

    @PostMapping("/api/v1/admin/glossary")
    Mono<Map<String, Object>> addTerms(@AuthenticationPrincipal Jwt jwt, @RequestBody Terms body) {
        requireAdmin(jwt);
        if (body.terms() == null
                || body.terms().isEmpty()
                || body.terms().size() > 1000
                || body.terms().stream().anyMatch(t -> t == null || t.isBlank() || t.length() > 20)) {
            throw new Problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "invalid-terms",
                    "'terms' must list 1 to 1000 terms of 1 to 20 characters.");
        }
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
