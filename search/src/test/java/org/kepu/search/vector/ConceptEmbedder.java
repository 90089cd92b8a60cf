package org.kepu.search.vector;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the model with known answers: each concept is a set of words meaning the same thing
 * and has its own axis; a text points along the concepts it mentions. Counts its calls, and can be made
 * to fail or to be still loading.
 */
final class ConceptEmbedder implements Embedder {

    static final List<List<String>> CONCEPTS =
            List.of(List.of("土豆", "马铃薯", "洋芋"), List.of("溺水", "淹溺", "落水"), List.of("近视", "屈光不正"), List.of("黑洞", "引力"));

    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failing;
    volatile boolean ready = true;

    @Override
    public String model() {
        return "concepts-v1";
    }

    @Override
    public int dimension() {
        return BgeSmallZh.DIMENSION;
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public float[] embed(String text) {
        calls.incrementAndGet();
        if (failing) {
            throw new IllegalStateException("the model cannot run here");
        }
        float[] vector = new float[dimension()];
        vector[dimension() - 1] = 0.05f; // a text about none of the concepts is near nothing
        for (int axis = 0; axis < CONCEPTS.size(); axis++) {
            for (String word : CONCEPTS.get(axis)) {
                if (text.contains(word)) {
                    vector[axis] = 1f;
                }
            }
        }
        return Vectors.normalised(vector);
    }
}
