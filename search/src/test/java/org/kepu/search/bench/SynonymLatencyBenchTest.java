package org.kepu.search.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.search.analysis.Glossary;
import org.kepu.search.analysis.KepuAnalyzer;
import org.kepu.search.analysis.Synonyms;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.heldout.HeldOut;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.testing.Works;
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
        HeldOut set = HeldOut.load();
        List<String> heldOut = new ArrayList<>();
        set.articles.forEach(a -> heldOut.addAll(sentences(a.text())));
        List<String> background = new ArrayList<>();
        Cmrc.load().passages.forEach(p -> background.addAll(sentences(p.context())));
        List<String> queries = set.queries.stream()
                .filter(q -> !q.category().equals("literal"))
                .map(HeldOut.Query::text)
                .toList();

        TextAnalysis expanding = new TextAnalysis(new KepuAnalyzer(Glossary.shipped(), Synonyms.shipped()));
        TextAnalysis literal = new TextAnalysis(new KepuAnalyzer(Glossary.shipped(), Synonyms.of(List.of())));
        Path path = dir.resolve("index");
        long indexing = System.nanoTime();
        try (LuceneSearchIndex index = new LuceneSearchIndex(path, expanding)) {
            Random random = new Random(13);
            List<IndexedWork> batch = new ArrayList<>();
            for (int i = 0; i < docs; i++) {
                StringBuilder text = new StringBuilder();
                for (int s = 0; s < 3; s++) {
                    List<String> from = s == 0 && random.nextInt(10) == 0 ? heldOut : background;
                    text.append(from.get(random.nextInt(from.size())));
                }
                batch.add(Works.work("w" + i)
                        .titled("第" + i + "篇")
                        .saying(text.toString())
                        .indexed());
                if (batch.size() == 1000) {
                    index.indexAll(batch);
                    batch.clear();
                }
            }
            index.indexAll(batch);
            index.flush();
        }
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
        double allWithout = median(rounds[0]) / 1_000.0 / (PASSES * queries.size());
        double allWith = median(rounds[1]) / 1_000.0 / (PASSES * queries.size());
        double fullWithout = median(rounds[2]) / 1_000.0 / (PASSES * Math.max(1, full.size()));
        double fullWith = median(rounds[3]) / 1_000.0 / (PASSES * Math.max(1, full.size()));
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

    private static List<String> sentences(String text) {
        return Arrays.stream(text.split("(?<=[。！？])")).filter(s -> !s.isBlank()).toList();
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

    private static double median(long[] rounds) {
        long[] counted = Arrays.copyOfRange(rounds, 1, rounds.length);
        Arrays.sort(counted);
        return counted.length % 2 == 1
                ? counted[counted.length / 2]
                : (counted[counted.length / 2 - 1] + counted[counted.length / 2]) / 2.0;
    }
}
