package org.kepu.review.checks;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Compiles rule-pack terms: {@code *} is a short gap within a clause, {@code (a|b)} are alternatives,
 * {@code ?} makes the preceding character or group optional; everything else is literal.
 */
final class Terms {

    /**
     * A gap stays inside one clause and never swallows a negator, so 胶原蛋白*补到 does not match
     * 胶原蛋白并不会补到.
     */
    static final String GAP = "(?:(?![不没未非别无难])[^，。！？；,.!?;：:\\s]){0,8}";

    private Terms() {}

    static Pattern compile(List<String> terms) {
        if (terms.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String term : terms) {
            if (term.isBlank()) {
                throw new IllegalArgumentException("blank term in " + terms);
            }
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append("(?:").append(toRegex(term)).append(')');
        }
        return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE);
    }

    private static String toRegex(String term) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            switch (c) {
                case '*' -> sb.append(GAP);
                case '(' -> sb.append("(?:");
                case ')', '|', '?' -> sb.append(c);
                default -> {
                    if ("\\.[]{}+^$".indexOf(c) >= 0) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
