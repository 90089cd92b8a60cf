package org.kepu.review.checks;

/**
 * Where a claim sits in a sentence (local offsets), whether negation is scoped over it, whether only
 * the name of a practice was found rather than a claim about it, and how specific the match was (the
 * length of the subject or phrasing that matched), used to pick one family when several claim the same
 * words. An {@code inferred} claim was found from the family's subject and the direction of the result
 * that follows it rather than from the family's own effect words; it blocks only when {@code strong}
 * (a specific subject and the family's own direction).
 */
record ClaimSpan(
        int start, int end, boolean negated, boolean nameOnly, int specificity, boolean inferred, boolean strong) {

    ClaimSpan(int start, int end, boolean negated, boolean nameOnly, int specificity) {
        this(start, end, negated, nameOnly, specificity, false, true);
    }

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
