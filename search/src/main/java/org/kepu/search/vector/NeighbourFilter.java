package org.kepu.search.vector;

import java.util.List;
import java.util.Set;
import org.kepu.search.query.QueryPlan;

/** What the vector leg keeps of a word query: nothing that matches, everything that excludes. */
public final class NeighbourFilter {

    private NeighbourFilter() {}

    /**
     * The plan without its words but with its exclusions: rendered by an adapter with the request's
     * filters and visibility, it is the very filter the word search applies, so a neighbour can never be
     * a work the words could not have shown the caller, nor one with a word the reader excluded.
     */
    public static QueryPlan of(QueryPlan plan) {
        return new QueryPlan(List.of(), false, plan.excluded(), List.of(), Set.of());
    }
}
