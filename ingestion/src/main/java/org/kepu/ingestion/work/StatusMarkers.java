package org.kepu.ingestion.work;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * An empty object {@code states/{STATUS}/{id}} for each work in a status that has work to do, so that the
 * works in review or scheduled are listed without reading every manifest. The manifest stays the truth:
 * a marker only says "look here", and readers keep the works really in the status.
 *
 * <p>The marker of a new status is written before the manifest's compare-and-set, so a crash can leave a
 * marker too many, never one too few. Markers too many are deleted by readers once older than
 * {@link #STALE_AFTER}, long after any writer that was between its marker and its compare-and-set. Whoever
 * deletes a marker reads the manifest again afterwards and puts it back if the work is (again) in that
 * status, and a writer checks its marker after its compare-and-set: between them, a delete racing a
 * writer that moves the work back into the status cannot leave the work unmarked.
 */
final class StatusMarkers {

    private static final Logger log = LoggerFactory.getLogger(StatusMarkers.class);

    static final String STATES = "states/";
    /** Written once every manifest of a store that predates the markers has its marker. */
    static final String BACKFILLED = STATES + ".complete";
    /** The statuses that have markers: the ones something periodically works on. */
    static final Set<WorkStatus> TRACKED =
            EnumSet.of(WorkStatus.PROCESSING, WorkStatus.IN_REVIEW, WorkStatus.SCHEDULED);
    /** Far longer than any writer takes between its marker and its compare-and-set, clock skew included. */
    static final Duration STALE_AFTER = Duration.ofMinutes(10);

    private final ObjectStore store;
    private final Clock clock;
    private volatile boolean backfilled;

    StatusMarkers(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static String key(WorkStatus status, String id) {
        return STATES + status.name() + "/" + id;
    }

    /** Before the compare-and-set that moves the work from {@code before} (null when new) to {@code after}. */
    void entering(Work before, Work after) {
        if (TRACKED.contains(after.status()) && (before == null || before.status() != after.status())) {
            put(after.status(), after.id());
        }
    }

    /**
     * After the compare-and-set succeeded: the marker of the status left goes, the new one must be there.
     * The change is made by then, so a store failure here is logged, not thrown: a marker too many is
     * the readers' to clean up.
     */
    void settled(Work before, Work after, Function<String, Optional<Work>> find) {
        if (before.status() == after.status()) {
            return;
        }
        try {
            if (TRACKED.contains(after.status())
                    && store.stat(key(after.status(), after.id())).isEmpty()) {
                put(after.status(), after.id());
            }
            if (TRACKED.contains(before.status())) {
                drop(before.status(), after.id(), find);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "work {}: status markers not settled after {} -> {}",
                    after.id(),
                    before.status(),
                    after.status(),
                    e);
        }
    }

    /**
     * The works in the status, in id order, read from their manifests. Markers whose work is elsewhere are
     * left to their writer while young and deleted once stale.
     */
    List<Work> inStatus(WorkStatus status, Function<String, Optional<Work>> find, Runnable backfill) {
        if (!TRACKED.contains(status)) {
            throw new IllegalArgumentException("works in status " + status + " are not listed by marker");
        }
        if (!backfilled) {
            backfillOnce(backfill);
        }
        String prefix = STATES + status.name() + "/";
        Instant staleBefore = clock.instant().minus(STALE_AFTER);
        List<Work> found = new ArrayList<>();
        for (ObjectInfo marker : store.list(prefix)) {
            String id = marker.key().substring(prefix.length());
            Optional<Work> work;
            try {
                work = find.apply(id);
            } catch (JacksonException unreadable) {
                log.warn("work {}: manifest unreadable; left out of the works in {}", id, status, unreadable);
                continue;
            }
            if (work.isPresent() && work.get().status() == status) {
                found.add(work.get());
            } else if (marker.lastModified().isBefore(staleBefore)) {
                drop(status, id, find);
            }
        }
        return found;
    }

    /** For every manifest in a tracked status: its marker; written by {@link WorkRepository#backfill}. */
    void backfilled(Work work) {
        if (TRACKED.contains(work.status())) {
            put(work.status(), work.id());
        }
    }

    private synchronized void backfillOnce(Runnable backfill) {
        if (backfilled) {
            return;
        }
        if (store.stat(BACKFILLED).isEmpty()) {
            backfill.run();
            store.put(BACKFILLED, InputStream.nullInputStream(), 0, "application/octet-stream");
        }
        backfilled = true;
    }

    private void drop(WorkStatus status, String id, Function<String, Optional<Work>> find) {
        store.delete(key(status, id));
        if (find.apply(id).filter(w -> w.status() == status).isPresent()) {
            put(status, id);
        }
    }

    private void put(WorkStatus status, String id) {
        store.put(key(status, id), InputStream.nullInputStream(), 0, "application/octet-stream");
    }
}
