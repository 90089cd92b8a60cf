package org.kepu.review.checks;

/** A sentence of the screened text; {@code start}/{@code end} are offsets into the whole text. */
record Sentence(int index, int start, int end, String text) {

    int length() {
        return end - start;
    }

    /** Offset in the whole text of a local offset in this sentence. */
    int global(int local) {
        return start + local;
    }
}
