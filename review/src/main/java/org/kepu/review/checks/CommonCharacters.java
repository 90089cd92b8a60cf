package org.kepu.review.checks;

import java.util.BitSet;

/**
 * The 3755 level-1 characters of GB/T 2312, the national standard's frequency-selected set of common
 * Chinese characters, shipped as {@code common-chars.txt}. A Han character outside it counts as rare.
 */
final class CommonCharacters {

    private static final class Holder {
        static final BitSet COMMON = load();
    }

    private CommonCharacters() {}

    private static BitSet load() {
        BitSet set = new BitSet(0x10000);
        for (String line : Resources.lines("common-chars.txt")) {
            line.codePoints().filter(cp -> cp < 0x10000).forEach(set::set);
        }
        if (set.cardinality() < 3000) {
            throw new IllegalStateException("common-chars.txt holds only " + set.cardinality() + " characters");
        }
        return set;
    }

    static boolean isHan(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }

    /** True for a Han character outside the common list; false for anything that is not Han. */
    static boolean isRare(int codePoint) {
        return isHan(codePoint) && (codePoint >= 0x10000 || !Holder.COMMON.get(codePoint));
    }

    static int size() {
        return Holder.COMMON.cardinality();
    }
}
