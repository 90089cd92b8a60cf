package org.kepu.search.index;

import java.util.List;
import org.kepu.ingestion.work.WorkRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the index from the object store into a new versioned index, then switches the alias. The
 * old index answers searches until the switch; writes made meanwhile go to both, and the external
 * versions keep the newer of a rebuild write and a live write.
 */
public final class Reindexer {

    private static final Logger log = LoggerFactory.getLogger(Reindexer.class);

    private final WorkRepository repository;
    private final WorkDocuments documents;
    private final SearchIndex index;

    /** Told how far the rebuild has come. */
    @FunctionalInterface
    public interface Progress {
        void progress(int done, int total);
    }

    public record Report(String index, int works, long millis) {}

    public Reindexer(WorkRepository repository, WorkDocuments documents, SearchIndex index) {
        this.repository = repository;
        this.documents = documents;
        this.index = index;
    }

    private record Prepared(List<IndexedWork> docs, int ids) {}

    private Prepared documents(List<String> ids) {
        return new Prepared(documents.ofExisting(ids, repository), ids.size());
    }

    public Report rebuild(Progress progress) {
        long started = System.nanoTime();
        List<String> ids = repository.ids();
        try (Rebuild rebuild = index.startRebuild()) {
            int[] done = {0};
            progress.progress(0, ids.size());
            Batches.run(ids, Indexer.BATCH, this::documents, batch -> {
                rebuild.indexAll(batch.docs());
                done[0] += batch.ids();
                progress.progress(done[0], ids.size());
            });
            rebuild.complete();
            progress.progress(ids.size(), ids.size());
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.info("rebuilt {} with {} works in {} ms", rebuild.name(), ids.size(), millis);
            return new Report(rebuild.name(), ids.size(), millis);
        }
    }
}
