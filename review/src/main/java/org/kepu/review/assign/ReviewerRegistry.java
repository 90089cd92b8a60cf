package org.kepu.review.assign;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.work.JsonObjects;

/**
 * Reviewers as objects ({@code reviewers/{id}.json}). An admin and the reviewer's own token may both
 * update an entry, so writes are compare-and-set and neither loses the other's fields. Blocking.
 */
public final class ReviewerRegistry {

    public static final String PREFIX = "reviewers/";

    private final ObjectStore store;
    private final JsonObjects objects;
    private final Clock clock;

    public ReviewerRegistry(ObjectStore store, Clock clock) {
        this.store = store;
        this.objects = new JsonObjects(store);
        this.clock = clock;
    }

    public Optional<Reviewer> find(String id) {
        return objects.read(key(id), Reviewer.class);
    }

    public List<Reviewer> all() {
        return store.list(PREFIX).stream()
                .map(ObjectInfo::key)
                .filter(k -> k.endsWith(".json"))
                .map(k -> objects.read(k, Reviewer.class))
                .flatMap(Optional::stream)
                .toList();
    }

    /** Sets disciplines and conflicts, as an admin declares them. */
    public Reviewer put(String id, List<String> disciplines, List<String> conflicts) {
        return change(id, old -> new Reviewer(id, disciplines, conflicts, clock.instant()));
    }

    /** Takes the disciplines from the reviewer's token, keeping the declared conflicts. */
    public Reviewer register(String id, List<String> disciplines) {
        return change(
                id,
                old -> old.disciplines().equals(disciplines)
                        ? old
                        : new Reviewer(id, disciplines, old.conflicts(), clock.instant()));
    }

    private Reviewer change(String id, UnaryOperator<Reviewer> update) {
        return objects.change(
                        key(id),
                        Reviewer.class,
                        old -> update.apply(old.orElse(new Reviewer(id, List.of(), List.of(), null))))
                .after();
    }

    private static String key(String id) {
        return PREFIX + id + ".json";
    }
}
