package org.kepu.search.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Overlapping character bigrams of the Han runs of a text, folded like {@link KepuAnalyzer} folds (full
 * width, traditional, case), so that documents and queries meet in one form. They back the word field
 * where segmentation disagrees: smartcn may cut 光合作用 one way in a question and another in a passage,
 * but both still share 光合, 合作 and 作用. A run of one Han character yields that character alone; any
 * other character (letters, digits, punctuation, space) ends a run, since the word field covers those.
 */
public final class CjkBigrams {

    private CjkBigrams() {}

    public static List<String> of(String text) {
        List<String> grams = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return grams;
        }
        char[] table = CharFolding.normalizing();
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            folded.append(table[text.charAt(i)]);
        }
        List<String> run = new ArrayList<>();
        folded.codePoints().forEach(cp -> {
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                run.add(new String(Character.toChars(cp)));
            } else {
                flush(run, grams);
            }
        });
        flush(run, grams);
        return grams;
    }

    /** Joined with single spaces: the pre-analysed form both adapters index with a whitespace analyzer. */
    public static String joined(String... texts) {
        StringBuilder out = new StringBuilder();
        for (String text : texts) {
            for (String gram : of(text)) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(gram);
            }
        }
        return out.toString();
    }

    private static void flush(List<String> run, List<String> grams) {
        if (run.size() == 1) {
            grams.add(run.get(0));
        }
        for (int i = 0; i + 1 < run.size(); i++) {
            grams.add(run.get(i) + run.get(i + 1));
        }
        run.clear();
    }
}
