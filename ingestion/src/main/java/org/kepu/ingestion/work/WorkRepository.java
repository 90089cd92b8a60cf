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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works as manifests in the object store. The manifest is replaced only by compare-and-set; every
 * change first leaves an outbox marker ({@code outbox/{id}/{revision}}) so that the index can never miss
 * a revision, even when the process dies between the two writes.
 *
 * <p>The events a change records travel in the manifest it writes ({@link Work#events}). Before a
 * revision replaces them, the {@link Journal} makes sure they are in the audit trail, and the new
 * revision keeps the trail's head as its anchor; right after the write the journal is given the new
 * events too, but a crash then only leaves them for the next writer or reader.
 *
 * <p>Works in a status that has work to do also have a status marker ({@link StatusMarkers}), so that
 * {@link #inStatus} costs what it finds, not what the store holds.
 */
public final class WorkRepository {

    public static final String WORKS = "works/";
    public static final String OUTBOX = "outbox/";
    public static final String STATES = StatusMarkers.STATES;

    private static final Logger log = LoggerFactory.getLogger(WorkRepository.class);

    private final ObjectStore store;
    private final Clock clock;
    private final Journal journal;
    private final JsonMapper json = JsonObjects.MAPPER;
    private final StatusMarkers markers;

    /** A repository whose works keep no audit trail: recorded events go with the revision that made them. */
    public WorkRepository(ObjectStore store, Clock clock) {
        this(store, clock, Journal.NONE);
    }

    public WorkRepository(ObjectStore store, Clock clock, Journal journal) {
        this.store = store;
        this.clock = clock;
        this.journal = journal;
        this.markers = new StatusMarkers(store, clock);
    }

    /**
     * Where the events recorded in manifests end up. Implementations must be idempotent: the same
     * revision may be handed over by several writers and readers, and after a crash again.
     */
    public interface Journal {

        /** Keeps nothing; the anchor stays as it was. */
        Journal NONE = new Journal() {
            @Override
            public ChainHead head(String workId) {
                return null;
            }

            @Override
            public ChainHead flush(Work work) {
                return work.anchor();
            }
        };

        /** The head of the work's trail now. */
        ChainHead head(String workId);

        /**
         * Makes sure the events of this revision of the work are in its trail, after those of every
         * earlier revision, and returns the trail's head right after them.
         */
        ChainHead flush(Work work);
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
        Work stamped = initial.stamped(1, clock.instant(), journal.head(initial.id()));
        markDirty(stamped);
        markers.entering(null, stamped);
        try {
            store.putIfAbsent(manifestKey(stamped.id()), write(stamped), "application/json");
        } catch (PreconditionFailedException e) {
            throw new ConcurrentChangeException("work " + stamped.id());
        }
        flushQuietly(stamped);
        return stamped;
    }

    public Optional<Work> find(String id) {
        return store.read(manifestKey(id)).map(blob -> read(blob.content()));
    }

    /**
     * Applies the change by compare-and-set, reading and retrying when another writer got there first.
     * The change must be a pure function of the work it is given; it may throw to refuse the change.
     * The work it is given records no events yet: what the change records ({@link Work#recording}) is
     * written with it or not at all.
     */
    public Work update(String id, UnaryOperator<Work> change) {
        for (int attempt = 0; attempt < JsonObjects.MAX_ATTEMPTS; attempt++) {
            Blob blob = store.read(manifestKey(id)).orElseThrow(() -> new WorkNotFoundException(id));
            Work current = read(blob.content());
            Work base = current.withEvents(List.of());
            Work changed = change.apply(base);
            if (changed.equals(base)) {
                return current;
            }
            // The events of the revision being replaced go to the trail first, so the trail never
            // misses a revision and its order is the order of revisions.
            ChainHead anchor = journal.flush(current);
            Work next = changed.stamped(current.revision() + 1, clock.instant(), anchor);
            markDirty(next);
            markers.entering(current, next);
            try {
                store.putIfMatch(manifestKey(id), write(next), "application/json", blob.etag());
            } catch (PreconditionFailedException lost) {
                JsonObjects.backOff(attempt);
                continue;
            }
            markers.settled(current, next, this::find);
            flushQuietly(next);
            return next;
        }
        throw new ConcurrentChangeException("work " + id);
    }

    /** The change is committed; its events reach the trail now or, after a failure, with the next change. */
    private void flushQuietly(Work written) {
        if (written.events().isEmpty()) {
            return;
        }
        try {
            journal.flush(written);
        } catch (RuntimeException e) {
            log.warn(
                    "work {}: events of revision {} stay in the manifest until the next change or read",
                    written.id(),
                    written.revision(),
                    e);
        }
    }

    /** Whether works in the status can be listed by {@link #inStatus}. */
    public static boolean listedByStatus(WorkStatus status) {
        return StatusMarkers.TRACKED.contains(status);
    }

    /**
     * The works now in the status, in id order: PROCESSING, IN_REVIEW or SCHEDULED ({@link
     * #listedByStatus}). Reads the manifests of those works only (and of works that left the status
     * moments ago); the first call on a store written before status markers existed marks every work once.
     */
    public List<Work> inStatus(WorkStatus status) {
        return markers.inStatus(status, this::find, this::backfill);
    }

    private void backfill() {
        log.info("marking the works in {} for listing by status; reads every manifest once", StatusMarkers.TRACKED);
        int marked = 0;
        for (String id : ids()) {
            try {
                Optional<Work> work = find(id);
                if (work.isPresent() && listedByStatus(work.get().status())) {
                    markers.backfilled(work.get());
                    marked++;
                }
            } catch (JacksonException unreadable) {
                log.warn("work {}: manifest unreadable; not listed by status", id, unreadable);
            }
        }
        log.info("{} works marked for listing by status", marked);
    }

    /** The ids of all works, in key order: a full listing, for rebuilding and auditing all of them. */
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
