package org.kepu.api.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.ingestion.work.Review.Verdict;
import org.kepu.review.stats.Grouping;
import org.kepu.review.stats.Statistics;
import org.kepu.review.stats.StatsQuery;
import org.kepu.review.stats.StatsReport;
import org.kepu.review.stats.WorkFacts;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.query.IndexFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statistics over {@code kepu.bench.works} works (default 20,000) in the embedded Lucene index, against
 * the raw component in the same run: reading the stored facts field of every document straight from the
 * Lucene directory, which any way of computing from the index has to do. Measured: the facts as the port
 * reads them, and the whole answer (read, parse, compute, grouped by month). Rounds alternate, medians are
 * reported. Run: {@code ./mvnw -Pbench -pl api test -Dtest=StatsBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class StatsBench {

    private static final Logger log = LoggerFactory.getLogger(StatsBench.class);
    private static final int WORKS = Integer.getInteger("kepu.bench.works", 20_000);
    private static final int ROUNDS = 7;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path root;

    @Test
    void statisticsCostAboutWhatReadingTheStoredFactsCosts() throws IOException {
        try (LuceneSearchIndex index = new LuceneSearchIndex(root, "bench", TextAnalysis.withShippedGlossary())) {
            List<IndexedWork> batch = new ArrayList<>();
            for (int i = 0; i < WORKS; i++) {
                batch.add(document(i));
                if (batch.size() == 1_000) {
                    index.indexAll(batch);
                    batch.clear();
                }
            }
            index.indexAll(batch);
            index.flush();
            index.refresh();
            Path live = root.resolve(index.liveName());
            StatsQuery query = new StatsQuery(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(Grouping.MONTH),
                    true,
                    START.plusSeconds(400L * 86_400));
            long[] raw = new long[ROUNDS];
            long[] port = new long[ROUNDS];
            long[] whole = new long[ROUNDS];
            long[] compute = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long t0 = System.nanoTime();
                int read = rawRead(live);
                long t1 = System.nanoTime();
                List<String> facts = index.facts(Optional.empty());
                long t2 = System.nanoTime();
                List<WorkFacts> parsed = index.facts(Optional.empty()).stream()
                        .map(json -> JsonObjects.MAPPER.readValue(json, WorkFacts.class))
                        .toList();
                long parsedAt = System.nanoTime();
                StatsReport report = Statistics.compute(parsed, List.of(), query);
                long t3 = System.nanoTime();
                compute[round] = t3 - parsedAt;
                if (read != WORKS || facts.size() != WORKS || report.totals().submitted() != WORKS) {
                    throw new IllegalStateException("expected " + WORKS + " works, read " + read + "/" + facts.size());
                }
                raw[round] = t1 - t0;
                port[round] = t2 - t1;
                whole[round] = t3 - t2;
            }
            long rawMs = median(raw) / 1_000_000;
            long portMs = median(port) / 1_000_000;
            long wholeMs = median(whole) / 1_000_000;
            log.info(
                    "StatsBench: {} works; raw stored-field read {} ms; facts through the port {} ms ({}x raw); "
                            + "whole answer grouped by month {} ms ({}x raw), of which computing {} ms",
                    WORKS,
                    rawMs,
                    portMs,
                    String.format("%.2f", (double) median(port) / median(raw)),
                    wholeMs,
                    String.format("%.2f", (double) median(whole) / median(raw)),
                    median(compute) / 1_000_000);
        }
    }

    private static int rawRead(Path directory) throws IOException {
        int read = 0;
        try (FSDirectory fs = FSDirectory.open(directory);
                DirectoryReader reader = DirectoryReader.open(fs)) {
            Set<String> only = Set.of(IndexFields.FACTS);
            for (LeafReaderContext leaf : reader.leaves()) {
                StoredFields stored = leaf.reader().storedFields();
                Bits live = leaf.reader().getLiveDocs();
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if ((live == null || live.get(doc))
                            && stored.document(doc, only).get(IndexFields.FACTS) != null) {
                        read++;
                    }
                }
            }
        }
        return read;
    }

    /** A work with a decision, a publication and some findings, spread over a year. */
    private static IndexedWork document(int i) {
        Instant submitted = START.plusSeconds(i * 1_500L);
        WorkFacts facts = new WorkFacts(
                "w" + i,
                "creator" + (i % 500),
                "PUBLISHED",
                i % 3 == 0 ? "video" : "article",
                List.of("topic" + (i % 40)),
                List.of("public"),
                List.of("channel" + (i % 5)),
                i % 50 == 0,
                submitted,
                i % 50 == 0 ? submitted.plusSeconds(86_400) : null,
                submitted.plusSeconds(3 * 86_400),
                null,
                1,
                List.of(new WorkFacts.Assigned("reviewer" + (i % 30), submitted.plusSeconds(60))),
                List.of(new WorkFacts.Decided(
                        "reviewer" + (i % 30), 1, Verdict.APPROVE, submitted.plusSeconds(86_400 + i % 7_200))),
                List.of(new WorkFacts.Screened(
                        1,
                        submitted.plusSeconds(30),
                        List.of(new WorkFacts.CheckCount("readability", "INFO", 1 + i % 3)))));
        return new IndexedWork(
                "w" + i,
                1,
                facts.owner(),
                facts.status(),
                facts.kind(),
                facts.topics(),
                facts.audiences(),
                facts.channels(),
                submitted,
                submitted,
                "标题",
                "",
                "",
                "",
                "",
                "",
                "",
                JsonObjects.MAPPER.writeValueAsString(facts));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
