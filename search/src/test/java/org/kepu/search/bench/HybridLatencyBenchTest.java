package org.kepu.search.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.search.heldout.HeldOut;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.testing.Works;
import org.kepu.search.vector.BgeSmallZh;
import org.kepu.search.vector.Embedder;
import org.kepu.search.vector.HybridSearch;
import org.kepu.search.vector.Vectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Query latency of hybrid retrieval (the word ranking fused with the nearest works by vector) against the
 * very same requests by words alone, on an embedded Lucene index of {@code kepu.bench.docs} works (default
 * 100,000) that all carry a vector. The texts are those of {@link SynonymLatencyBenchTest}; the queries are
 * all held-out ones.
 *
 * <p><b>The vectors are synthetic</b>: embedding 100,000 passages with BGE small zh would take hours here.
 * Each work gets a deterministic random vector of the model's dimension, drawn around one of
 * {@link #TOPICS} random topic directions, and each query one drawn around a topic too, so that a query
 * has some hundred works at cosines near 0.5 (above the default floor) and the rest near 0: the fusion
 * gets neighbours to fuse and the HNSW graph a clustered space to search, as with real embeddings. This
 * measures what kNN and fusion cost, not what they find. A third side reads another number of nearest works
 * ({@code kepu.bench.neighbours}, default 100, per block of a hundred). A query's vector is drawn once, before timing;
 * what BGE takes to embed a query is measured beside (one pass a round, in the same rounds), not added.
 */
@Tag("bench")
class HybridLatencyBenchTest {

    private static final Logger log = LoggerFactory.getLogger(HybridLatencyBenchTest.class);
    private static final int ROUNDS = Integer.getInteger("kepu.bench.rounds", 11);
    private static final int PASSES = 20;
    private static final int TOPICS = 1_000;
    /** Spread of a vector around its topic: at 1, a work lies at cosine 0.71 from its topic, 0.5 from its peers. */
    private static final double SPREAD = 1.0;

    @TempDir
    Path dir;

    @Test
    void latencyWithVectorsAgainstWithout() throws Exception {
        int docs = Integer.getInteger("kepu.bench.docs", 100_000);
        int dimension = BgeSmallZh.DIMENSION;
        LatencyCorpus corpus = LatencyCorpus.load();
        List<String> queries =
                corpus.set.queries.stream().map(HeldOut.Query::text).distinct().toList();

        Random random = new Random(13);
        float[][] topics = new float[TOPICS][];
        for (int t = 0; t < TOPICS; t++) {
            topics[t] = Vectors.normalised(gaussian(random, dimension, 1.0));
        }

        Path path = dir.resolve("index");
        long indexing = System.nanoTime();
        corpus.index(
                path,
                Works.analysis(),
                docs,
                random,
                work -> work.withVector(around(topics[random.nextInt(TOPICS)], random)));
        log.info(
                "indexed {} works with synthetic vectors in {} s",
                docs,
                (System.nanoTime() - indexing) / 1_000_000_000);

        BgeSmallZh model = new BgeSmallZh();
        model.embed("预热"); // the model loads before anything is timed
        Embedder synthetic = new Synthetic(topics, new ConcurrentHashMap<>());
        int neighbours = Integer.getInteger("kepu.bench.neighbours", 100);
        long[][] rounds = new long[4][ROUNDS];
        long fusedHits = 0;
        long wordHits = 0;
        ExecutorService knn = Executors.newSingleThreadExecutor();
        try (LuceneSearchIndex index = new LuceneSearchIndex(path, Works.analysis())) {
            // as the application runs it: the nearest works looked up on another thread
            HybridSearch hybrid = new HybridSearch(index, index, synthetic, HybridSearch.Settings.DEFAULT, knn);
            HybridSearch other = new HybridSearch(
                    index,
                    index,
                    synthetic,
                    new HybridSearch.Settings(
                            HybridSearch.Settings.DEFAULT.minSimilarity(),
                            HybridSearch.Settings.DEFAULT.vectorWeight(),
                            neighbours),
                    knn);
            for (String q : queries) {
                wordHits += index.search(request(q)).total();
                fusedHits += hybrid.search(request(q)).total();
            }
            for (int round = 0; round < ROUNDS; round++) {
                // the first round warms each side up and is not counted
                rounds[0][round] = time(queries, PASSES, q -> index.search(request(q)));
                rounds[1][round] = time(queries, PASSES, q -> hybrid.search(request(q)));
                rounds[2][round] = time(queries, PASSES, q -> other.search(request(q)));
                rounds[3][round] = time(queries, 1, model::embed);
            }
        } finally {
            knn.shutdownNow();
        }
        int n = PASSES * queries.size();
        double words = LatencyCorpus.median(rounds[0]) / 1_000.0 / n;
        double fused = LatencyCorpus.median(rounds[1]) / 1_000.0 / n;
        double other = LatencyCorpus.median(rounds[2]) / 1_000.0 / n;
        double embedding = LatencyCorpus.median(rounds[3]) / 1_000.0 / queries.size();
        log.info(String.format(
                "%nhybrid retrieval, %d works with SYNTHETIC vectors (%d dimensions, %d topics; kNN and fusion"
                        + " cost, not relevance), median of %d rounds of %d passes after a warm-up%n"
                        + "  %d held-out queries, first page of ten: words alone %8.1f µs, hybrid %8.1f µs a query,"
                        + " ratio %.3f (%d hits in all by words, %d fused)%n"
                        + "  hybrid reading %d nearest works instead of %d: %8.1f µs, ratio %.3f%n"
                        + "  embedding the query with BGE small zh (not in the hybrid figure): %8.1f µs,"
                        + " %.2f times a words-alone request%n",
                docs,
                dimension,
                TOPICS,
                ROUNDS - 1,
                PASSES,
                queries.size(),
                words,
                fused,
                fused / words,
                wordHits,
                fusedHits,
                neighbours,
                HybridSearch.Settings.DEFAULT.neighbours(),
                other,
                other / words,
                embedding,
                embedding / words));
        assertThat(fusedHits).isGreaterThan(wordHits);
    }

    private static SearchRequest request(String query) {
        return SearchRequest.of(query, Visibility.everything());
    }

    /** Nanoseconds for {@code passes} passes over the queries. */
    private static long time(List<String> queries, int passes, Consumer<String> search) {
        long started = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
            queries.forEach(search);
        }
        return System.nanoTime() - started;
    }

    /** A unit vector drawn around {@code topic}, {@link #SPREAD} away. */
    private static float[] around(float[] topic, Random random) {
        float[] noise = gaussian(random, topic.length, SPREAD / Math.sqrt(topic.length));
        for (int i = 0; i < noise.length; i++) {
            noise[i] += topic[i];
        }
        return Vectors.normalised(noise);
    }

    private static float[] gaussian(Random random, int dimension, double scale) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    /**
     * A query's vector drawn around a topic chosen by its text, the same on every call; drawn on the first
     * (untimed) search of each query and kept.
     */
    private record Synthetic(float[][] topics, Map<String, float[]> drawn) implements Embedder {
        @Override
        public String model() {
            return "synthetic";
        }

        @Override
        public int dimension() {
            return topics[0].length;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public float[] embed(String text) {
            return drawn.computeIfAbsent(text, t -> {
                Random random = new Random(t.hashCode());
                return around(topics[random.nextInt(topics.length)], random);
            });
        }
    }
}
