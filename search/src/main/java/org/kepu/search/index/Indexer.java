package org.kepu.search.index;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kepu.ingestion.store.ObjectStoreException;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkRepository.OutboxMarker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox into the search index: for every work with markers it reads the current manifest,
 * indexes it with its revision as the external version, makes the write durable, and only then deletes
 * the markers up to that revision. A crash anywhere leaves markers behind, so nothing is lost; a replay
 * is refused or rewritten by the version check, so nothing goes backwards. When the index is down the
 * background loop backs off exponentially and catches up when it returns. A work the index refuses (a
 * mapping error, a document too large) is sent again alone, twice, with a pause; if still refused it is
 * parked with the index's reason ({@link ParkedWorks}) and its markers drained, so one bad work never
 * holds up the rest. A new revision of it, or a rebuild, tries it again.
 */
public final class Indexer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Indexer.class);
    static final int BATCH = 200;

    private final WorkRepository repository;
    private final WorkDocuments documents;
    private final SearchIndex index;
    private final ParkedWorks parked;
    private final Duration idle;
    private final Duration maxBackoff;
    private ExecutorService loop;
    private volatile boolean running;
    private volatile Consumer<List<IndexedWork>> written = docs -> {};

    /** What one pass did. */
    public record Pass(int indexed, int stale, int deleted, int parked) {
        public int total() {
            return indexed + stale + deleted + parked;
        }
    }

    /**
     * What to tell of each batch of documents once the index holds it, e.g. which works still lack their
     * vector: asked for only after the write, a vector computed meanwhile cannot be overwritten by it.
     */
    public void onWritten(Consumer<List<IndexedWork>> value) {
        this.written = value;
    }

    public Indexer(WorkRepository repository, WorkDocuments documents, SearchIndex index) {
        this(repository, documents, index, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public Indexer(
            WorkRepository repository, WorkDocuments documents, SearchIndex index, Duration idle, Duration maxBackoff) {
        this(repository, documents, index, new ParkedWorks(repository.store()), idle, maxBackoff);
    }

    public Indexer(
            WorkRepository repository,
            WorkDocuments documents,
            SearchIndex index,
            ParkedWorks parked,
            Duration idle,
            Duration maxBackoff) {
        this.repository = repository;
        this.documents = documents;
        this.index = index;
        this.parked = parked;
        this.idle = idle;
        this.maxBackoff = maxBackoff;
    }

    /** One pass over the outbox as it is now. Throws {@link SearchUnavailableException} if the index is down. */
    public Pass drainOnce() {
        Map<String, Long> newest = new LinkedHashMap<>();
        for (OutboxMarker marker : repository.outbox()) {
            newest.merge(marker.workId(), marker.revision(), Math::max);
        }
        if (newest.isEmpty()) {
            return new Pass(0, 0, 0, 0);
        }
        Set<String> wasParked = parked.ids();
        int[] counts = new int[4];
        Batches.run(new ArrayList<>(newest.keySet()), BATCH, ids -> prepare(ids, newest), batch -> {
            // markers without a manifest: the work is gone (or its creation never completed)
            batch.gone().forEach(id -> index.delete(id, newest.get(id)));
            counts[2] += batch.gone().size();
            batch.gone().stream().filter(wasParked::contains).forEach(parked::release);
            List<WriteOutcome> outcomes = index.indexAll(batch.docs());
            written.accept(batch.docs());
            for (int i = 0; i < outcomes.size(); i++) {
                IndexedWork doc = batch.docs().get(i);
                WriteOutcome outcome = parked.settle(index::index, doc, outcomes.get(i), wasParked);
                counts[
                        switch (outcome.kind()) {
                            case APPLIED -> 0;
                            case STALE -> 1;
                            case REFUSED -> 3;
                        }]++;
            }
            batch.unprepared()
                    .forEach((id, reason) -> parked.park(id, batch.toDrain().get(id), reason));
            counts[3] += batch.unprepared().size();
            index.flush();
            batch.toDrain().forEach(repository::drained);
        });
        return new Pass(counts[0], counts[1], counts[2], counts[3]);
    }

    /**
     * What one batch of the outbox needs written: documents, deletions, works whose document could not
     * be built (with the reason), and the markers it settles.
     */
    private record Prepared(
            List<IndexedWork> docs, List<String> gone, Map<String, String> unprepared, Map<String, Long> toDrain) {}

    private Prepared prepare(List<String> ids, Map<String, Long> newest) {
        List<IndexedWork> docs = new ArrayList<>(ids.size());
        List<String> gone = new ArrayList<>();
        Map<String, String> unprepared = new LinkedHashMap<>();
        Map<String, Long> toDrain = new LinkedHashMap<>();
        for (String id : ids) {
            Optional<Work> work;
            try {
                work = repository.find(id);
                if (work.isPresent()) {
                    docs.add(documents.of(work.get(), repository));
                }
            } catch (ObjectStoreException | UncheckedIOException e) {
                throw e; // the store, not the work: the whole pass is retried
            } catch (RuntimeException e) {
                // a manifest or text this version cannot read or analyse: this work only
                unprepared.put(id, "the document could not be built: " + e);
                toDrain.put(id, newest.get(id));
                continue;
            }
            if (work.isPresent()) {
                toDrain.put(id, work.get().revision());
            } else {
                gone.add(id);
                toDrain.put(id, newest.get(id));
            }
        }
        return new Prepared(docs, gone, unprepared, toDrain);
    }

    /**
     * Indexes the given works again at their current revision, e.g. after glossary terms were added;
     * the outbox is not involved.
     */
    public int reindex(Collection<String> ids) {
        int[] count = {0};
        Batches.run(List.copyOf(ids), BATCH, batch -> documents.ofExisting(batch, repository), docs -> {
            List<WriteOutcome> outcomes = index.indexAll(docs);
            written.accept(docs);
            for (int i = 0; i < outcomes.size(); i++) {
                // no retries here (this may run on a request); the outbox or a rebuild tries the work again
                if (outcomes.get(i).refused()) {
                    parked.park(
                            docs.get(i).id(),
                            docs.get(i).revision(),
                            outcomes.get(i).reason());
                }
            }
            count[0] += docs.size();
        });
        index.flush();
        return count[0];
    }

    /** Starts the background loop; one pass right away, then whenever the idle delay has passed. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loop = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kepu-indexer");
            thread.setDaemon(true);
            return thread;
        });
        loop.execute(this::run);
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try {
                Pass pass = drainOnce();
                backoff = 100;
                if (pass.total() == 0) {
                    sleep(idle.toMillis());
                }
            } catch (SearchUnavailableException e) {
                log.warn("search index unavailable, retrying in {} ms: {}", backoff, e.getMessage());
                sleep(backoff);
                backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
            } catch (RuntimeException e) {
                // e.g. the object store is briefly unreachable: the markers stay, so retry later
                log.error("indexing pass failed, retrying in {} ms", backoff, e);
                sleep(backoff);
                backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the loop after the pass in progress. */
    @Override
    public synchronized void close() {
        running = false;
        if (loop != null) {
            loop.shutdownNow();
            try {
                if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("indexer did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop = null;
        }
    }
}
