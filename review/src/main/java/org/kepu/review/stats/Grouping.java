package org.kepu.review.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How statistics can be split; a work with several topics, audiences or channels counts in each of them. */
public enum Grouping {
    MONTH,
    TOPIC,
    KIND,
    AUDIENCE,
    CHANNEL,
    CREATOR,
    REVIEWER;

    /** The grouping named {@code name} in any case, e.g. {@code month}. */
    public static Optional<Grouping> named(String name) {
        return Arrays.stream(values())
                .filter(g -> g.name().equalsIgnoreCase(name.strip()))
                .findFirst();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
