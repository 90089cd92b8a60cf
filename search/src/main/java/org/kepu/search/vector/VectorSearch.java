package org.kepu.search.vector;

import java.util.List;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;

/**
 * Nearest-neighbour search over the works' vectors, implemented by each index adapter. It applies the
 * request's filters, visibility and excluded words exactly as the word search does, so a neighbour is
 * always a work the caller could have found by its words. Hits carry the cosine as their score.
 */
public interface VectorSearch {

    List<SearchHit> nearest(float[] vector, int k, SearchRequest request);
}
