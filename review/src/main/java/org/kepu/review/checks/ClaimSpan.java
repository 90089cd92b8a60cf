package org.kepu.review.checks;

/**
 * Where a claim sits in a sentence (local offsets), whether negation is scoped over it, whether only
 * the name of a practice was found rather than a claim about it, and how specific the match was (the
 * length of the subject or phrasing that matched), used to pick one family when several claim the same
 * words.
 */
record ClaimSpan(int start, int end, boolean negated, boolean nameOnly, int specificity) {

    ClaimSpan(int start, int end, boolean negated) {
        this(start, end, negated, false, end - start);
    }

    ClaimSpan(int start, int end, boolean negated, boolean nameOnly) {
        this(start, end, negated, nameOnly, end - start);
    }

    boolean overlaps(ClaimSpan other) {
        return start < other.end && other.start < end;
    }
}
