package org.kepu.search.index;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.work.JsonObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the index refused even when sent alone, with the index's reason, kept in the object store so that
 * every instance and the admins see them ({@code index/parked/{id}}). A parked work is tried again when a
 * new revision of it reaches the outbox and on a rebuild; a successful write releases it. Blocking.
 */
public final class ParkedWorks {

    static final String PREFIX = "index/parked/";
    /** Index errors can quote the offending value; the reason keeps its start. */
    static final int MAX_REASON = 500;

    /**
     * Pauses before each time a refused work is sent again alone: at once (a bulk request refused whole
     * for its size goes through document by document), then once more after a pause.
     */
    static final long[] RETRY_DELAYS_MS = {0, 500};

    /** A refused work: the revision that was refused, why, and since when it has been parked. */
    public record Parked(String workId, long revision, String reason, Instant since) {}

    private static final Logger log = LoggerFactory.getLogger(ParkedWorks.class);

    private final ObjectStore store;
    private final Clock clock;

    public ParkedWorks(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ParkedWorks(ObjectStore store) {
        this(store, Clock.systemUTC());
    }

    /**
     * Sends a refused work again alone, after a pause, and parks it if the index still refuses it; a work
     * written at last is released if it was parked. Returns the final outcome. An unavailable index
     * ({@link SearchUnavailableException}) is not a refusal and is thrown.
     */
    public WriteOutcome settle(
            Function<IndexedWork, WriteOutcome> writeAlone,
            IndexedWork doc,
            WriteOutcome first,
            Set<String> wasParked) {
        WriteOutcome outcome = first;
        for (int attempt = 0; outcome.refused() && attempt < RETRY_DELAYS_MS.length; attempt++) {
            pause(RETRY_DELAYS_MS[attempt]);
            outcome = writeAlone.apply(doc);
        }
        if (outcome.refused()) {
            park(doc.id(), doc.revision(), outcome.reason());
        } else if (wasParked.contains(doc.id())) {
            release(doc.id());
        }
        return outcome;
    }

    private static void pause(long millis) {
        if (millis == 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to retry a refused work");
        }
    }

    public void park(String workId, long revision, String reason) {
        log.warn("the search index refused work {} at revision {}; parked: {}", workId, revision, reason);
        String cut = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
        // the same revision refused again keeps the time it was first parked
        Instant since = find(workId)
                .filter(p -> p.revision() == revision)
                .map(Parked::since)
                .orElse(clock.instant());
        byte[] json = JsonObjects.MAPPER.writeValueAsBytes(new Parked(workId, revision, cut, since));
        store.put(key(workId), new ByteArrayInputStream(json), json.length, "application/json");
    }

    public Optional<Parked> find(String workId) {
        return store.read(key(workId)).map(blob -> JsonObjects.MAPPER.readValue(blob.content(), Parked.class));
    }

    /** Every parked work, longest parked first. */
    public List<Parked> list() {
        return list(Integer.MAX_VALUE);
    }

    /** At most {@code max} parked works (by id), longest parked first. */
    public List<Parked> list(int max) {
        return ids().stream()
                .sorted()
                .limit(max)
                .map(this::find)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(Parked::since).thenComparing(Parked::workId))
                .toList();
    }

    /** The ids of the parked works: one listing, no reads. */
    public Set<String> ids() {
        return store.list(PREFIX).stream()
                .map(info -> info.key().substring(PREFIX.length()))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Forgets a parked work, e.g. once a later write of it was applied. */
    public void release(String workId) {
        store.delete(key(workId));
    }

    private static String key(String workId) {
        return PREFIX + workId;
    }
}
