package org.kepu.search.index;

import java.util.List;
import java.util.Optional;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;

/**
 * The search index port. Writes carry the manifest revision as an external version: a write with a
 * revision lower than the one stored is refused ({@link WriteOutcome#STALE}); an equal one is applied
 * again, which makes replays harmless and lets a glossary change reindex a work at its revision. A
 * document the index cannot take is a {@link WriteOutcome.Kind#REFUSED} outcome, never an exception,
 * so the other writes of a bulk stand. Every method may throw {@link SearchUnavailableException}.
 */
public interface SearchIndex extends AutoCloseable {

    WriteOutcome index(IndexedWork work);

    /** Bulk writes; outcomes in the order of the works. */
    List<WriteOutcome> indexAll(List<IndexedWork> works);

    /** Removes a work, unless the index holds a revision later than {@code revision}. */
    WriteOutcome delete(String id, long revision);

    /** Makes completed writes durable; the indexer calls it before it drains the outbox. */
    void flush();

    /** Makes completed writes visible to searches. */
    void refresh();

    SearchResult search(SearchRequest request);

    /** The revision the index holds for a work. */
    Optional<Long> revision(String id);

    /** The stored original texts of a work. */
    Optional<StoredWork> stored(String id);

    /**
     * The statistics facts ({@link IndexedWork#facts()}) of every work in the live index, or of one
     * owner's works; works indexed without facts are left out.
     */
    List<String> facts(Optional<String> owner);

    /** Number of works in the live index. */
    long count();

    /** The name of the live versioned index behind the alias. */
    String liveName();

    Rebuild startRebuild();

    @Override
    void close();
}
