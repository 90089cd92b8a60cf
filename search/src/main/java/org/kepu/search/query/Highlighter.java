package org.kepu.search.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kepu.search.analysis.AnalyzedToken;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.analysis.TextNormalizer;

/**
 * Snippets of the original text with the matched words in {@code <em>}, computed in the application so
 * that both adapters highlight alike. Candidate places are found by plain search in the normalised
 * text (same length as the original); a candidate counts only where it begins and ends on the analyzer's
 * token boundaries ({@code 通信} is not a word of {@code 交通信号}). To know that, only the clause around a
 * candidate is analysed, from the punctuation mark before it to the one after: smartcn never joins
 * characters across punctuation, and every way of cutting a sentence passes through its punctuation
 * marks, so a clause with its marks is cut exactly as it is within the whole text. The cost thus
 * depends on the snippets shown, not on the length of the work.
 */
public final class Highlighter {

    static final int WINDOW = 60;
    static final int MAX_SNIPPETS = 3;
    private static final int MAX_CANDIDATES = 64;
    /** A clause longer than this on either side of a candidate is cut there: rare, and only costs exactness. */
    private static final int MAX_CLAUSE = 48;

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
            String snippet = mark(text, normal, from, to, terms);
            if (!snippet.isEmpty()) {
                snippets.add((from > 0 ? "…" : "") + snippet + (to < text.length() ? "…" : ""));
                coveredUntil = to;
            }
        }
        return snippets;
    }

    /** The window {@code [from, to)} with its matching tokens marked, or empty when none really matches. */
    private String mark(String text, String normal, int from, int to, Set<String> terms) {
        // where each term occurs in the window: start → lengths, longest first
        TreeMap<Integer, TreeSet<Integer>> candidates = new TreeMap<>();
        for (String term : terms) {
            for (int at = normal.indexOf(term, from); at >= 0 && at + term.length() <= to; ) {
                candidates
                        .computeIfAbsent(at, k -> new TreeSet<>(Comparator.reverseOrder()))
                        .add(term.length());
                at = normal.indexOf(term, at + 1);
            }
        }
        // token boundaries of the clauses around the candidates
        Set<Integer> starts = new HashSet<>();
        Set<Integer> ends = new HashSet<>();
        int analysedUntil = -1;
        for (int candidate : candidates.keySet()) {
            if (candidate < analysedUntil) {
                continue;
            }
            int clauseStart = clauseStart(text, candidate);
            analysedUntil = clauseEnd(text, candidate);
            for (AnalyzedToken token : analysis.tokens(text.substring(clauseStart, analysedUntil))) {
                starts.add(clauseStart + token.start());
                ends.add(clauseStart + token.end());
            }
        }
        // an occurrence counts where it begins and ends on token boundaries: a word, a glossary term, or a
        // word the text's segmentation cut into pieces, as the index matches them
        StringBuilder out = new StringBuilder(to - from + 32);
        int at = from;
        for (Map.Entry<Integer, TreeSet<Integer>> candidate : candidates.entrySet()) {
            int start = candidate.getKey();
            if (start < at || !starts.contains(start)) {
                continue;
            }
            for (int length : candidate.getValue()) {
                if (ends.contains(start + length)) {
                    out.append(escape(text.substring(at, start)))
                            .append("<em>")
                            .append(escape(text.substring(start, start + length)))
                            .append("</em>");
                    at = start + length;
                    break;
                }
            }
        }
        if (at == from) {
            return "";
        }
        return out.append(escape(text.substring(at, to))).toString();
    }

    /** Where the clause holding {@code index} starts, the punctuation mark before it included. */
    private static int clauseStart(String text, int index) {
        int limit = Math.max(0, index - MAX_CLAUSE);
        for (int i = index - 1; i >= limit; i--) {
            if (isBoundary(text.charAt(i))) {
                return i;
            }
        }
        return safeStart(text, limit);
    }

    /** Where the clause holding {@code index} ends, the punctuation mark after it included. */
    private static int clauseEnd(String text, int index) {
        int limit = Math.min(text.length(), index + MAX_CLAUSE);
        for (int i = index; i < limit; i++) {
            if (isBoundary(text.charAt(i))) {
                return i + 1;
            }
        }
        return safeEnd(text, limit);
    }

    private static boolean isBoundary(char c) {
        return switch (Character.getType(c)) {
            case Character.OTHER_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> true;
            default -> c == '\n' || c == '\r';
        };
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
