package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Character bigrams over normalised text: letters and digits only, full width folded, lower case. */
final class Bigrams {

    /** Normalised characters and, for each, its offset in the original text. */
    record Normalised(String chars, int[] offsets) {

        List<String> bigrams() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i + 1 < chars.length(); i++) {
                out.add(chars.substring(i, i + 2));
            }
            return out;
        }

        Set<String> bigramSet() {
            return new LinkedHashSet<>(bigrams());
        }
    }

    private Bigrams() {}

    static Normalised normalise(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int[] offsets = new int[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '！' && c <= '～') {
                c = (char) (c - 0xFEE0);
            }
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
                offsets[n++] = i;
            }
        }
        int[] trimmed = new int[n];
        System.arraycopy(offsets, 0, trimmed, 0, n);
        return new Normalised(sb.toString(), trimmed);
    }
}
