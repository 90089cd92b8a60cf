package org.kepu.review.assign;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.Blob;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.kepu.ingestion.work.ConcurrentChangeException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reviewers as objects ({@code reviewers/{id}.json}). An admin and the reviewer's own token may both
 * update an entry, so writes are compare-and-set and neither loses the other's fields. Blocking.
 */
public final class ReviewerRegistry {

    public static final String PREFIX = "reviewers/";
    private static final int MAX_ATTEMPTS = 16;

    private final ObjectStore store;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ReviewerRegistry(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<Reviewer> find(String id) {
        return store.read(key(id)).map(blob -> json.readValue(blob.content(), Reviewer.class));
    }

    public List<Reviewer> all() {
        return store.list(PREFIX).stream()
                .map(ObjectInfo::key)
                .filter(k -> k.endsWith(".json"))
                .map(k -> store.read(k))
                .flatMap(Optional::stream)
                .map(blob -> json.readValue(blob.content(), Reviewer.class))
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
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Blob> blob = store.read(key(id));
            Reviewer old = blob.map(b -> json.readValue(b.content(), Reviewer.class))
                    .orElse(new Reviewer(id, List.of(), List.of(), null));
            Reviewer next = update.apply(old);
            if (blob.isPresent() && next.equals(old)) {
                return old;
            }
            byte[] bytes = json.writeValueAsBytes(next);
            try {
                if (blob.isPresent()) {
                    store.putIfMatch(
                            key(id), bytes, "application/json", blob.get().etag());
                } else {
                    store.putIfAbsent(key(id), bytes, "application/json");
                }
                return next;
            } catch (PreconditionFailedException lost) {
                Thread.onSpinWait();
            }
        }
        throw new ConcurrentChangeException("reviewer " + id);
    }

    private static String key(String id) {
        return PREFIX + id + ".json";
    }
}
