package org.kepu.search.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.kepu.search.analysis.Synonyms;
import org.kepu.search.analysis.TextAnalysis;

/**
 * The synonyms of one query. A run of consecutive query words that spells a word of the list (the
 * longest first) gets that word's synonyms as alternatives in the words' own group, in body and title.
 *
 * <p>A synonym weighs {@link #WEIGHT} of the literal word of the same strength. BM25 scores a term by its
 * rarity (idf) as well as its frequency, so a fixed boost would let a rare synonym outrank a common
 * literal word; each synonym clause is therefore boosted by the ratio of the literal words' idf to the
 * synonym's, computed from the index's {@link TermStats}. A text holding the synonym as often as another
 * holds the literal word, in a text of the same length, then scores {@link #WEIGHT} times as much. Phrases
 * are scored by the sum of their terms' idf, so the ratio uses sums.
 */
final class SynonymExpansion {

    /** What a synonym counts against the literal word: enough to find, never enough to come first. */
    static final float WEIGHT = 0.5f;

    /**
     * Synonyms a query expands to at most. Each adds two clauses; the longest query stays below Lucene's
     * 1,024 clauses with these 64 on top (see the API's query length limit).
     */
    static final int MAX_SYNONYMS = 32;

    /** The longest run of query words tried as one word of the list. */
    private static final int MAX_RUN = 6;

    /** A synonym for a run of query words, to add to {@code group}. */
    record Found(
            String word, List<String> literal, String synonym, List<String> parts, List<QueryPlan.Alternative> group) {}

    /**
     * The analysed parts of synonyms, which depend on the word alone (glossary terms are not among the
     * parts): segmenting each synonym again on every query would cost more than searching it.
     */
    private static final Map<String, List<String>> PARTS = new ConcurrentHashMap<>();

    private static final int MAX_CACHED = 20_000;

    private final TextAnalysis analysis;
    private final Synonyms.Snapshot snapshot;
    private final List<Found> found = new ArrayList<>();

    SynonymExpansion(TextAnalysis analysis) {
        this.analysis = analysis;
        this.snapshot = analysis.analyzer().synonyms().snapshot();
    }

    private List<String> parts(String synonym) {
        List<String> parts = PARTS.get(synonym);
        if (parts == null) {
            parts = List.copyOf(QueryPlanner.parts(analysis.tokens(synonym)));
            if (PARTS.size() >= MAX_CACHED) {
                // rules removed at run time leave their words behind; start afresh rather than grow
                PARTS.clear();
            }
            PARTS.put(synonym, parts);
        }
        return parts;
    }

    /** Finds the synonyms of the runs of {@code parts} (analysed words of one query part). */
    void find(List<String> parts, List<QueryPlan.Alternative> group) {
        if (snapshot.words().isEmpty()) {
            return;
        }
        int i = 0;
        while (i < parts.size()) {
            int matched = 0;
            for (int j = Math.min(parts.size(), i + MAX_RUN); j > i && matched == 0; j--) {
                List<String> run = parts.subList(i, j);
                String word = String.join("", run);
                Set<String> synonyms = snapshot.of(word);
                for (String synonym : synonyms) {
                    List<String> synonymParts = parts(synonym);
                    // a synonym that analyses to the literal words (a regional spelling) adds nothing
                    if (!synonymParts.isEmpty() && !synonymParts.equals(run) && found.size() < MAX_SYNONYMS) {
                        found.add(new Found(word, List.copyOf(run), synonym, synonymParts, group));
                    }
                }
                if (!synonyms.isEmpty()) {
                    matched = j - i;
                }
            }
            i += Math.max(1, matched);
        }
    }

    List<Found> found() {
        return List.copyOf(found);
    }

    /** Adds every synonym found to its group, weighed with {@code stats}; their words are highlighted too. */
    void addTo(TermStats stats, Set<String> highlight) {
        if (found.isEmpty()) {
            return;
        }
        Set<String> terms = new HashSet<>();
        found.forEach(f -> {
            terms.addAll(f.literal());
            terms.addAll(f.parts());
        });
        TermStats.Counts counts = stats.counts(terms);
        long docCount = counts.docCount();
        Map<String, Long> docFreqs = counts.docFreqs();
        for (Found f : found) {
            float boost = WEIGHT * ratio(docCount, docFreqs, f.literal(), f.parts());
            highlight.addAll(f.parts());
            if (f.parts().size() == 1) {
                f.group().add(new QueryPlan.Term(IndexFields.BODY, f.parts().get(0), boost));
                f.group()
                        .add(new QueryPlan.Term(IndexFields.TITLE, f.parts().get(0), QueryPlanner.TITLE_BOOST * boost));
            } else {
                f.group().add(new QueryPlan.Phrase(IndexFields.BODY, f.parts(), boost));
                f.group().add(new QueryPlan.Phrase(IndexFields.TITLE, f.parts(), QueryPlanner.TITLE_BOOST * boost));
            }
        }
    }

    /** idf of the literal words over idf of the synonym's (BM25's idf, summed over a phrase's terms). */
    static float ratio(long docCount, Map<String, Long> docFreqs, List<String> literal, List<String> synonym) {
        if (docCount <= 0) {
            return 1f;
        }
        double synonymIdf = idf(docCount, docFreqs, synonym);
        return synonymIdf <= 0 ? 1f : (float) (idf(docCount, docFreqs, literal) / synonymIdf);
    }

    private static double idf(long docCount, Map<String, Long> docFreqs, List<String> terms) {
        double sum = 0;
        for (String term : terms) {
            long df = Math.min(docCount, docFreqs.getOrDefault(term, 0L));
            sum += Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
        }
        return sum;
    }
}
