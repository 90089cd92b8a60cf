package org.kepu.search.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kepu.search.analysis.AnalyzedToken;
import org.kepu.search.analysis.CjkBigrams;
import org.kepu.search.analysis.RegionalVocabulary;
import org.kepu.search.analysis.TextAnalysis;

/**
 * Turns the user's query into a {@link QueryPlan} with kepu's analyzer. A glossary term in the query is
 * searched whole (in the glossary field) or as the phrase of its parts, and its parts are not searched
 * one by one: {@code 碳中和} must not match every text with {@code 和}. Quoted phrases and excluded
 * words become phrases of the parts. The Han bigrams of every part of several words that is not excluded
 * only add to the score (see {@link #BIGRAM_BOOST}): which works match is decided by words alone.
 * Words of the synonym list are searched as further alternatives at lower weight ({@link SynonymExpansion}).
 */
public final class QueryPlanner {

    static final float TITLE_BOOST = 2.0f;
    static final float TERMS_BOOST = 1.5f;

    /**
     * A word match of two characters usually comes with its own bigram and the bigrams across its edges,
     * so bigrams restate word evidence two or three times over; at half weight they still break ties and
     * lift works whose segmentation differs from the query's, without outweighing whole-word matches.
     */
    static final float BIGRAM_BOOST = 0.5f;

    private final TextAnalysis analysis;

    public QueryPlanner(TextAnalysis analysis) {
        this.analysis = analysis;
    }

    public QueryPlan plan(String query, SearchRequest.Match match) {
        return plan(query, match, TermStats.NONE);
    }

    /** The plan, with synonyms weighed against the literal words by the index's {@code stats}. */
    public QueryPlan plan(String query, SearchRequest.Match match, TermStats stats) {
        SynonymExpansion synonyms = new SynonymExpansion(analysis);
        List<List<QueryPlan.Alternative>> groupLists = new ArrayList<>();
        List<QueryPlan.Alternative> excluded = new ArrayList<>();
        Set<String> highlight = new HashSet<>();
        List<QueryPlan.Alternative> anyToken = new ArrayList<>();
        List<QueryPlan.Alternative> scoring = new ArrayList<>();
        for (QueryText.Part part : QueryText.parse(query)) {
            List<AnalyzedToken> tokens = analysis.tokens(part.text());
            List<String> parts = parts(tokens);
            if (parts.isEmpty()) {
                continue;
            }
            if (part.excluded()) {
                excluded.add(new QueryPlan.Phrase(IndexFields.BODY, parts, 1f));
                excluded.add(new QueryPlan.Phrase(IndexFields.TITLE, parts, 1f));
                continue;
            }
            if (parts.size() > 1) {
                // Bigrams help where segmentation may differ between the query and a text, i.e. where the
                // part was cut into several words. A part that is one word matches only texts that hold
                // that word, whose bigrams then repeat the word's evidence at the cost of more clauses.
                CjkBigrams.of(part.text())
                        .forEach(gram -> scoring.add(new QueryPlan.Term(IndexFields.BIGRAMS, gram, BIGRAM_BOOST)));
            }
            if (part.phrase()) {
                highlight.addAll(parts);
                tokens.stream().filter(AnalyzedToken::glossary).forEach(t -> highlight.add(t.term()));
                groupLists.add(List.of(
                        new QueryPlan.Phrase(IndexFields.BODY, parts, 1f),
                        new QueryPlan.Phrase(IndexFields.TITLE, parts, TITLE_BOOST)));
                continue;
            }
            List<QueryPlan.Alternative> alternatives = wordAlternatives(tokens, highlight);
            if (match == SearchRequest.Match.ANY_TOKEN) {
                synonyms.find(parts, anyToken);
                anyToken.addAll(alternatives);
            } else {
                List<QueryPlan.Alternative> group = new ArrayList<>(alternatives);
                synonyms.find(parts, group);
                groupLists.add(group);
            }
        }
        if (!anyToken.isEmpty()) {
            groupLists.add(anyToken);
        }
        // synonyms join the groups of the words they stand for, once the index told how rare each word is
        synonyms.addTo(stats, highlight);
        List<QueryPlan.Group> groups =
                groupLists.stream().map(QueryPlan.Group::new).toList();
        // texts may write a word in a regional form that the analyzer turned into this one
        RegionalVocabulary regional = RegionalVocabulary.shipped();
        for (String term : List.copyOf(highlight)) {
            highlight.addAll(regional.regionalForms(term));
        }
        if (groups.isEmpty()) {
            // nothing to match on: bigrams alone would turn "everything" into "anything with these bigrams"
            scoring.clear();
        }
        return new QueryPlan(groups, match == SearchRequest.Match.ANY_TOKEN, excluded, scoring, highlight);
    }

    /** The tokens that go to the body field: everything but the merged glossary terms. */
    static List<String> parts(List<AnalyzedToken> tokens) {
        return tokens.stream()
                .filter(t -> !t.glossary())
                .map(AnalyzedToken::term)
                .toList();
    }

    /**
     * The characters of a Chinese word of several characters, as a phrase. smartcn cuts the same word
     * differently by context: 致癌 alone is one word, but in 隔夜菜不一定致癌，但… it becomes 致 and 癌. A
     * text that holds the word cut into its characters still matches; one where the characters belong to
     * other words (通信 inside 交通信号) does not.
     */
    static Optional<List<String>> characters(String word) {
        if (word.length() < 2 || word.codePointCount(0, word.length()) != word.length()) {
            return Optional.empty();
        }
        List<String> chars = new ArrayList<>(word.length());
        for (int i = 0; i < word.length(); i++) {
            if (Character.UnicodeScript.of(word.charAt(i)) != Character.UnicodeScript.HAN) {
                return Optional.empty();
            }
            chars.add(String.valueOf(word.charAt(i)));
        }
        return Optional.of(chars);
    }

    /** The longest path through the token graph: glossary terms replace the parts they cover. */
    private static List<QueryPlan.Alternative> wordAlternatives(List<AnalyzedToken> tokens, Set<String> highlight) {
        List<QueryPlan.Alternative> alternatives = new ArrayList<>();
        int coveredUntil = -1;
        for (AnalyzedToken token : tokens) {
            if (token.glossary()) {
                if (token.position() < coveredUntil) {
                    continue;
                }
                coveredUntil = token.position() + token.positionLength();
                List<String> covered = tokens.stream()
                        .filter(t -> !t.glossary()
                                && t.position() >= token.position()
                                && t.position() < token.position() + token.positionLength())
                        .map(AnalyzedToken::term)
                        .toList();
                highlight.add(token.term());
                alternatives.add(new QueryPlan.Term(IndexFields.TERMS, token.term(), TERMS_BOOST));
                alternatives.add(new QueryPlan.Term(IndexFields.TITLE, token.term(), TITLE_BOOST));
                alternatives.add(new QueryPlan.Phrase(IndexFields.BODY, covered, 1f));
            } else if (token.position() >= coveredUntil) {
                highlight.add(token.term());
                alternatives.add(new QueryPlan.Term(IndexFields.BODY, token.term(), 1f));
                alternatives.add(new QueryPlan.Term(IndexFields.TITLE, token.term(), TITLE_BOOST));
                characters(token.term())
                        .ifPresent(chars -> alternatives.add(new QueryPlan.Phrase(IndexFields.BODY, chars, 1f)));
            }
        }
        return alternatives;
    }
}
