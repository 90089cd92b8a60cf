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
        int indexed = 0;
        int stale = 0;
        int deleted = 0;
        List<String> ids = new ArrayList<>(newest.keySet());
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            List<IndexedWork> docs = new ArrayList<>(batch.size());
            Map<String, Long> toDrain = new LinkedHashMap<>();
            for (String id : batch) {
                Optional<Work> work = repository.find(id);
                if (work.isPresent()) {
                    docs.add(documents.of(work.get(), repository));
                    toDrain.put(id, work.get().revision());
                } else {
                    // markers without a manifest: the work is gone (or its creation never completed)
                    index.delete(id, newest.get(id));
                    toDrain.put(id, newest.get(id));
                    deleted++;
                }
            }
            List<WriteOutcome> outcomes = index.indexAll(docs);
            for (WriteOutcome outcome : outcomes) {
                if (outcome == WriteOutcome.APPLIED) {
                    indexed++;
                } else {
                    stale++;
                }
            }
            index.flush();
            toDrain.forEach(repository::drained);
        }
        return new Pass(indexed, stale, deleted);
    }

    /**
     * Indexes the given works again at their current revision, e.g. after glossary terms were added;
     * the outbox is not involved.
     */
    public int reindex(Collection<String> ids) {
        List<IndexedWork> docs = new ArrayList<>();
        int count = 0;
        for (String id : ids) {
            repository.find(id).ifPresent(work -> docs.add(documents.of(work, repository)));
            if (docs.size() == BATCH) {
                count += docs.size();
                index.indexAll(List.copyOf(docs));
                docs.clear();
            }
        }
        count += docs.size();
        index.indexAll(docs);
        index.flush();
        return count;
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
