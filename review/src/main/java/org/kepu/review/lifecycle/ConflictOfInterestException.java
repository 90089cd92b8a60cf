package org.kepu.review.lifecycle;

import java.util.Map;

/**
 * An assigned reviewer has since declared a conflict of interest with the work's creator, so their
 * decision is refused; the caller moves the work to another reviewer.
 */
public class ConflictOfInterestException extends ReviewException {

    public ConflictOfInterestException() {
        super(
                Kind.FORBIDDEN,
                "You declared a conflict of interest with the creator of this work, so you cannot decide on it;"
                        + " it goes to another reviewer.",
                Map.of());
    }
}
