package org.kepu.search.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.search.analysis.Glossary;
import org.kepu.search.analysis.KepuAnalyzer;
import org.kepu.search.analysis.Synonyms;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.heldout.HeldOut;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Query latency with synonym expansion against the very same requests without it, on an embedded Lucene
 * index of {@code kepu.bench.docs} works (default 100,000) of three sentences each: sentences of the CMRC
 * 2018 passages (reads {@code ../shared/data/cmrc2018}), and in one work of ten a sentence of the held-out
 * articles, so that the query words occur in some works, not in all.
 * The queries are the held-out ones with synonyms or regional words; both sides run alternately in
 * rounds on the same index, so that the machine's load falls on both alike.
 */
@Tag("bench")
class SynonymLatencyBenchTest {

    private static final Logger log = LoggerFactory.getLogger(SynonymLatencyBenchTest.class);
    private static final int ROUNDS = Integer.getInteger("kepu.bench.rounds", 11);
    private static final int PASSES = 20;

    @TempDir
    Path dir;

    @Test
    void latencyWithExpansionAgainstWithout() throws Exception {
        int docs = Integer.getInteger("kepu.bench.docs", 100_000);
        LatencyCorpus corpus = LatencyCorpus.load();
        List<String> queries = corpus.set.queries.stream()
                .filter(q -> !q.category().equals("literal"))
                .map(HeldOut.Query::text)
                .toList();

        TextAnalysis expanding = new TextAnalysis(new KepuAnalyzer(Glossary.shipped(), Synonyms.shipped()));
        TextAnalysis literal = new TextAnalysis(new KepuAnalyzer(Glossary.shipped(), Synonyms.of(List.of())));
        Path path = dir.resolve("index");
        long indexing = System.nanoTime();
        corpus.index(path, expanding, docs, new Random(13), UnaryOperator.identity());
        log.info("indexed {} works in {} s", docs, (System.nanoTime() - indexing) / 1_000_000_000);

        // Where the literal request finds little, it has little to highlight, and highlighting a hit costs more
        // than finding it; the queries whose literal request already fills a page compare like with like.
        List<String> full = new ArrayList<>();
        long hitsWith = 0;
        long hitsWithout = 0;
        try (LuceneSearchIndex index = new LuceneSearchIndex(path, literal)) {
            for (String q : queries) {
                long total = index.search(SearchRequest.of(q, Visibility.everything()))
                        .total();
                hitsWithout += total;
                if (total >= 10) {
                    full.add(q);
                }
            }
        }
        try (LuceneSearchIndex index = new LuceneSearchIndex(path, expanding)) {
            for (String q : queries) {
                hitsWith += index.search(SearchRequest.of(q, Visibility.everything()))
                        .total();
            }
        }
        long[][] rounds = new long[4][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            // the first round warms each side up and is not counted
            rounds[0][round] = run(path, literal, queries);
            rounds[1][round] = run(path, expanding, queries);
            rounds[2][round] = run(path, literal, full);
            rounds[3][round] = run(path, expanding, full);
        }
        double allWithout = LatencyCorpus.median(rounds[0]) / 1_000.0 / (PASSES * queries.size());
        double allWith = LatencyCorpus.median(rounds[1]) / 1_000.0 / (PASSES * queries.size());
        double fullWithout = LatencyCorpus.median(rounds[2]) / 1_000.0 / (PASSES * Math.max(1, full.size()));
        double fullWith = LatencyCorpus.median(rounds[3]) / 1_000.0 / (PASSES * Math.max(1, full.size()));
        log.info(String.format(
                "%nsynonym expansion, %d works, median of %d rounds of %d passes after a warm-up%n"
                        + "  all %d synonym and regional queries: without %8.1f µs, with %8.1f µs a query,"
                        + " ratio %.3f, median of the rounds' ratios %.3f (%d hits in all without, %d with)%n"
                        + "  the %d whose literal request fills a page: without %8.1f µs, with %8.1f µs,"
                        + " ratio %.3f, median of the rounds' ratios %.3f%n",
                docs,
                ROUNDS - 1,
                PASSES,
                queries.size(),
                allWithout,
                allWith,
                allWith / allWithout,
                medianRatio(rounds[1], rounds[0]),
                hitsWithout,
                hitsWith,
                full.size(),
                fullWithout,
                fullWith,
                fullWith / fullWithout,
                medianRatio(rounds[3], rounds[2])));
        assertThat(hitsWith).isGreaterThan(hitsWithout);
    }

    /** Nanoseconds for {@link #PASSES} passes over the queries, each a first page of ten with facets. */
    private static long run(Path path, TextAnalysis analysis, List<String> queries) {
        try (LuceneSearchIndex index = new LuceneSearchIndex(path, analysis)) {
            long started = System.nanoTime();
            for (int pass = 0; pass < PASSES; pass++) {
                for (String q : queries) {
                    index.search(SearchRequest.of(q, Visibility.everything()));
                }
            }
            return System.nanoTime() - started;
        }
    }

    /**
     * The median over the counted rounds of each round's ratio: both sides of a round run seconds apart,
     * so a load that comes and goes on a shared machine moves a round's ratio less than its times.
     */
    private static double medianRatio(long[] with, long[] without) {
        double[] ratios = new double[with.length - 1];
        for (int i = 1; i < with.length; i++) {
            ratios[i - 1] = (double) with[i] / without[i];
        }
        Arrays.sort(ratios);
        int n = ratios.length;
        return n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
    }
}
