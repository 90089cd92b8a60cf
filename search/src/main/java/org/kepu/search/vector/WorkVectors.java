package org.kepu.search.vector;

import java.util.Optional;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.kepu.ingestion.work.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vectors of versions, kept in the object store beside the extracted text they were computed from
 * ({@code works/{id}/v{n}/text.txt.<model>.vec}): computed once per version and model, read back by
 * every indexing and rebuild. The text of a version never changes, so neither does its vector.
 */
public final class WorkVectors {

    private static final Logger log = LoggerFactory.getLogger(WorkVectors.class);

    private final ObjectStore store;
    private final WorkEmbedding embedding;

    public WorkVectors(ObjectStore store, WorkEmbedding embedding) {
        this.store = store;
        this.embedding = embedding;
    }

    /** Where the vector of a version's text is kept. */
    public String key(String textKey) {
        return textKey + "." + embedding.embedder().model() + ".vec";
    }

    /** The text of the current version, if it was extracted: what a vector is computed from. */
    public static Optional<String> textKey(Work work) {
        return work.versions().isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(work.current().textKey());
    }

    /** The stored vector of the work's current version; none if not computed yet (or unreadable). */
    public Optional<float[]> stored(Work work) {
        return textKey(work).flatMap(text -> store.read(key(text))).flatMap(blob -> {
            try {
                return Optional.of(
                        Vectors.fromBytes(blob.content(), embedding.embedder().dimension()));
            } catch (IllegalArgumentException e) {
                log.warn("ignoring the stored vector of work {}: {}", work.id(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /**
     * Computes and stores the vector of {@code text}, the current version's; another instance may have
     * stored the same one meanwhile, which is as good. Returns whether a vector is stored now (a text
     * without words has none).
     */
    public boolean compute(Work work, String text) {
        Optional<String> textKey = textKey(work);
        if (textKey.isEmpty()) {
            return false;
        }
        Optional<float[]> vector = embedding.of(text);
        if (vector.isEmpty()) {
            return false;
        }
        try {
            store.putIfAbsent(key(textKey.get()), Vectors.bytes(vector.get()), "application/octet-stream");
        } catch (PreconditionFailedException e) {
            // computed by another instance from the same text
        }
        return true;
    }
}
