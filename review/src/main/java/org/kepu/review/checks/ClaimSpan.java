package org.kepu.review.checks;

/**
 * Where a claim sits in a sentence (local offsets), whether negation is scoped over it, and whether only
 * the name of a practice was found rather than a claim about it.
 */
record ClaimSpan(int start, int end, boolean negated, boolean nameOnly) {

    ClaimSpan(int start, int end, boolean negated) {
        this(start, end, negated, false);
    }
}
