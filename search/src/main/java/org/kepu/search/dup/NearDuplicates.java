package org.kepu.search.dup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.kepu.search.analysis.AnalyzedToken;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.analysis.TextNormalizer;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.index.StoredWork;
import org.kepu.search.index.WorkDocuments;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;

/**
 * Finds existing works that share much of a text. Candidates come from the search index (its rarest
 * words, OR-ed, ranked by BM25), then each candidate's stored text is compared exactly: the overlap is
 * the share of the given text's character shingles (over normalised letters and digits, so width,
 * script and punctuation do not matter) that also occur in the candidate. Of a long text only the first
 * {@link WorkDocuments#MAX_STORED_CHARS} characters are compared, on both sides: that is what the index
 * stores of a candidate, and it keeps the check of a multi-megabyte text to the cost of a long article.
 */
public final class NearDuplicates {

    static final int SHINGLE = 5;
    static final int CANDIDATES = 20;
    static final int QUERY_TERMS = 48;

    /**
     * The least a text must hold to be called a copy of anything. A Chinese sentence runs 20 to 30
     * characters, so 50 letters and digits are about two sentences: a date line, a heading, a slogan or
     * one quoted sentence stays below, and a shared one of those says nothing about the whole work.
     */
    static final int MIN_LETTERS = 50;

    /**
     * Distinct shingles, so that repeating a short line does not pass for content: 50 letters without
     * repetition give 46; a date line said eight times gives 10.
     */
    static final int MIN_SHINGLES = 40;

    private final SearchIndex index;
    private final TextAnalysis analysis;
    private final double minimumOverlap;

    /** A work that overlaps the text; {@code overlap} is between 0 and 1. */
    public record Match(String workId, String title, double overlap) {}

    public NearDuplicates(SearchIndex index, TextAnalysis analysis) {
        this(index, analysis, 0.3);
    }

    public NearDuplicates(SearchIndex index, TextAnalysis analysis, double minimumOverlap) {
        this.index = index;
        this.analysis = analysis;
        this.minimumOverlap = minimumOverlap;
    }

    /** Works overlapping {@code text} by at least the minimum, most overlapping first. */
    public List<Match> find(String fullText, String excludeWorkId) {
        String text = WorkDocuments.prefix(fullText, WorkDocuments.MAX_STORED_CHARS);
        int[] letters = letters(text);
        Set<String> shingles = shingles(letters);
        if (letters.length < MIN_LETTERS || shingles.size() < MIN_SHINGLES) {
            return List.of();
        }
        String query = candidateQuery(text);
        if (query.isEmpty()) {
            return List.of();
        }
        SearchRequest request = SearchRequest.of(query, Visibility.everything())
                .withMatch(SearchRequest.Match.ANY_TOKEN)
                .page(0, CANDIDATES);
        List<Match> matches = new ArrayList<>();
        for (SearchHit hit : index.search(request).hits()) {
            if (hit.id().equals(excludeWorkId)) {
                continue;
            }
            index.stored(hit.id()).ifPresent(stored -> {
                double overlap = containment(shingles, shingles(all(stored)));
                if (overlap >= minimumOverlap) {
                    matches.add(new Match(stored.id(), stored.title(), overlap));
                }
            });
        }
        matches.sort(Comparator.comparingDouble(Match::overlap).reversed());
        return matches;
    }

    private static String all(StoredWork stored) {
        return stored.title() + "\n" + stored.summary() + "\n" + stored.text();
    }

    /** The longest distinct words, a proxy for the rare ones, joined as a query. */
    private String candidateQuery(String text) {
        Map<String, Integer> words = new LinkedHashMap<>();
        for (AnalyzedToken token : analysis.tokens(text)) {
            if (!token.glossary() && token.term().codePointCount(0, token.term().length()) >= 2) {
                words.merge(token.term(), 1, Integer::sum);
            }
        }
        return words.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(w -> words.get(w)))
                .limit(QUERY_TERMS)
                .collect(Collectors.joining(" "));
    }

    static Set<String> shingles(String text) {
        return shingles(letters(text));
    }

    /** The normalised letters and digits of the text, as code points. */
    private static int[] letters(String text) {
        return TextNormalizer.normalize(text)
                .codePoints()
                .filter(Character::isLetterOrDigit)
                .toArray();
    }

    private static Set<String> shingles(int[] points) {
        Set<String> shingles = new HashSet<>();
        for (int i = 0; i + SHINGLE <= points.length; i++) {
            shingles.add(new String(points, i, SHINGLE));
        }
        if (shingles.isEmpty() && points.length > 0) {
            shingles.add(new String(points, 0, points.length));
        }
        return shingles;
    }

    static double containment(Set<String> of, Set<String> in) {
        if (of.isEmpty()) {
            return 0;
        }
        int shared = 0;
        for (String shingle : of) {
            if (in.contains(shingle)) {
                shared++;
            }
        }
        return (double) shared / of.size();
    }
}
