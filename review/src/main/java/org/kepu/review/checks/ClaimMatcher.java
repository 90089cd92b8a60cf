package org.kepu.review.checks;

import java.util.List;

/**
 * Port: finds known rumours that a sentence repeats. The default compares character bigrams; the search
 * module may supply one built on its Chinese analysis.
 */
public interface ClaimMatcher {

    /** Matches in {@code sentence}, best first; offsets are local to the sentence. */
    List<ClaimMatch> match(String sentence);
}
