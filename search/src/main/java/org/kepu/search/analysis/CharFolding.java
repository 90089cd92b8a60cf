package org.kepu.search.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One-to-one character tables. Keeping every mapping one char to one char means offsets need no
 * correction, so highlights of the normalised text land on the same characters of the original.
 */
final class CharFolding {

    /** Full-width ASCII and the ideographic space fold to their half-width forms. */
    static final char[] WIDTH = widthTable();

    private static volatile char[] traditional;

    private CharFolding() {}

    /** Traditional characters to simplified ones; loaded on first use from the shipped table. */
    static char[] traditionalToSimplified() {
        char[] table = traditional;
        if (table == null) {
            synchronized (CharFolding.class) {
                table = traditional;
                if (table == null) {
                    table = loadTraditional("traditional-simplified.tsv");
                    traditional = table;
                }
            }
        }
        return table;
    }

    private static volatile char[] all;

    /** Width folding, then traditional to simplified, then lowercase: the whole character step in one table. */
    static char[] normalizing() {
        char[] table = all;
        if (table == null) {
            char[] traditional = traditionalToSimplified();
            table = new char[Character.MAX_VALUE + 1];
            for (int c = 0; c <= Character.MAX_VALUE; c++) {
                table[c] = Character.toLowerCase(traditional[WIDTH[c]]);
            }
            all = table;
        }
        return table;
    }

    private static volatile char[] segmenting;

    /**
     * The table the analyzer reads through: {@link #normalizing()} except that full-width punctuation
     * stays as it is. smartcn turns every punctuation mark into the same delimiter token either way, so the
     * tokens are the same, but it segments Chinese text with half-width punctuation about 1.5 times slower
     * (measured on CMRC 2018 passages).
     */
    static char[] segmenting() {
        char[] table = segmenting;
        if (table == null) {
            table = normalizing().clone();
            for (char c = '\uFF01'; c <= '\uFF5E'; c++) {
                if (!Character.isLetterOrDigit(c)) {
                    table[c] = c;
                }
            }
            segmenting = table;
        }
        return table;
    }

    static char fold(char c) {
        return normalizing()[c];
    }

    private static char[] identity() {
        char[] table = new char[Character.MAX_VALUE + 1];
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            table[c] = (char) c;
        }
        return table;
    }

    private static char[] widthTable() {
        char[] table = identity();
        for (char c = '\uFF01'; c <= '\uFF5E'; c++) {
            table[c] = (char) (c - 0xFEE0);
        }
        table['\u3000'] = ' ';
        return table;
    }

    private static char[] loadTraditional(String resource) {
        char[] table = identity();
        try (InputStream in = CharFolding.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing analysis resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] pair = line.split("\t");
                if (pair.length != 2 || pair[0].length() != 1 || pair[1].length() != 1) {
                    throw new IllegalStateException(resource + " line " + number + " is not 'char<TAB>char'");
                }
                table[pair[0].charAt(0)] = pair[1].charAt(0);
            }
            return table;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read analysis resource " + resource, e);
        }
    }
}
