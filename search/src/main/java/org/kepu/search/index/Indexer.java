package org.kepu.search.index;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * background loop backs off exponentially and catches up when it returns.
 */
public final class Indexer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Indexer.class);
    static final int BATCH = 200;

    private final WorkRepository repository;
    private final WorkDocuments documents;
    private final SearchIndex index;
    private final Duration idle;
    private final Duration maxBackoff;
    private ExecutorService loop;
    private volatile boolean running;

    /** What one pass did. */
    public record Pass(int indexed, int stale, int deleted) {
        public int total() {
            return indexed + stale + deleted;
        }
    }

    public Indexer(WorkRepository repository, WorkDocuments documents, SearchIndex index) {
        this(repository, documents, index, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public Indexer(
            WorkRepository repository, WorkDocuments documents, SearchIndex index, Duration idle, Duration maxBackoff) {
        this.repository = repository;
        this.documents = documents;
        this.index = index;
        this.idle = idle;
        this.maxBackoff = maxBackoff;
    }

    /** One pass over the outbox as it is now. Throws {@link SearchUnavailableException} if the index is down. */
    public Pass drainOnce() {
        Map<String, Long> newest = new LinkedHashMap<>();
        for (OutboxMarker marker : repository.outbox()) {
            newest.merge(marker.workId(), marker.revision(), Math::max);
        }
        int[] counts = new int[3];
        Batches.run(new ArrayList<>(newest.keySet()), BATCH, ids -> prepare(ids, newest), batch -> {
            // markers without a manifest: the work is gone (or its creation never completed)
            batch.gone().forEach(id -> index.delete(id, newest.get(id)));
            counts[2] += batch.gone().size();
            for (WriteOutcome outcome : index.indexAll(batch.docs())) {
                counts[outcome == WriteOutcome.APPLIED ? 0 : 1]++;
            }
            index.flush();
            batch.toDrain().forEach(repository::drained);
        });
        return new Pass(counts[0], counts[1], counts[2]);
    }

    /** What one batch of the outbox needs written: documents, deletions, and the markers it settles. */
    private record Prepared(List<IndexedWork> docs, List<String> gone, Map<String, Long> toDrain) {}

    private Prepared prepare(List<String> ids, Map<String, Long> newest) {
        List<IndexedWork> docs = new ArrayList<>(ids.size());
        List<String> gone = new ArrayList<>();
        Map<String, Long> toDrain = new LinkedHashMap<>();
        for (String id : ids) {
            Optional<Work> work = repository.find(id);
            if (work.isPresent()) {
                docs.add(documents.of(work.get(), repository));
                toDrain.put(id, work.get().revision());
            } else {
                gone.add(id);
                toDrain.put(id, newest.get(id));
            }
        }
        return new Prepared(docs, gone, toDrain);
    }

    /**
     * Indexes the given works again at their current revision, e.g. after glossary terms were added;
     * the outbox is not involved.
     */
    public int reindex(Collection<String> ids) {
        int[] count = {0};
        Batches.run(List.copyOf(ids), BATCH, batch -> documents.ofExisting(batch, repository), docs -> {
            index.indexAll(docs);
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
