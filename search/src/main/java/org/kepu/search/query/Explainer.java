package org.kepu.search.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.kepu.search.analysis.AnalyzedToken;
import org.kepu.search.analysis.RegionalVocabulary;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.analysis.TextNormalizer;

/**
 * Tells why a hit matched: which word of the query, which synonym of the list or which regional or
 * traditional spelling occurs in the work's title, summary or text, and how the text writes it. It finds
 * occurrences the way the highlighter does (on the analyzer's word boundaries), so what it names is what
 * the snippets mark, and an editor can check the synonym list and the regional conversion against it.
 */
public final class Explainer {

    /** How a query word reached the text. */
    public enum Via {
        /** The word as the query wrote it. */
        WORD,
        /** The same word in another spelling: traditional characters or regional vocabulary, in the query or the text. */
        VARIANT,
        /** A word of the synonym list. */
        SYNONYM
    }

    /** What a search looks for: {@code term} (analysed) on behalf of the query's {@code word}. */
    public record Form(String word, String term, Via via) {}

    /** One form found in one field: {@code found} is how the text writes it. */
    public record Match(String word, Via via, String term, String found, String field) {}

    private final TextAnalysis analysis;
    private final Highlighter highlighter;

    public Explainer(TextAnalysis analysis) {
        this.analysis = analysis;
        this.highlighter = new Highlighter(analysis);
    }

    /** The forms a query searches for, its excluded words left out. */
    public List<Form> forms(String query) {
        List<Form> forms = new ArrayList<>();
        SynonymExpansion synonyms = new SynonymExpansion(analysis);
        for (QueryText.Part part : QueryText.parse(query)) {
            if (part.excluded()) {
                continue;
            }
            List<AnalyzedToken> tokens = analysis.tokens(part.text());
            List<String> parts = QueryPlanner.parts(tokens);
            if (part.phrase()) {
                if (!parts.isEmpty()) {
                    forms.add(new Form(part.text(), String.join("", parts), Via.WORD));
                }
                continue;
            }
            int coveredUntil = -1;
            for (AnalyzedToken token : tokens) {
                if (token.glossary() && token.position() >= coveredUntil) {
                    coveredUntil = token.position() + token.positionLength();
                    forms.add(new Form(part.text(), token.term(), Via.WORD));
                } else if (!token.glossary() && token.position() >= coveredUntil) {
                    forms.add(new Form(part.text(), token.term(), Via.WORD));
                }
            }
            synonyms.find(parts, new ArrayList<>());
        }
        for (SynonymExpansion.Found found : synonyms.found()) {
            forms.add(new Form(found.word(), String.join("", found.parts()), Via.SYNONYM));
        }
        return forms;
    }

    /** The forms that occur in a work, field by field ({@code title}, {@code summary}, {@code text}). */
    public List<Match> explain(List<Form> forms, String title, String summary, String text) {
        List<Match> matches = new ArrayList<>();
        for (Form form : forms) {
            Set<String> spellings = new LinkedHashSet<>();
            spellings.add(form.term());
            spellings.addAll(RegionalVocabulary.shipped().regionalForms(form.term()));
            for (String[] field : new String[][] {{"title", title}, {"summary", summary}, {"text", text}}) {
                List<String> snippets = highlighter.snippets(field[1], spellings);
                if (!snippets.isEmpty()) {
                    String found = marked(snippets.get(0));
                    matches.add(new Match(form.word(), via(form, found), form.term(), found, field[0]));
                    break;
                }
            }
        }
        return matches;
    }

    /** A variant when the query or the text wrote the word otherwise than the form the index searches. */
    private static Via via(Form form, String found) {
        if (form.via() == Via.SYNONYM) {
            return Via.SYNONYM;
        }
        boolean queryAsSearched = TextNormalizer.normalize(form.word()).contains(form.term());
        boolean textAsSearched = TextNormalizer.normalize(found).equals(form.term());
        boolean sameSpelling = form.word().toLowerCase(Locale.ROOT).contains(found.toLowerCase(Locale.ROOT));
        return queryAsSearched && textAsSearched && sameSpelling ? Via.WORD : Via.VARIANT;
    }

    /** The first marked words of a snippet, as the text writes them (markup escapes undone). */
    private static String marked(String snippet) {
        int start = snippet.indexOf("<em>") + 4;
        int end = snippet.indexOf("</em>", start);
        return snippet.substring(start, end)
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }
}
