package org.kepu.api.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.assign.ReviewerRegistry;
import org.kepu.review.channels.Channel;
import org.kepu.review.channels.ChannelRegistry;
import org.kepu.search.index.Indexer;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.index.SearchUnavailableException;
import org.kepu.search.query.Explainer;
import org.kepu.search.query.Filters;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.kepu.search.query.Visibility;
import org.kepu.search.query.Visibility.Field;
import org.kepu.search.query.Visibility.Grant;
import org.kepu.search.vector.HybridSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** Searches and listings as the caller may see them. All methods block. */
@Service
public class SearchService {

    private static final Logger log = LoggerFactory.getLogger(SearchService.class);

    private final SearchIndex index;
    private final Indexer indexer;
    private final WorkRepository works;
    private final ChannelRegistry channels;
    private final ReviewerRegistry reviewers;
    private final Optional<HybridSearch> hybrid;
    private final Explainer explainer;

    SearchService(
            SearchIndex index,
            Indexer indexer,
            WorkRepository works,
            ChannelRegistry channels,
            ReviewerRegistry reviewers,
            ObjectProvider<HybridSearch> hybrid,
            Explainer explainer) {
        this.hybrid = Optional.ofNullable(hybrid.getIfAvailable());
        this.explainer = explainer;
        this.index = index;
        this.indexer = indexer;
        this.works = works;
        this.channels = channels;
        this.reviewers = reviewers;
    }

    /**
     * What the caller may find: editors and admins everything; reviewers everything but the drafts of
     * creators they declared a conflict of interest with; creators their own works and works published on
     * the channels they can read, the public ones (a hit carries a snippet of the text, which must not reach
     * someone who could not read the channel's feed); outlets published works on the channels they are
     * entitled to and the public ones. A caller with several roles sees what any of them may. Blocks: the
     * channels are read from the store.
     */
    Visibility visibility(Caller caller) {
        if (caller.has(Caller.EDITOR) || caller.has(Caller.ADMIN)) {
            return Visibility.everything();
        }
        List<Grant> grants = new ArrayList<>();
        if (caller.has(Caller.REVIEWER)) {
            // all but the drafts of creators the reviewer declared a conflict of interest with
            Set<String> conflicts = reviewers
                    .find(caller.id())
                    .map(r -> Set.copyOf(r.conflicts()))
                    .orElse(Set.of());
            if (conflicts.isEmpty()) {
                return Visibility.everything();
            }
            grants.add(Grant.excluding(Field.OWNER_ID, conflicts));
            grants.add(Grant.of(Field.STATUS, "PUBLISHED"));
        }
        if (caller.has(Caller.CREATOR)) {
            grants.add(Grant.of(Field.OWNER_ID, caller.id()));
            String[] open = channels.all().stream()
                    .filter(Channel::open)
                    .map(Channel::name)
                    .sorted()
                    .toArray(String[]::new);
            if (open.length > 0) {
                grants.add(Grant.of(Field.STATUS, "PUBLISHED").and(Field.CHANNELS, open));
            }
        }
        if (caller.has(Caller.OUTLET)) {
            // A set: Grant.and takes distinct values. No channels, no grant: the outlet sees nothing.
            TreeSet<String> names = new TreeSet<>();
            channels.visibleTo(caller.clientId()).stream().map(Channel::name).forEach(names::add);
            if (!names.isEmpty()) {
                grants.add(Grant.of(Field.STATUS, "PUBLISHED").and(Field.CHANNELS, names.toArray(String[]::new)));
            }
        }
        return Visibility.anyOf(grants.toArray(Grant[]::new));
    }

    /** A reader's search: by words, and by meaning where vectors are on. */
    public SearchResult search(SearchRequest request) {
        return hybrid.map(h -> h.search(request)).orElseGet(() -> index.search(request));
    }

    /** Why each hit matched the query, from the texts the index stores (see {@link Explainer}). */
    public Map<String, List<Explainer.Match>> explain(String query, SearchResult result) {
        List<Explainer.Form> forms = explainer.forms(query);
        Map<String, List<Explainer.Match>> explained = new HashMap<>();
        for (SearchHit hit : result.hits()) {
            index.stored(hit.id())
                    .ifPresent(stored -> explained.put(
                            hit.id(), explainer.explain(forms, stored.title(), stored.summary(), stored.text())));
        }
        return explained;
    }

    /** A page of works, newest first, read back from their manifests so every field is current. */
    public Page list(Caller caller, Optional<String> status, boolean mine, int page, int size) {
        Visibility visibility = mine || !caller.seesAllWorks()
                ? Visibility.anyOf(Grant.of(Field.OWNER_ID, caller.id()))
                : visibility(caller);
        Filters filters = status.map(s -> Filters.NONE.withStatuses(s)).orElse(Filters.NONE);
        SearchRequest request = SearchRequest.of("", visibility)
                .withFilters(filters)
                .sortedBy(SearchRequest.Sort.DATE)
                .page(page, size);
        SearchResult result = index.search(request);
        List<Work> items = result.hits().stream()
                .map(hit -> works.find(hit.id()))
                .flatMap(Optional::stream)
                .toList();
        return new Page(result.total(), items);
    }

    /**
     * Makes a committed change (an upload, a decision, a publication, a retraction) findable, and visible in
     * outlets' feeds, before its request answers, so that a client reading back at once sees it. The write
     * runs on a thread of its own: a request whose client goes away has its thread interrupted, and an
     * interrupted Lucene write closes the index for good. The caller stops waiting then; the write does not.
     * It never fails the request, whose change is committed: the outbox indexes the work if this fails.
     */
    public void indexCommitted(String workId) {
        Future<?> written = INDEX_WRITES.submit(() -> {
            indexer.reindex(List.of(workId));
            index.refresh();
        });
        try {
            written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SearchUnavailableException) {
                log.warn("search index unavailable; work {} will be indexed from the outbox", workId);
            } else {
                log.warn("work {} is stored; indexing it now failed, the outbox will index it", workId, e.getCause());
            }
        }
    }

    /** Writes of {@link #indexCommitted}, a few at a time, on daemon threads that no request can interrupt. */
    private static final ExecutorService INDEX_WRITES = Executors.newFixedThreadPool(4, task -> {
        Thread thread = new Thread(task, "kepu-index-now");
        thread.setDaemon(true);
        return thread;
    });

    public record Page(long total, List<Work> items) {}
}
