package org.kepu.search.query;

import java.time.Instant;
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

    public Filters {
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
