package org.kepu.review.checks;

/**
 * A known rumour found in a sentence.
 *
 * @param start offset of the matching part in the sentence
 * @param end offset, exclusive
 * @param score similarity in [0, 1]
 */
public record ClaimMatch(KnownRumour rumour, int start, int end, double score) {}
