package org.kepu.review.checks;

import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real sentence model (BGE small zh v1.5, quantised), as the application wires it from the search
 * module, loaded once per test JVM. Vectors are remembered by text, since the sets are screened many
 * times over at different thresholds.
 */
final class BgeEmbedder implements SentenceEmbedder {

    static final BgeEmbedder INSTANCE = new BgeEmbedder();

    private final BgeSmallZhV15QuantizedEmbeddingModel model = new BgeSmallZhV15QuantizedEmbeddingModel();
    private final Map<String, float[]> memo = new ConcurrentHashMap<>();

    private BgeEmbedder() {}

    @Override
    public String model() {
        return "bge-small-zh-v1.5-q";
    }

    @Override
    public List<float[]> embed(List<String> sentences) {
        return sentences.stream()
                .map(s -> memo.computeIfAbsent(s, this::compute))
                .toList();
    }

    private float[] compute(String sentence) {
        float[] v = model.embed(sentence).content().vector();
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * scale;
        }
        return out;
    }
}
