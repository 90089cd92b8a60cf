package org.kepu.search.analysis;

import java.io.IOException;
import java.io.Reader;
import org.apache.lucene.analysis.CharFilter;

/** Replaces each char through a one-to-one table; lengths never change, so offsets need no correction. */
final class FoldingCharFilter extends CharFilter {

    private final char[] table;

    FoldingCharFilter(Reader input, char[] table) {
        super(input);
        this.table = table;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int read = input.read(buffer, offset, length);
        for (int i = offset; i < offset + read; i++) {
            buffer[i] = table[buffer[i]];
        }
        return read;
    }

    @Override
    protected int correct(int currentOff) {
        return currentOff;
    }
}
