package org.kepu.ingestion.work;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.Blob;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.store.PreconditionFailedException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works as manifests in the object store. The manifest is replaced only by compare-and-set; every
 * change first leaves an outbox marker ({@code outbox/{id}/{revision}}) so that the index can never miss
 * a revision, even when the process dies between the two writes.
 */
public final class WorkRepository {

    public static final String WORKS = "works/";
    public static final String OUTBOX = "outbox/";

    private final ObjectStore store;
    private final Clock clock;
    private final JsonMapper json = JsonObjects.MAPPER;

    public WorkRepository(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static String manifestKey(String id) {
        return WORKS + id + "/manifest.json";
    }

    /** Originals are keyed by upload, so concurrent uploads to one work can never overwrite each other. */
    public static String originalKey(String id, String uploadId) {
        return WORKS + id + "/uploads/" + uploadId;
    }

    public static String versionKey(String id, int number, String name) {
        return WORKS + id + "/v" + number + "/" + name;
    }

    public ObjectStore store() {
        return store;
    }

    /** Creates the work at revision 1; fails if a work with this id exists. */
    public Work create(Work initial) {
        Work stamped = initial.stamped(1, clock.instant());
        markDirty(stamped);
        try {
            store.putIfAbsent(manifestKey(stamped.id()), write(stamped), "application/json");
            return stamped;
        } catch (PreconditionFailedException e) {
            throw new ConcurrentChangeException("work " + stamped.id());
        }
    }

    public Optional<Work> find(String id) {
        return store.read(manifestKey(id)).map(blob -> read(blob.content()));
    }

    /**
     * Applies the change by compare-and-set, reading and retrying when another writer got there first.
     * The change must be a pure function of the work it is given; it may throw to refuse the change.
     */
    public Work update(String id, UnaryOperator<Work> change) {
        for (int attempt = 0; attempt < JsonObjects.MAX_ATTEMPTS; attempt++) {
            Blob blob = store.read(manifestKey(id)).orElseThrow(() -> new WorkNotFoundException(id));
            Work current = read(blob.content());
            Work changed = change.apply(current);
            if (changed.equals(current)) {
                return current;
            }
            Work next = changed.stamped(current.revision() + 1, clock.instant());
            markDirty(next);
            try {
                store.putIfMatch(manifestKey(id), write(next), "application/json", blob.etag());
                return next;
            } catch (PreconditionFailedException lost) {
                JsonObjects.backOff(attempt);
            }
        }
        throw new ConcurrentChangeException("work " + id);
    }

    /** The ids of all works, in key order. */
    public List<String> ids() {
        return store.list(WORKS).stream()
                .map(ObjectInfo::key)
                .filter(key -> key.endsWith("/manifest.json"))
                .map(key -> key.substring(WORKS.length(), key.length() - "/manifest.json".length()))
                .toList();
    }

    /** Outbox markers not yet drained: the works whose index entry may be behind. */
    public List<OutboxMarker> outbox() {
        return store.list(OUTBOX).stream()
                .map(info -> OutboxMarker.parse(info.key().substring(OUTBOX.length())))
                .flatMap(Optional::stream)
                .toList();
    }

    /** Removes the markers of revisions up to the one that was indexed; later ones stay. */
    public void drained(String id, long indexedRevision) {
        for (ObjectInfo info : store.list(OUTBOX + id + "/")) {
            OutboxMarker.parse(info.key().substring(OUTBOX.length()))
                    .filter(marker -> marker.revision() <= indexedRevision)
                    .ifPresent(marker -> store.delete(info.key()));
        }
    }

    /** Reads a small UTF-8 text object written beside a version (extracted text). */
    public Optional<String> readText(String key) {
        return store.read(key).map(blob -> new String(blob.content(), StandardCharsets.UTF_8));
    }

    private void markDirty(Work work) {
        store.put(
                OUTBOX + work.id() + "/" + work.revision(),
                java.io.InputStream.nullInputStream(),
                0,
                "application/octet-stream");
    }

    private byte[] write(Work work) {
        return json.writeValueAsBytes(work);
    }

    private Work read(byte[] content) {
        return json.readValue(content, Work.class);
    }

    /** An outbox marker: the work and the revision whose change it announces. */
    public record OutboxMarker(String workId, long revision) {
        static Optional<OutboxMarker> parse(String rest) {
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(
                        new OutboxMarker(rest.substring(0, slash), Long.parseLong(rest.substring(slash + 1))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
