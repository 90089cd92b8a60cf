package org.kepu.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kepu.search.analysis.AnalyzedToken;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.analysis.TextNormalizer;

/**
 * Snippets of the original text with the matched words in {@code <em>}, computed in the application so
 * that both adapters highlight alike. Candidate places are found by plain search in the normalised
 * text (same length as the original), then only a window around each is analysed, so the cost does not
 * grow with the length of the work; a match counts only where the analyzer really produces the term.
 */
public final class Highlighter {

    static final int WINDOW = 60;
    static final int MAX_SNIPPETS = 3;
    private static final int MAX_CANDIDATES = 64;

    private final TextAnalysis analysis;

    public Highlighter(TextAnalysis analysis) {
        this.analysis = analysis;
    }

    public List<String> snippets(String text, Set<String> terms) {
        if (text == null || text.isEmpty() || terms.isEmpty()) {
            return List.of();
        }
        String normal = TextNormalizer.normalize(text);
        TreeSet<Integer> starts = new TreeSet<>();
        for (String term : terms) {
            int from = 0;
            int found;
            int seen = 0;
            while (seen++ < MAX_CANDIDATES / 4 && (found = normal.indexOf(term, from)) >= 0) {
                starts.add(found);
                from = found + term.length();
            }
        }
        List<String> snippets = new ArrayList<>();
        int coveredUntil = -1;
        for (int start : starts) {
            if (snippets.size() == MAX_SNIPPETS) {
                break;
            }
            if (start < coveredUntil) {
                continue;
            }
            int from = Math.max(0, start - WINDOW / 3);
            int to = Math.min(text.length(), from + WINDOW);
            from = safeStart(text, from);
            to = safeEnd(text, to);
            String snippet = mark(text.substring(from, to), terms);
            if (!snippet.isEmpty()) {
                snippets.add((from > 0 ? "…" : "") + snippet + (to < text.length() ? "…" : ""));
                coveredUntil = to;
            }
        }
        return snippets;
    }

    /** The window with its matching tokens marked, or empty when no token in it really matches. */
    private String mark(String window, Set<String> terms) {
        List<AnalyzedToken> tokens = analysis.tokens(window);
        StringBuilder out = new StringBuilder(window.length() + 32);
        int at = 0;
        boolean any = false;
        for (AnalyzedToken token : tokens) {
            if (token.start() < at || !terms.contains(token.term())) {
                continue;
            }
            // the longest match starting here wins: glossary tokens come before their parts
            out.append(escape(window.substring(at, token.start())))
                    .append("<em>")
                    .append(escape(window.substring(token.start(), token.end())))
                    .append("</em>");
            at = token.end();
            any = true;
        }
        if (!any) {
            return "";
        }
        return out.append(escape(window.substring(at))).toString();
    }

    private static int safeStart(String text, int index) {
        return index > 0 && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
    }

    private static int safeEnd(String text, int index) {
        return index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index + 1 : index;
    }

    static String escape(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
