package org.kepu.search.query;

import java.util.Collection;
import java.util.Map;

/**
 * Document frequencies in the body field, which the query planner needs to weigh a synonym against the
 * literal word: BM25 gives a rare word a high idf, so a fixed lower boost alone would still let a rare
 * synonym outrank a common literal word. Each adapter answers from its own index.
 */
@FunctionalInterface
public interface TermStats {

    /** No statistics: synonyms are weighed by their fixed weight alone. */
    TermStats NONE = terms -> new Counts(0, Map.of());

    /** How many documents have a body, and how many hold each term in it (a missing term: 0). */
    record Counts(long docCount, Map<String, Long> docFreqs) {}

    Counts counts(Collection<String> terms);
}
