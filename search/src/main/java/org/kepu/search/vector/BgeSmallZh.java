package org.kepu.search.vector;

import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * BGE small zh v1.5 (quantised ONNX, 512 dimensions), run in process by ONNX Runtime. Loading takes
 * about a second and some 100 MB, so it happens on first use or on {@link #loadInBackground()}, never
 * while kepu starts. The loaded model is immutable and safe to share, so a process holds one, however
 * many instances of this class (application contexts) use it.
 */
public final class BgeSmallZh implements Embedder {

    public static final int DIMENSION = 512;

    private static volatile CompletableFuture<BgeSmallZhV15QuantizedEmbeddingModel> model;

    @Override
    public String model() {
        return "bge-small-zh-v1.5-q";
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public boolean ready() {
        CompletableFuture<BgeSmallZhV15QuantizedEmbeddingModel> loading = model;
        return loading != null && loading.isDone() && !loading.isCompletedExceptionally();
    }

    /** Starts loading the model on another thread; searches use words alone until it is ready. */
    public void loadInBackground() {
        loading();
    }

    private static synchronized CompletableFuture<BgeSmallZhV15QuantizedEmbeddingModel> loading() {
        if (model == null || model.isCompletedExceptionally()) {
            // a failed load is tried again on the next use, e.g. after memory was freed
            model = CompletableFuture.supplyAsync(BgeSmallZhV15QuantizedEmbeddingModel::new, ForkJoinPool.commonPool());
        }
        return model;
    }

    @Override
    public float[] embed(String text) {
        float[] vector = loading().join().embed(text).content().vector();
        return Vectors.normalised(vector);
    }
}
