package org.kepu.search.index;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kepu.ingestion.work.WorkRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the index from the object store into a new versioned index, then switches the alias. The
 * old index answers searches until the switch; writes made meanwhile go to both, and the external
 * versions keep the newer of a rebuild write and a live write. A work the new index refuses is sent again
 * alone and then parked, and the rebuild goes on; parked works that the new index took are released.
 */
public final class Reindexer {

    private static final Logger log = LoggerFactory.getLogger(Reindexer.class);

    private final WorkRepository repository;
    private final WorkDocuments documents;
    private final SearchIndex index;
    private final ParkedWorks parked;

    /** Told how far the rebuild has come. */
    @FunctionalInterface
    public interface Progress {
        void progress(int done, int total);
    }

    public record Report(String index, int works, long millis, int parked) {}

    public Reindexer(WorkRepository repository, WorkDocuments documents, SearchIndex index) {
        this(repository, documents, index, new ParkedWorks(repository.store()));
    }

    public Reindexer(WorkRepository repository, WorkDocuments documents, SearchIndex index, ParkedWorks parked) {
        this.repository = repository;
        this.documents = documents;
        this.index = index;
        this.parked = parked;
    }

    private record Prepared(List<IndexedWork> docs, int ids) {}

    private Prepared documents(List<String> ids) {
        return new Prepared(documents.ofExisting(ids, repository), ids.size());
    }

    public Report rebuild(Progress progress) {
        long started = System.nanoTime();
        List<String> ids = repository.ids();
        Set<String> wasParked = parked.ids();
        try (Rebuild rebuild = index.startRebuild()) {
            int[] done = {0, 0};
            progress.progress(0, ids.size());
            Batches.run(ids, Indexer.BATCH, this::documents, batch -> {
                List<WriteOutcome> outcomes = rebuild.indexAll(batch.docs());
                for (int i = 0; i < outcomes.size(); i++) {
                    WriteOutcome outcome = parked.settle(
                            doc -> rebuild.indexAll(List.of(doc)).get(0),
                            batch.docs().get(i),
                            outcomes.get(i),
                            wasParked);
                    done[1] += outcome.refused() ? 1 : 0;
                }
                done[0] += batch.ids();
                progress.progress(done[0], ids.size());
            });
            rebuild.complete();
            // parked works whose manifest is gone have nothing left to index
            Set<String> existing = new HashSet<>(ids);
            wasParked.stream().filter(id -> !existing.contains(id)).forEach(parked::release);
            progress.progress(ids.size(), ids.size());
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.info("rebuilt {} with {} works in {} ms, {} parked", rebuild.name(), ids.size(), millis, done[1]);
            return new Report(rebuild.name(), ids.size(), millis, done[1]);
        }
    }
}
