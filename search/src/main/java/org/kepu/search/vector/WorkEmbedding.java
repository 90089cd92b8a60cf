package org.kepu.search.vector;

import java.util.List;
import java.util.Optional;

/**
 * One vector per work: the normalised mean of its passages' vectors. One vector keeps a work one
 * document in both indices, so the visibility filters and the revision checks apply to it unchanged;
 * several vectors per work with max-sim would favour long works in single passages, at several times
 * the memory of the vector index.
 */
public final class WorkEmbedding {

    private final Embedder embedder;

    public WorkEmbedding(Embedder embedder) {
        this.embedder = embedder;
    }

    public Embedder embedder() {
        return embedder;
    }

    /** The vector of a text, or none for a text without words. */
    public Optional<float[]> of(String text) {
        List<String> passages = Passages.of(text);
        if (passages.isEmpty()) {
            return Optional.empty();
        }
        float[] sum = new float[embedder.dimension()];
        for (String passage : passages) {
            float[] vector = embedder.embed(passage);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += vector[i];
            }
        }
        return Optional.of(Vectors.normalised(sum));
    }
}
