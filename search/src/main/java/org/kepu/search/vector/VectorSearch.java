package org.kepu.search.vector;

import java.util.List;
import java.util.Map;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult.FacetCount;

/**
 * What hybrid search needs of an index adapter besides {@code search}: both rankings as bare ids (no
 * stored fields, no highlights: the legs go deeper than the page shown), and the hits of the page once
 * fused. Every method applies the request's filters, visibility and excluded words exactly as the word
 * search does, so a neighbour is always a work the caller could have found by its words.
 */
public interface VectorSearch {

    /** A work's place in one ranking: its id and that ranking's score (BM25, or the cosine). */
    record Ranked(String id, float score) {}

    /**
     * The word ranking of a request, best first, with what {@code search} would report beside it: the total of
     * word matches and their facets.
     */
    record Ranking(List<Ranked> ranked, long total, Map<String, List<FacetCount>> facets) {}

    /**
     * The word ranking of {@code request}, as deep as {@code depth}, in the order of {@code search}; one query
     * reads the ranking, the total and the facets.
     */
    Ranking ranking(SearchRequest request, int depth);

    /**
     * The cosine of {@code vector} with the vector of each work of {@code ids} that has one, computed exactly:
     * the works a word ranking found, whose meaning is to count even where they are not among the nearest.
     */
    Map<String, Float> similarities(float[] vector, List<String> ids);

    /** The {@code k} nearest works to {@code vector}, nearest first, with their cosine. */
    List<Ranked> nearest(float[] vector, int k, SearchRequest request);

    /** The hits of {@code ids}, in that order, highlighted for the request's words; ids not visible are left out. */
    List<SearchHit> hits(List<String> ids, SearchRequest request);
}
