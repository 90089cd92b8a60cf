package org.kepu.search.query;

import java.util.List;
import java.util.Set;

/**
 * A query in terms of index fields, independent of the adapter that runs it. Each {@link Group} must
 * match (by any one of its alternatives), unless the plan is {@code anyGroup}, where at least one must;
 * {@code excluded} alternatives must not match. No groups means every visible work matches. {@code scoring}
 * alternatives never decide whether a work matches; among the works that do, each one that matches adds
 * to the score.
 */
public record QueryPlan(
        List<Group> groups,
        boolean anyGroup,
        List<Alternative> excluded,
        List<Alternative> scoring,
        Set<String> highlightTerms) {

    public QueryPlan {
        groups = List.copyOf(groups);
        excluded = List.copyOf(excluded);
        scoring = List.copyOf(scoring);
        highlightTerms = Set.copyOf(highlightTerms);
    }

    public boolean matchesEverything() {
        return groups.isEmpty();
    }

    public record Group(List<Alternative> alternatives) {
        public Group {
            alternatives = List.copyOf(alternatives);
        }
    }

    /** A scored clause: a single term, or a phrase of terms at consecutive positions. */
    public sealed interface Alternative permits Term, Phrase {
        String field();

        float boost();
    }

    public record Term(String field, String term, float boost) implements Alternative {}

    public record Phrase(String field, List<String> terms, float boost) implements Alternative {
        public Phrase {
            terms = List.copyOf(terms);
        }
    }
}
