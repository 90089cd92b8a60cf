package org.kepu.search.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Facet-style filters from the search form. Within a field the values are alternatives; across fields
 * all must hold. The date range applies to {@code updatedAt}, from inclusive, to exclusive.
 */
public record Filters(
        Set<String> topics,
        Set<String> audiences,
        Set<String> kinds,
        Set<String> statuses,
        Optional<Instant> updatedFrom,
        Optional<Instant> updatedTo) {

    public static final Filters NONE =
            new Filters(Set.of(), Set.of(), Set.of(), Set.of(), Optional.empty(), Optional.empty());

    /** The dates a range may name: the index keeps epoch milliseconds, and no work predates year 1. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    public Filters {
        for (Optional<Instant> date : List.of(updatedFrom, updatedTo)) {
            if (date.isPresent() && (date.get().isBefore(EARLIEST) || date.get().isAfter(LATEST))) {
                throw new IllegalArgumentException("dates must lie between the years 1 and 9999: " + date.get());
            }
        }
        if (updatedFrom.isPresent()
                && updatedTo.isPresent()
                && updatedFrom.get().isAfter(updatedTo.get())) {
            throw new IllegalArgumentException("'from' must not be after 'to'");
        }
        topics = Set.copyOf(topics);
        audiences = Set.copyOf(audiences);
        kinds = Set.copyOf(kinds);
        statuses = Set.copyOf(statuses);
    }

    public Filters withTopics(String... values) {
        return new Filters(Set.of(values), audiences, kinds, statuses, updatedFrom, updatedTo);
    }

    public Filters withAudiences(String... values) {
        return new Filters(topics, Set.of(values), kinds, statuses, updatedFrom, updatedTo);
    }

    public Filters withKinds(String... values) {
        return new Filters(topics, audiences, Set.of(values), statuses, updatedFrom, updatedTo);
    }

    public Filters withStatuses(String... values) {
        return new Filters(topics, audiences, kinds, Set.of(values), updatedFrom, updatedTo);
    }

    public Filters updatedBetween(Optional<Instant> from, Optional<Instant> to) {
        return new Filters(topics, audiences, kinds, statuses, from, to);
    }
}
