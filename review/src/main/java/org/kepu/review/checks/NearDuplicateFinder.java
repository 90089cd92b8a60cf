package org.kepu.review.checks;

import java.util.List;

/** Port: finds published or submitted works whose text overlaps the given text; implemented by search. */
public interface NearDuplicateFinder {

    /**
     * @param excludeWorkId the work being screened, so it does not match itself; may be null
     * @return matches, any order
     */
    List<DuplicateMatch> find(String text, String excludeWorkId);
}
