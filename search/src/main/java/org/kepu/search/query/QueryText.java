package org.kepu.search.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The user syntax: words separated by whitespace, {@code "quoted phrases"}, and {@code -} before a word
 * or phrase to exclude it. Anything else is text; an unbalanced quote runs to the end.
 */
public final class QueryText {

    private QueryText() {}

    /** One word or phrase of the query. */
    public record Part(String text, boolean phrase, boolean excluded) {}

    public static List<Part> parse(String query) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c) || c == '\u3000') {
                i++;
                continue;
            }
            boolean excluded = false;
            if ((c == '-' || c == '\uFF0D') && i + 1 < n && !Character.isWhitespace(query.charAt(i + 1))) {
                excluded = true;
                i++;
                c = query.charAt(i);
            }
            if (isQuote(c)) {
                int end = i + 1;
                while (end < n && !isQuote(query.charAt(end))) {
                    end++;
                }
                addIfText(parts, query.substring(i + 1, end), true, excluded);
                i = end + 1;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(query.charAt(end)) && query.charAt(end) != '\u3000') {
                    end++;
                }
                addIfText(parts, query.substring(i, end), false, excluded);
                i = end;
            }
        }
        return parts;
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\u201C' || c == '\u201D' || c == '\uFF02';
    }

    private static void addIfText(List<Part> parts, String text, boolean phrase, boolean excluded) {
        if (!text.isBlank()) {
            parts.add(new Part(text.strip(), phrase, excluded));
        }
    }
}
