package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Chinese (and mixed Latin) text into sentences.
 *
 * <p>A sentence ends at 。！？；!?; … or a line break, together with the closing quotes and brackets that
 * follow it. Terminators inside quotes do not end a sentence unless the quote closes right after them
 * (他说：“别信。”), so a quoted claim stays with the verdict around it. A line break resets the quote
 * state, which keeps one unbalanced quote from swallowing the rest of a document.
 */
final class Sentences {

    private static final String TERMINATORS = "。！？；!?;…";
    private static final String OPENING = "“「『《（(【‘";
    private static final String CLOSING = "”」』》）)】’";
    private static final int MAX_QUOTE_SPAN = 300;

    private Sentences() {}

    static List<Sentence> split(String text) {
        List<Sentence> out = new ArrayList<>();
        int sentenceStart = 0;
        int depth = 0;
        int quoteOpenedAt = -1;
        boolean asciiQuoteOpen = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                add(out, text, sentenceStart, i);
                depth = 0;
                asciiQuoteOpen = false;
                sentenceStart = i + 1;
                i++;
                continue;
            }
            if (c == '"' || c == '＂') {
                asciiQuoteOpen = !asciiQuoteOpen;
            } else if (OPENING.indexOf(c) >= 0) {
                if (depth == 0) {
                    quoteOpenedAt = i;
                }
                depth++;
            } else if (CLOSING.indexOf(c) >= 0 && depth > 0) {
                depth--;
            }
            if (depth > 0 && i - quoteOpenedAt > MAX_QUOTE_SPAN) {
                depth = 0;
            }
            boolean quoted = depth > 0 || asciiQuoteOpen;
            if (TERMINATORS.indexOf(c) >= 0) {
                int end = i + 1;
                while (end < n && TERMINATORS.indexOf(text.charAt(end)) >= 0) {
                    end++;
                }
                if (quoted) {
                    // Only a quote that closes right after the terminator ends the sentence.
                    int close = end;
                    int d = depth;
                    boolean ascii = asciiQuoteOpen;
                    while (close < n && (d > 0 || ascii)) {
                        char q = text.charAt(close);
                        if (CLOSING.indexOf(q) >= 0 && d > 0) {
                            d--;
                        } else if ((q == '"' || q == '＂') && ascii) {
                            ascii = false;
                        } else {
                            break;
                        }
                        close++;
                    }
                    if (d == 0 && !ascii) {
                        add(out, text, sentenceStart, close);
                        sentenceStart = close;
                        depth = 0;
                        asciiQuoteOpen = false;
                        i = close;
                        continue;
                    }
                    i = end;
                    continue;
                }
                while (end < n && CLOSING.indexOf(text.charAt(end)) >= 0) {
                    end++;
                }
                add(out, text, sentenceStart, end);
                sentenceStart = end;
                i = end;
                continue;
            }
            i++;
        }
        add(out, text, sentenceStart, n);
        return out;
    }

    private static void add(List<Sentence> out, String text, int from, int to) {
        int s = from;
        int e = to;
        while (s < e && Character.isWhitespace(text.charAt(s))) {
            s++;
        }
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        if (e > s) {
            out.add(new Sentence(out.size(), s, e, text.substring(s, e)));
        }
    }
}
