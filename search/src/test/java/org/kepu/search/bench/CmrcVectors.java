package org.kepu.search.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.bench.CmrcRelevanceBenchTest.Score;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.index.WorkDocuments;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.vector.BgeSmallZh;
import org.kepu.search.vector.Embedder;
import org.kepu.search.vector.HybridSearch;
import org.kepu.search.vector.VectorSearch;
import org.kepu.search.vector.WorkEmbedding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CMRC 2018 questions with hybrid retrieval (words fused with BGE small zh vectors), and the indexing
 * throughput with vectors against the same indexing without, in the same run: with vectors already
 * stored (what a reindex or rebuild does) and with vectors computed on the way.
 */
final class CmrcVectors {

    private static final Logger log = LoggerFactory.getLogger(CmrcVectors.class);
    private static final int K = 10;
    private static final int ROUNDS = 3;

    private final Cmrc cmrc;
    private final Path dir;
    private final TextAnalysis analysis = TextAnalysis.withShippedGlossary();
    private final WorkDocuments documents = new WorkDocuments(analysis);
    private final BgeSmallZh model = new BgeSmallZh();

    CmrcVectors(Cmrc cmrc, Path dir) {
        this.cmrc = cmrc;
        this.dir = dir;
    }

    Map<String, Score> run() {
        WorkEmbedding embedding = new WorkEmbedding(model);
        model.embed("预热"); // the model loads before anything is timed

        List<Work> works = new ArrayList<>();
        for (Cmrc.Passage passage : cmrc.passages) {
            works.add(work(passage));
        }
        // embedding every passage once, timed: what a new work costs the background worker
        long started = System.nanoTime();
        List<float[]> vectors = new ArrayList<>();
        for (Cmrc.Passage passage : cmrc.passages) {
            vectors.add(embedding.of(passage.context()).orElseThrow());
        }
        double embedSeconds = (System.nanoTime() - started) / 1e9;

        double words = Double.MAX_VALUE;
        double withVectors = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            words = Math.min(words, indexSeconds(works, null, "words-" + round));
            withVectors = Math.min(withVectors, indexSeconds(works, vectors, "vectors-" + round));
        }
        int n = works.size();
        log.info(String.format(
                "%nIndexing %d CMRC passages on embedded Lucene (best of %d)%n"
                        + "  words only                          %8.1f works/s%n"
                        + "  words + stored vectors (reindex)    %8.1f works/s   ratio %.3f%n"
                        + "  embedding the vectors (BGE, 1 thread pool) %8.1f works/s   ratio of words+embedding %.3f%n",
                n,
                ROUNDS,
                n / words,
                n / withVectors,
                words / withVectors,
                n / embedSeconds,
                words / (words + embedSeconds)));

        Map<String, float[]> questions = new HashMap<>();
        started = System.nanoTime();
        for (Cmrc.Question question : cmrc.questions) {
            questions.computeIfAbsent(question.text(), model::embed);
        }
        log.info(String.format(
                "embedding %d questions: %.1f ms each",
                cmrc.questions.size(), (System.nanoTime() - started) / 1e6 / cmrc.questions.size()));

        Map<String, Score> scores = new LinkedHashMap<>();
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("hybrid"), analysis)) {
            List<IndexedWork> docs = new ArrayList<>();
            for (int i = 0; i < works.size(); i++) {
                docs.add(documents
                        .of(works.get(i), Optional.of(cmrc.passages.get(i).context()))
                        .withVector(vectors.get(i)));
            }
            index.indexAll(docs);
            index.refresh();
            Embedder cached = new Cached(questions, model);
            scores.put(
                    "kepu, vectors only",
                    mrr(request -> index.nearest(questions.get(request.query()), K, request).stream()
                            .map(VectorSearch.Ranked::id)
                            .toList()));
            HybridSearch deep = new HybridSearch(index, index, cached, new HybridSearch.Settings(0.45, 1.5, 100));
            scores.put(
                    "kepu + vectors w=1.5 above 0.45, 100 nearest a block",
                    mrr(request -> deep.search(request).hits().stream()
                            .map(SearchHit::id)
                            .toList()));
            for (double weight : new double[] {1.0, 1.5}) {
                HybridSearch hybrid = new HybridSearch(index, index, cached, new HybridSearch.Settings(0.45, weight));
                scores.put(
                        String.format("kepu + vectors w=%.1f above 0.45%s", weight, weight == 1.5 ? " (default)" : ""),
                        mrr(request -> hybrid.search(request).hits().stream()
                                .map(SearchHit::id)
                                .toList()));
            }
        }
        return scores;
    }

    private double indexSeconds(List<Work> works, List<float[]> vectors, String name) {
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve(name), analysis)) {
            long started = System.nanoTime();
            List<IndexedWork> docs = new ArrayList<>(works.size());
            for (int i = 0; i < works.size(); i++) {
                IndexedWork doc = documents.of(
                        works.get(i), Optional.of(cmrc.passages.get(i).context()));
                docs.add(vectors == null ? doc : doc.withVector(vectors.get(i)));
            }
            index.indexAll(docs);
            index.flush();
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private interface Searcher {
        List<String> ids(SearchRequest request);
    }

    private Score mrr(Searcher searcher) {
        long started = System.nanoTime();
        double reciprocal = 0;
        int found = 0;
        for (Cmrc.Question question : cmrc.questions) {
            SearchRequest request = SearchRequest.of(question.text(), Visibility.everything())
                    .withMatch(SearchRequest.Match.ANY_TOKEN)
                    .page(0, K);
            List<String> hits = searcher.ids(request);
            for (int rank = 0; rank < hits.size(); rank++) {
                if (hits.get(rank).equals(Integer.toString(question.passage()))) {
                    reciprocal += 1.0 / (rank + 1);
                    found++;
                    break;
                }
            }
        }
        return CmrcRelevanceBenchTest.score(cmrc, reciprocal, found, started);
    }

    private static Work work(Cmrc.Passage passage) {
        Instant now = Instant.now();
        WorkMetadata metadata = new WorkMetadata("", "", "ARTICLE", List.of(), List.of(), "", List.of(), false);
        return new Work(
                Integer.toString(passage.id()),
                1,
                "cmrc",
                metadata,
                WorkStatus.PUBLISHED,
                null,
                List.of(),
                null,
                now,
                now);
    }

    /** The questions' vectors computed once, so that each fusion setting is measured on the same ones. */
    private record Cached(Map<String, float[]> vectors, Embedder delegate) implements Embedder {
        @Override
        public String model() {
            return delegate.model();
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public float[] embed(String text) {
            return vectors.computeIfAbsent(text, delegate::embed);
        }
    }
}
