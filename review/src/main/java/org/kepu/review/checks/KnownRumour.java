package org.kepu.review.checks;

import java.util.Objects;

/**
 * A debunked claim as it circulates, with the debunking and who published it.
 *
 * @param id short slug; findings use the rule id {@code rumour.<id>}
 * @param claim the rumour in its usual wording
 * @param debunk what is actually true, in a sentence or two
 * @param source the authority or debunking platform
 */
public record KnownRumour(String id, String claim, String debunk, String source) {

    public KnownRumour {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("rumour ids are lower-case slugs: " + id);
        }
        if (claim == null || claim.isBlank()) {
            throw new IllegalArgumentException("rumour " + id + " has no claim");
        }
        if (debunk == null || debunk.isBlank()) {
            throw new IllegalArgumentException("rumour " + id + " has no debunking");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("rumour " + id + " has no source");
        }
    }

    public String rule() {
        return "rumour." + id;
    }
}
