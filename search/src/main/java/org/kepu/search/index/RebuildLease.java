package org.kepu.search.index;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.Blob;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.kepu.ingestion.work.JsonObjects;

/**
 * The right to rebuild the index, one object in the store that all instances share
 * ({@code index/rebuild-lease}): taken by compare-and-set (create if absent, or replace an expired one
 * by its ETag), renewed while the rebuild runs, released at its end. An instance that dies stops
 * renewing, so its lease expires and the next rebuild can start. The object also carries the progress,
 * so that every instance can tell an admin what the running rebuild is doing. Blocking.
 */
public final class RebuildLease {

    static final String KEY = "index/rebuild-lease";
    private static final String JSON = "application/json";

    /** The lease as stored: who holds it until when, and how far its rebuild has come. */
    public record Status(String holder, Instant until, Instant startedAt, int done, int total) {
        public boolean heldAt(Instant now) {
            return until.isAfter(now);
        }
    }

    private final ObjectStore store;
    private final String instance;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param ttl how long a lease lasts without renewal: longer than the pauses of a healthy rebuild
     *     between renewals, as short as a dead instance may block the next rebuild
     */
    public RebuildLease(ObjectStore store, String instance, Duration ttl, Clock clock) {
        this.store = store;
        this.instance = instance;
        this.ttl = ttl;
        this.clock = clock;
    }

    public String instance() {
        return instance;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Takes the lease if nobody holds it, or empty: then {@link #current()} tells who does. */
    public Optional<Held> acquire() {
        Instant now = clock.instant();
        Status mine = new Status(instance, now.plus(ttl), now, 0, 0);
        Optional<Blob> existing = store.read(KEY);
        try {
            if (existing.isEmpty()) {
                return Optional.of(new Held(store.putIfAbsent(KEY, write(mine), JSON), mine));
            }
            if (read(existing.get()).heldAt(now)) {
                return Optional.empty();
            }
            // expired: its holder stopped renewing, so it died or gave up
            return Optional.of(new Held(
                    store.putIfMatch(KEY, write(mine), JSON, existing.get().etag()), mine));
        } catch (PreconditionFailedException lost) {
            return Optional.empty(); // another instance took it first
        }
    }

    /** The lease as stored, held or expired. */
    public Optional<Status> current() {
        return store.read(KEY).map(RebuildLease::read);
    }

    /** A lease this instance took. Thread-safe. */
    public final class Held implements AutoCloseable {
        private String etag;
        private Status status;
        private boolean lost;

        private Held(ObjectInfo written, Status status) {
            this.etag = written.etag();
            this.status = status;
        }

        public synchronized Status status() {
            return status;
        }

        /**
         * Extends the lease by its time to live from now and records the progress. False once it was
         * lost: this instance paused longer than the lease lasts and another took it over.
         */
        public synchronized boolean renew(int done, int total) {
            if (lost) {
                return false;
            }
            Status next = new Status(instance, clock.instant().plus(ttl), status.startedAt(), done, total);
            try {
                etag = store.putIfMatch(KEY, write(next), JSON, etag).etag();
                status = next;
                return true;
            } catch (PreconditionFailedException e) {
                lost = true;
                return false;
            }
        }

        /** Gives the lease up, unless it was lost to another instance meanwhile. */
        @Override
        public synchronized void close() {
            if (lost) {
                return;
            }
            lost = true;
            // the store has no conditional delete: check first; an instance taking over in between would
            // need the lease to have expired, which a holder that is still renewing prevents
            if (store.read(KEY).filter(blob -> blob.etag().equals(etag)).isPresent()) {
                store.delete(KEY);
            }
        }
    }

    private static byte[] write(Status status) {
        return JsonObjects.MAPPER.writeValueAsBytes(status);
    }

    private static Status read(Blob blob) {
        return JsonObjects.MAPPER.readValue(blob.content(), Status.class);
    }
}
