package org.kepu.search.query;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A page of hits, the facet counts over all matches (keys {@code topic}, {@code audience},
 * {@code kind}, {@code status}), and the cursor for the next page when there may be one.
 */
public record SearchResult(
        long total, List<SearchHit> hits, Map<String, List<FacetCount>> facets, Optional<String> nextCursor) {

    public record FacetCount(String value, long count) {}
}
