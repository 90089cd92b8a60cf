package org.kepu.review.checks;

/**
 * Another work that overlaps the screened text.
 *
 * @param overlap share of the screened text found in the other work, in [0, 1]
 */
public record DuplicateMatch(String workId, String title, double overlap) {

    public DuplicateMatch {
        if (overlap < 0 || overlap > 1 || Double.isNaN(overlap)) {
            throw new IllegalArgumentException("overlap must be within [0, 1]: " + overlap);
        }
    }
}
