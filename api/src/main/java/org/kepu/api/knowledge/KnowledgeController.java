package org.kepu.api.knowledge;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import org.kepu.api.security.Caller;
import org.kepu.review.knowledge.DryRun;
import org.kepu.review.knowledge.KnowledgeEntry;
import org.kepu.review.knowledge.KnowledgeEntry.Draft;
import org.kepu.review.knowledge.KnowledgeEntry.Kind;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The screening knowledge base: myth families, known rumours with their refutation and reference values
 * that reviewers and admins add, correct and retire while kepu runs; editors read them; creators and
 * outlets meet them only as findings. Each entry answers with its revision as ETag; a change names it in
 * {@code If-Match} (412 when someone changed the entry since). Works in review are screened again in the
 * background after each change.
 */
@RestController
class KnowledgeController {

    private static final String ID = "{id}";

    private final KnowledgeService service;

    KnowledgeController(KnowledgeService service) {
        this.service = service;
    }

    record SourceBody(
            @NotBlank @Size(max = 200) String title,
            @Size(max = 2000) String url) {
        KnowledgeEntry.Source toSource() {
            return new KnowledgeEntry.Source(title.strip(), url == null || url.isBlank() ? null : url.strip());
        }
    }

    /** An entry as written: its kind, discipline, source and the part of its kind (checked per kind: 422). */
    record EntryBody(
            @NotNull Kind kind,
            @NotBlank @Size(max = 64) String discipline,
            @NotNull @Valid SourceBody source,
            KnowledgeEntry.Myth myth,
            KnowledgeEntry.Rumour rumour,
            KnowledgeEntry.Value value) {
        Draft draft() {
            return new Draft(kind, discipline.strip(), source.toSource(), myth, rumour, value);
        }
    }

    record DryRunBody(
            @NotNull @Valid EntryBody entry,
            @NotBlank @Size(max = DryRun.MAX_TEXT) String text) {}

    record DryRunResult(int flagged, List<DryRun.Flag> sentences) {}

    record FromSentenceBody(
            @NotBlank @Size(max = 64) String workId,
            @Min(1) int version,
            @Min(0) int start,
            @Min(1) @Max(100_000_000) int end,
            @NotBlank @Size(max = 2000) String refutation,
            @NotNull @Valid SourceBody source,
            @Size(max = 64) String discipline) {}

    /** An entry in a list: everything but its history, which reading the entry gives. */
    record EntrySummary(
            String id,
            Kind kind,
            String discipline,
            KnowledgeEntry.Source source,
            KnowledgeEntry.Myth myth,
            KnowledgeEntry.Rumour rumour,
            KnowledgeEntry.Value value,
            boolean retired,
            int revision) {
        static EntrySummary of(KnowledgeEntry e) {
            return new EntrySummary(
                    e.id(),
                    e.kind(),
                    e.discipline(),
                    e.source(),
                    e.myth(),
                    e.rumour(),
                    e.value(),
                    e.retired(),
                    e.revision());
        }
    }

    @GetMapping("/api/v1/knowledge")
    Mono<List<EntrySummary>> list(
            @AuthenticationPrincipal Jwt jwt,
            @RequestParam(required = false) Kind kind,
            @RequestParam(required = false) @Size(max = 64) String discipline,
            @RequestParam(required = false) @Size(max = 200) String q,
            @RequestParam(defaultValue = "false") boolean retired) {
        Caller caller = Caller.of(jwt);
        return blocking(() -> service.list(caller, kind, discipline, q, retired).stream()
                .map(EntrySummary::of)
                .toList());
    }

    @GetMapping("/api/v1/knowledge/" + ID)
    Mono<ResponseEntity<KnowledgeEntry>> read(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        Caller caller = Caller.of(jwt);
        return blocking(() -> withEtag(ResponseEntity.ok(), service.read(caller, id)));
    }

    @PostMapping("/api/v1/knowledge")
    Mono<ResponseEntity<KnowledgeEntry>> create(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody EntryBody body) {
        Caller caller = Caller.of(jwt);
        return blocking(() -> created(service.create(caller, body.draft())));
    }

    @PutMapping("/api/v1/knowledge/" + ID)
    Mono<ResponseEntity<KnowledgeEntry>> update(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody EntryBody body) {
        Caller caller = Caller.of(jwt);
        return blocking(() -> withEtag(ResponseEntity.ok(), service.update(caller, id, ifMatch, body.draft())));
    }

    /** Retires the entry: out of force, kept with its history. */
    @DeleteMapping("/api/v1/knowledge/" + ID)
    Mono<ResponseEntity<KnowledgeEntry>> retire(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Caller caller = Caller.of(jwt);
        return blocking(() -> withEtag(ResponseEntity.ok(), service.retire(caller, id, ifMatch)));
    }

    @PostMapping("/api/v1/knowledge/dry-run")
    Mono<DryRunResult> dryRun(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody DryRunBody body) {
        Caller caller = Caller.of(jwt);
        return blocking(() -> {
            List<DryRun.Flag> flags = service.dryRun(caller, body.entry().draft(), body.text());
            return new DryRunResult(flags.size(), flags);
        });
    }

    @PostMapping("/api/v1/knowledge/from-sentence")
    Mono<ResponseEntity<KnowledgeEntry>> fromSentence(
            @AuthenticationPrincipal Jwt jwt, @Valid @RequestBody FromSentenceBody body) {
        Caller caller = Caller.of(jwt);
        KnowledgeService.FromSentence request = new KnowledgeService.FromSentence(
                body.workId(),
                body.version(),
                body.start(),
                body.end(),
                body.refutation().strip(),
                body.source(),
                body.discipline());
        return blocking(() -> created(service.fromSentence(caller, request)));
    }

    private static ResponseEntity<KnowledgeEntry> created(KnowledgeEntry entry) {
        return withEtag(
                ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/v1/knowledge/" + entry.id())),
                entry);
    }

    private static ResponseEntity<KnowledgeEntry> withEtag(ResponseEntity.BodyBuilder builder, KnowledgeEntry entry) {
        return builder.eTag("\"" + entry.revision() + "\"").body(entry);
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
