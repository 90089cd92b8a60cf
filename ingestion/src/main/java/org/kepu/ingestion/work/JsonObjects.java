package org.kepu.ingestion.work;

import java.util.Optional;
import java.util.function.Function;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.Blob;
import org.kepu.ingestion.store.PreconditionFailedException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON objects in the object store (manifests, reviewers, channels, findings, audit events), read and
 * written one way everywhere, and the one way to change such an object safely when several requests or
 * instances may write it: read, change, write back by compare-and-set, and on a lost race read again.
 * Blocking.
 */
public final class JsonObjects {

    /** Unknown fields are skipped, so that objects written by a newer version still read. Thread-safe. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static final int MAX_ATTEMPTS = 16;
    private static final String JSON = "application/json";

    private final ObjectStore store;

    public JsonObjects(ObjectStore store) {
        this.store = store;
    }

    public <T> Optional<T> read(String key, Class<T> type) {
        return store.read(key).map(blob -> MAPPER.readValue(blob.content(), type));
    }

    /** What a change found and left: {@code before} is empty when the object did not exist. */
    public record Changed<T>(Optional<T> before, T after) {
        public boolean created() {
            return before.isEmpty();
        }
    }

    /**
     * Applies {@code change} to the object at {@code key} (empty when there is none yet) and writes the
     * result by compare-and-set, retrying when another writer got there first. A result equal to the
     * object as it was is not written again. {@code change} must be a pure function of what it is given;
     * it may throw to refuse. Throws {@link ConcurrentChangeException} when the races keep being lost.
     */
    public <T> Changed<T> change(String key, Class<T> type, Function<Optional<T>, T> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Blob> blob = store.read(key);
            Optional<T> before = blob.map(b -> MAPPER.readValue(b.content(), type));
            T after = change.apply(before);
            if (before.isPresent() && before.get().equals(after)) {
                return new Changed<>(before, after);
            }
            byte[] bytes = MAPPER.writeValueAsBytes(after);
            try {
                if (blob.isPresent()) {
                    store.putIfMatch(key, bytes, JSON, blob.get().etag());
                } else {
                    store.putIfAbsent(key, bytes, JSON);
                }
                return new Changed<>(before, after);
            } catch (PreconditionFailedException lost) {
                backOff(attempt);
            }
        }
        throw new ConcurrentChangeException(key);
    }

    /** A short, growing, jittered pause, so that racing writers stop meeting at the same moment. */
    static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(50, 1L << attempt) + (long) (Math.random() * 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcurrentChangeException("interrupted");
        }
    }
}
