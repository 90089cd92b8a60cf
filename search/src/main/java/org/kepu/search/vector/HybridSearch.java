package org.kepu.search.vector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.query.QueryText;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader's search by words and by meaning: the word ranking and the nearest works by vector, under the
 * same filters and visibility, fused by {@link ScoreFusion}. It applies to relevance-ranked pages
 * of a query with words (within {@link SearchRequest#MAX_WINDOW}); listings, date orders and cursor pages
 * are the word search's alone, and so is every search while the model is still loading or if it fails.
 * A fused page carries no cursor (its scores are not the index's own). Facets count the word matches; the total
 * adds the neighbours outside the word ranking read. Both legs are read as bare ids; only the page shown
 * is fetched and highlighted.
 */
public final class HybridSearch {

    private static final Logger log = LoggerFactory.getLogger(HybridSearch.class);

    /**
     * How deep the word leg is read, in blocks (the vector leg {@link Settings#neighbours} a block): pages
     * within one block fuse the same two lists.
     */
    static final int DEPTH = 100;

    /** The default of {@link Settings#neighbours}: see the measurements on {@link Settings#DEFAULT}. */
    public static final int NEIGHBOURS = 20;

    /**
     * @param minSimilarity the cosine at or below which a neighbour is not offered at all (the nearest works
     *     of an unrelated query are still some works), and from which the vector part of a score counts
     * @param vectorWeight the weight of the cosine above that floor against the relative BM25 of the words;
     *     below {@code 1 / (1 - minSimilarity)}, so the best literal match always ranks first
     * @param neighbours how many nearest works are read for each block of {@link #DEPTH} word hits (1 to
     *     {@link #DEPTH}), to add works found by meaning alone; the word hits have their own cosine computed
     *     exactly whether or not they are among them. The kNN search costs about in proportion
     */
    public record Settings(double minSimilarity, double vectorWeight, int neighbours) {
        /**
         * Measured on CMRC 2018 (3,219 questions, MRR@10): words alone 0.9830; fused by rank (RRF, weight
         * 0.3) 0.9733; fused by score with weight 1.5 above 0.45 0.9871, and on two random halves of the
         * questions 0.9863 and 0.9879 against 0.9825 and 0.9834 for the words alone (weights 1.0 to 3.0
         * all gained on both halves). The cosine floor lies between an everyday word and a passage that
         * says it differently (土豆 0.53, 溺水 0.62, 近视 0.60, 太空站 0.56 with BGE small zh) and the same
         * words against unrelated passages (0.17 to 0.31). The 20 nearest works a block, with the word
         * hits' cosines computed exactly, gave 0.9871 as the 100 nearest did.
         */
        public static final Settings DEFAULT = new Settings(0.45, 1.5, NEIGHBOURS);

        public Settings {
            if (neighbours < 1 || neighbours > DEPTH) {
                throw new IllegalArgumentException("neighbours must be 1 to " + DEPTH + ", not " + neighbours);
            }
        }

        public Settings(double minSimilarity, double vectorWeight) {
            this(minSimilarity, vectorWeight, NEIGHBOURS);
        }
    }

    private final SearchIndex words;
    private final VectorSearch vectors;
    private final Embedder embedder;
    private final Settings settings;
    private final ScoreFusion fusion;
    private final Executor executor;

    public HybridSearch(SearchIndex words, VectorSearch vectors, Embedder embedder, Settings settings) {
        this(words, vectors, embedder, settings, Runnable::run);
    }

    /**
     * @param executor where the nearest works are looked up while the calling thread reads the word ranking:
     *     the two legs are independent, so a request waits for the longer, not for both
     */
    public HybridSearch(
            SearchIndex words, VectorSearch vectors, Embedder embedder, Settings settings, Executor executor) {
        this.executor = executor;
        this.words = words;
        this.vectors = vectors;
        this.embedder = embedder;
        this.settings = settings;
        this.fusion = new ScoreFusion(settings.vectorWeight(), settings.minSimilarity());
    }

    public SearchResult search(SearchRequest request) {
        Optional<float[]> query = applies(request) ? queryVector(request) : Optional.empty();
        if (query.isEmpty()) {
            return words.search(request);
        }
        int window = (request.page() + 1) * request.size();
        // both legs go as deep as a whole block of pages, so that paging through it shows every hit once
        int depth = Math.min(SearchRequest.MAX_WINDOW, (window + DEPTH - 1) / DEPTH * DEPTH);
        int k = depth / DEPTH * settings.neighbours();
        CompletableFuture<List<VectorSearch.Ranked>> nearest =
                CompletableFuture.supplyAsync(() -> vectors.nearest(query.get(), k, request), executor);
        VectorSearch.Ranking byWords = vectors.ranking(request, depth);
        List<VectorSearch.Ranked> wordRanking = byWords.ranked();
        // the word hits count their meaning exactly; the nearest works add those found by meaning alone
        List<String> wordIds = wordRanking.stream().map(VectorSearch.Ranked::id).toList();
        List<VectorSearch.Ranked> neighbours = new ArrayList<>();
        vectors.similarities(query.get(), wordIds)
                .forEach((id, cosine) -> neighbours.add(new VectorSearch.Ranked(id, cosine)));
        Set<String> found = new HashSet<>(wordIds);
        long vectorOnly = 0;
        for (VectorSearch.Ranked near : joined(nearest)) {
            if (near.score() > settings.minSimilarity() && found.add(near.id())) {
                neighbours.add(near);
                vectorOnly++;
            }
        }
        List<ScoreFusion.Fused> fused = fusion.fuse(wordRanking, neighbours);
        List<ScoreFusion.Fused> shown =
                fused.subList(Math.min(request.page() * request.size(), fused.size()), Math.min(window, fused.size()));
        Map<String, SearchHit> hits = new HashMap<>();
        vectors.hits(shown.stream().map(ScoreFusion.Fused::id).toList(), request)
                .forEach(hit -> hits.put(hit.id(), hit));
        List<SearchHit> page = new ArrayList<>(shown.size());
        for (ScoreFusion.Fused f : shown) {
            // a work deleted or hidden between the queries is left out
            Optional.ofNullable(hits.get(f.id())).ifPresent(hit -> page.add(withScore(hit, (float) f.score())));
        }
        return new SearchResult(byWords.total() + vectorOnly, page, byWords.facets(), Optional.empty());
    }

    /** The result of the other leg, its failure thrown as it was thrown there (an index unavailable stays so). */
    private static <T> T joined(CompletableFuture<T> leg) {
        try {
            return leg.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static boolean applies(SearchRequest request) {
        return request.sort() == SearchRequest.Sort.RELEVANCE
                && request.cursor().isEmpty();
    }

    /** The vector of the query's wanted words and phrases; none while the model loads, or if it fails. */
    private Optional<float[]> queryVector(SearchRequest request) {
        String text = QueryText.parse(request.query()).stream()
                .filter(part -> !part.excluded())
                .map(QueryText.Part::text)
                .collect(Collectors.joining(" "))
                .strip();
        if (text.isEmpty() || !embedder.ready()) {
            return Optional.empty();
        }
        try {
            return Optional.of(embedder.embed(text));
        } catch (RuntimeException e) {
            log.warn("searching by words alone, the query could not be embedded: {}", e.toString());
            return Optional.empty();
        }
    }

    private static SearchHit withScore(SearchHit hit, float score) {
        return new SearchHit(
                hit.id(),
                hit.title(),
                score,
                hit.highlights(),
                hit.status(),
                hit.topics(),
                hit.audiences(),
                hit.kind(),
                hit.ownerId(),
                hit.channels(),
                hit.updatedAt(),
                hit.revision());
    }
}
