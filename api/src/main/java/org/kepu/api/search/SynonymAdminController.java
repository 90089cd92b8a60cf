package org.kepu.api.search;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.search.analysis.SynonymStore;
import org.kepu.search.analysis.Synonyms;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The synonym list searches expand with: admins read the rules added at run time, add some, or replace
 * them all (to correct or remove one). Rules are lines as in the shipped list: {@code 土豆,马铃薯} or
 * {@code 近视 => 屈光不正}. They are kept in the object store, so every instance searches with them
 * (another instance within {@link SearchConfig#SYNONYMS_REFRESH}); no reindex is needed, as they apply
 * to queries only.
 */
@RestController
class SynonymAdminController {

    private final SynonymStore store;
    private final Synonyms synonyms;

    SynonymAdminController(SynonymStore store, Synonyms synonyms) {
        this.store = store;
        this.synonyms = synonyms;
    }

    record Rules(@NotNull @Size(max = 1000) List<@NotBlank @Size(max = 200) String> rules) {}

    /** The added rules, and how many rules are in force with the shipped ones. */
    record SynonymList(List<String> rules, int inForce) {}

    @GetMapping("/api/v1/admin/synonyms")
    Mono<SynonymList> list(@AuthenticationPrincipal Jwt jwt) {
        requireAdmin(jwt);
        return blocking(() -> view(store.refresh()));
    }

    @PostMapping("/api/v1/admin/synonyms")
    Mono<SynonymList> add(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Rules body) {
        requireAdmin(jwt);
        List<Synonyms.Rule> rules = parse(body);
        return blocking(() -> view(store.add(rules)));
    }

    @PutMapping("/api/v1/admin/synonyms")
    Mono<SynonymList> replace(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Rules body) {
        requireAdmin(jwt);
        List<Synonyms.Rule> rules = parse(body);
        return blocking(() -> view(store.replace(rules)));
    }

    private SynonymList view(List<Synonyms.Rule> rules) {
        return new SynonymList(
                rules.stream().map(Synonyms.Rule::line).toList(),
                synonyms.snapshot().size());
    }

    private static List<Synonyms.Rule> parse(Rules body) {
        List<Synonyms.Rule> rules = new ArrayList<>();
        for (String line : body.rules()) {
            try {
                rules.add(Synonyms.Rule.parse(line));
            } catch (IllegalArgumentException e) {
                throw new Problem(HttpStatus.UNPROCESSABLE_ENTITY, "bad-synonym", e.getMessage());
            }
        }
        return rules;
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(() -> {
                    try {
                        return call.call();
                    } catch (IllegalArgumentException e) {
                        // the list would grow past its limit
                        throw new Problem(HttpStatus.UNPROCESSABLE_ENTITY, "bad-synonym", e.getMessage());
                    } catch (IllegalStateException e) {
                        throw new Problem(HttpStatus.CONFLICT, "synonyms-busy", e.getMessage());
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static void requireAdmin(Jwt jwt) {
        if (!Caller.of(jwt).has(Caller.ADMIN)) {
            throw Problem.forbidden("Only admins manage the synonym list.");
        }
    }
}
