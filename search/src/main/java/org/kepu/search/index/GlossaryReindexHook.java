package org.kepu.search.index;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.kepu.search.analysis.Glossary;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.kepu.search.query.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reindexes the works that contain newly added glossary terms, so that they gain the whole terms.
 * The affected works are found in the index itself: they hold the term's parts as a phrase already.
 * Register it with {@link Glossary#addListener}; it runs on the thread that added the terms.
 */
public final class GlossaryReindexHook implements Glossary.Listener {

    private static final Logger log = LoggerFactory.getLogger(GlossaryReindexHook.class);

    private final SearchIndex index;
    private final Indexer indexer;

    public GlossaryReindexHook(SearchIndex index, Indexer indexer) {
        this.index = index;
        this.indexer = indexer;
    }

    @Override
    public void termsAdded(Set<String> added, long version) {
        Set<String> ids = affected(added);
        int count = indexer.reindex(ids);
        log.info("glossary v{} added {} terms; reindexed {} works", version, added.size(), count);
    }

    /** Ids of the works whose text holds any of the terms (as the phrase of their parts). */
    public Set<String> affected(Set<String> terms) {
        Set<String> ids = new LinkedHashSet<>();
        for (String term : terms) {
            SearchRequest request = SearchRequest.of('"' + term + '"', Visibility.everything())
                    .sortedBy(SearchRequest.Sort.DATE)
                    .page(0, SearchRequest.MAX_SIZE);
            Optional<String> cursor;
            do {
                SearchResult result = index.search(request);
                result.hits().stream().map(SearchHit::id).forEach(ids::add);
                cursor = result.nextCursor();
                if (cursor.isPresent()) {
                    request = request.after(cursor.get());
                }
            } while (cursor.isPresent());
        }
        return ids;
    }
}
