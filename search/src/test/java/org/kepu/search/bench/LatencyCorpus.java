package org.kepu.search.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.heldout.HeldOut;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.testing.Works;

/**
 * The index the latency benchmarks query: works of three sentences each, sentences of the CMRC 2018
 * passages (read from {@code ../shared/data/cmrc2018}), and in one work of ten a sentence of the held-out
 * articles, so that the held-out queries' words occur in some works, not in all.
 */
final class LatencyCorpus {

    final HeldOut set;
    private final List<String> heldOut = new ArrayList<>();
    private final List<String> background = new ArrayList<>();

    private LatencyCorpus(HeldOut set, Cmrc cmrc) {
        this.set = set;
        set.articles.forEach(a -> heldOut.addAll(sentences(a.text())));
        cmrc.passages.forEach(p -> background.addAll(sentences(p.context())));
    }

    static LatencyCorpus load() throws IOException {
        return new LatencyCorpus(HeldOut.load(), Cmrc.load());
    }

    /** Indexes {@code docs} works under {@code path}, each passed through {@code complete} (after its text is drawn). */
    void index(Path path, TextAnalysis analysis, int docs, Random random, UnaryOperator<IndexedWork> complete) {
        try (LuceneSearchIndex index = new LuceneSearchIndex(path, analysis)) {
            List<IndexedWork> batch = new ArrayList<>();
            for (int i = 0; i < docs; i++) {
                StringBuilder text = new StringBuilder();
                for (int s = 0; s < 3; s++) {
                    List<String> from = s == 0 && random.nextInt(10) == 0 ? heldOut : background;
                    text.append(from.get(random.nextInt(from.size())));
                }
                batch.add(complete.apply(Works.work("w" + i)
                        .titled("第" + i + "篇")
                        .saying(text.toString())
                        .indexed()));
                if (batch.size() == 1000) {
                    index.indexAll(batch);
                    batch.clear();
                }
            }
            index.indexAll(batch);
            index.flush();
        }
    }

    static List<String> sentences(String text) {
        return Arrays.stream(text.split("(?<=[。！？])")).filter(s -> !s.isBlank()).toList();
    }

    /** The median of the rounds after the first, which warms up and is not counted. */
    static double median(long[] rounds) {
        long[] counted = Arrays.copyOfRange(rounds, 1, rounds.length);
        Arrays.sort(counted);
        return counted.length % 2 == 1
                ? counted[counted.length / 2]
                : (counted[counted.length / 2 - 1] + counted[counted.length / 2]) / 2.0;
    }
}
