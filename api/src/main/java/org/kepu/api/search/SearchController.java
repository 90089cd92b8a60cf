package org.kepu.api.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.MetadataNames;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.query.Explainer;
import org.kepu.search.query.Filters;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.kepu.search.query.SearchResult.FacetCount;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/search}: full text with quoted phrases and {@code -}exclusion, filters, facets and
 * highlighted snippets; deep pages through the {@code cursor} of the previous page.
 */
@RestController
class SearchController {

    /**
     * Longest query, in characters. Every token of a query becomes two or three index clauses and the Han
     * bigrams add one each, so 256 characters stay below Lucene's 1,024 clauses (and Elasticsearch's
     * limit) in the worst case; a search box needs far fewer.
     */
    static final int MAX_QUERY_CHARS = 256;

    private static final Set<String> STATUSES =
            Arrays.stream(WorkStatus.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    private final SearchService search;

    SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping("/api/v1/search")
    Mono<SearchAnswer> search(
            @AuthenticationPrincipal Jwt jwt,
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) List<String> topic,
            @RequestParam(required = false) List<String> audience,
            @RequestParam(required = false) List<String> kind,
            @RequestParam(required = false) List<String> status,
            @RequestParam Optional<String> from,
            @RequestParam Optional<String> to,
            @RequestParam(defaultValue = "relevance") String sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "10") int size,
            @RequestParam Optional<String> cursor,
            @RequestParam(defaultValue = "false") boolean explain) {
        Caller caller = Caller.of(jwt);
        // The caller's visibility reads the channel registry, so the request is built off the event loop.
        return Mono.fromCallable(() -> {
                    SearchRequest request;
                    try {
                        if (q.codePointCount(0, q.length()) > MAX_QUERY_CHARS) {
                            throw new IllegalArgumentException("'q' is longer than " + MAX_QUERY_CHARS + " characters");
                        }
                        Filters filters = new Filters(
                                set(topic),
                                named("audience", audience, MetadataNames::audience, MetadataNames.audiences()),
                                named("kind", kind, MetadataNames::kind, MetadataNames.kinds()),
                                closed("status", status, STATUSES, true),
                                from.map(SearchController::instant),
                                to.map(SearchController::instant));
                        request = SearchRequest.of(q, search.visibility(caller))
                                .withFilters(filters)
                                .sortedBy(sort(sort))
                                .page(page, size);
                        if (cursor.isPresent()) {
                            request = request.after(cursor.get());
                        }
                    } catch (IllegalArgumentException e) {
                        throw new Problem(HttpStatus.BAD_REQUEST, "bad-search", e.getMessage());
                    }
                    SearchResult result = search.search(request);
                    return view(result, explain ? search.explain(q, result) : Map.of());
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** What a search answers: owners, channels and revisions of the hits stay inside. */
    record SearchAnswer(long total, List<Hit> hits, Map<String, List<FacetCount>> facets, String next) {}

    /**
     * A hit; its {@code explain} (only when asked) lists which query word matched it, directly, as a
     * regional or traditional variant, or through a synonym, and how the work writes it. Anyone may ask:
     * it covers only the hits the caller may see, and names only words of the query found in the hit's
     * own text, which its highlights show already.
     */
    record Hit(
            String id,
            String title,
            float score,
            List<String> highlights,
            String status,
            String kind,
            List<String> topics,
            List<String> audiences,
            Instant updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<MatchView> explain) {}

    private static SearchAnswer view(SearchResult result, Map<String, List<Explainer.Match>> explained) {
        List<Hit> hits = result.hits().stream()
                .map(hit -> new Hit(
                        hit.id(),
                        hit.title(),
                        hit.score(),
                        hit.highlights(),
                        hit.status(),
                        hit.kind(),
                        hit.topics(),
                        hit.audiences(),
                        hit.updatedAt(),
                        explained.containsKey(hit.id())
                                ? explained.get(hit.id()).stream()
                                        .map(SearchController::match)
                                        .toList()
                                : null))
                .toList();
        return new SearchAnswer(
                result.total(), hits, result.facets(), result.nextCursor().orElse(null));
    }

    record MatchView(String word, String via, String term, String found, String field) {}

    private static MatchView match(Explainer.Match m) {
        return new MatchView(m.word(), m.via().name().toLowerCase(Locale.ROOT), m.term(), m.found(), m.field());
    }

    private static SearchRequest.Sort sort(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "relevance" -> SearchRequest.Sort.RELEVANCE;
            case "date" -> SearchRequest.Sort.DATE;
            default -> throw new IllegalArgumentException("'sort' must be relevance or date");
        };
    }

    /** A date ({@code 2026-11-29}, the start of that day in UTC) or an instant. */
    private static Instant instant(String value) {
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dates are written 2026-11-29 or 2026-11-29T08:00:00Z: " + value);
        }
    }

    /** Values of a closed vocabulary, in its case; an unknown one would silently find nothing. */
    private static Set<String> closed(String name, List<String> values, Set<String> known, boolean upper) {
        Set<String> wanted = new HashSet<>();
        for (String value : set(values)) {
            String normal = upper ? value.toUpperCase(Locale.ROOT) : value.toLowerCase(Locale.ROOT);
            if (!known.contains(normal)) {
                throw new IllegalArgumentException("'" + name + "' must be one of " + new TreeSet<>(known));
            }
            wanted.add(normal);
        }
        return wanted;
    }

    /** Codes of a closed vocabulary given by code or Chinese name (kind=漫画 filters comic works). */
    private static Set<String> named(
            String name, List<String> values, Function<String, Optional<String>> code, String listed) {
        Set<String> wanted = new HashSet<>();
        for (String value : set(values)) {
            wanted.add(code.apply(value)
                    .orElseThrow(() -> new IllegalArgumentException("'" + name + "' must be one of " + listed)));
        }
        return wanted;
    }

    private static Set<String> set(List<String> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }
}
