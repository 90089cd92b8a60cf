package org.kepu.search.analysis;

/**
 * The character-level part of kepu's analysis as a plain string function: width folding, traditional
 * to simplified, lowercase. The result has the same length as the input, char for char, so a position
 * found in the normalised text is the same position in the original.
 */
public final class TextNormalizer {

    private TextNormalizer() {}

    public static String normalize(CharSequence text) {
        char[] table = CharFolding.normalizing();
        char[] out = new char[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = table[text.charAt(i)];
        }
        return new String(out);
    }
}
