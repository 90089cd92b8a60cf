package org.kepu.search.vector;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.Indexer;
import org.kepu.search.index.WorkDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes missing vectors on one background thread, apart from indexing: a work is indexed by its words
 * at once, and again with its vector once that is stored. Embedding costs tens of milliseconds a passage,
 * far more than analysing its words, so it never holds up the outbox. A failure (the model cannot load or
 * run) is logged and the work stays indexed by its words; the vector is requested again whenever the work
 * is indexed next (any change of its manifest, a glossary reindex, a rebuild).
 */
public final class VectorWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VectorWorker.class);

    private final WorkRepository repository;
    private final WorkVectors vectors;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService thread;
    private volatile Consumer<List<String>> reindex = ids -> {};
    private volatile boolean closed;

    public VectorWorker(WorkRepository repository, WorkVectors vectors) {
        this.repository = repository;
        this.vectors = vectors;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "kepu-vectors");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    /** What to call with the works whose vector was just stored; the indexer's reindex. */
    public void onStored(Consumer<List<String>> value) {
        this.reindex = value;
    }

    /** Asks for the vector of a work's current version; a work already waiting is not queued twice. */
    public void request(String workId) {
        if (pending.add(workId)) {
            try {
                thread.execute(() -> compute(workId));
            } catch (RejectedExecutionException e) {
                pending.remove(workId); // closing: the next indexing asks again
            }
        }
    }

    /** The vector source for {@link WorkDocuments}: the stored vector, if there is one. */
    public Optional<float[]> forIndexing(Work work) {
        return vectors.stored(work);
    }

    /**
     * Asks for the vectors of works just written with their text but without a vector ({@link
     * Indexer#onWritten}): asked only once the index holds that document, the reindex of the computed vector
     * comes after it.
     */
    public void written(List<IndexedWork> docs) {
        docs.stream()
                .filter(doc -> doc.vector().isEmpty() && !doc.text().isEmpty())
                .forEach(doc -> request(doc.id()));
    }

    private void compute(String workId) {
        pending.remove(workId);
        if (closed) {
            return; // the next start asks again when the work is indexed
        }
        try {
            Optional<Work> work = repository.find(workId);
            if (work.isEmpty()) {
                return;
            }
            if (vectors.stored(work.get()).isPresent()) {
                // stored by an earlier request after the indexing that asked again had read no vector
                reindex.accept(List.of(workId));
                return;
            }
            Optional<String> text = WorkVectors.textKey(work.get())
                    .flatMap(key -> WorkDocuments.readPrefix(
                            repository.store(), key, Passages.MAX_CHARS * Passages.MAX_PASSAGES * 2));
            if (text.isPresent() && vectors.compute(work.get(), text.get())) {
                reindex.accept(List.of(workId));
            }
        } catch (RuntimeException e) {
            log.warn("no vector for work {} this time, it stays found by its words: {}", workId, e.toString());
        }
    }

    /**
     * Lets the vector in progress finish, skips the rest. Not by interrupting: an interrupt during an index
     * write closes Lucene's files under it.
     */
    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("the vector worker did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
