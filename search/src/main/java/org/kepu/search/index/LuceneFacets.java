package org.kepu.search.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.kepu.search.query.IndexFields;
import org.kepu.search.query.SearchResult.FacetCount;

/** Counts the keyword values of all matching documents, per facet, from sorted-set doc values. */
final class LuceneFacets implements CollectorManager<LuceneFacets.Counter, Map<String, List<FacetCount>>> {

    static final int MAX_VALUES = 50;

    @Override
    public Counter newCollector() {
        return new Counter();
    }

    @Override
    public Map<String, List<FacetCount>> reduce(Collection<Counter> counters) {
        Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
        for (String[] facet : IndexFields.FACETS) {
            Map<String, Long> merged = new HashMap<>();
            for (Counter counter : counters) {
                counter.flush();
                counter.totals.getOrDefault(facet[1], Map.of()).forEach((k, v) -> merged.merge(k, v, Long::sum));
            }
            List<FacetCount> counts = new ArrayList<>();
            merged.forEach((value, count) -> counts.add(new FacetCount(value, count)));
            counts.sort(Comparator.comparingLong(FacetCount::count).reversed().thenComparing(FacetCount::value));
            facets.put(facet[0], List.copyOf(counts.subList(0, Math.min(MAX_VALUES, counts.size()))));
        }
        return facets;
    }

    static final class Counter implements Collector {
        private final Map<String, Map<String, Long>> totals = new HashMap<>();
        private SortedSetDocValues[] values;
        private long[][] counts;

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            flush();
            values = new SortedSetDocValues[IndexFields.FACETS.length];
            counts = new long[IndexFields.FACETS.length][];
            for (int i = 0; i < values.length; i++) {
                values[i] = DocValues.getSortedSet(context.reader(), IndexFields.FACETS[i][1]);
                counts[i] = new long[(int) values[i].getValueCount()];
            }
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {}

                @Override
                public void collect(int doc) throws IOException {
                    for (int i = 0; i < values.length; i++) {
                        if (values[i].advanceExact(doc)) {
                            for (int n = 0; n < values[i].docValueCount(); n++) {
                                counts[i][(int) values[i].nextOrd()]++;
                            }
                        }
                    }
                }
            };
        }

        void flush() {
            if (values == null) {
                return;
            }
            try {
                for (int i = 0; i < values.length; i++) {
                    Map<String, Long> total = totals.computeIfAbsent(IndexFields.FACETS[i][1], k -> new HashMap<>());
                    for (int ord = 0; ord < counts[i].length; ord++) {
                        if (counts[i][ord] > 0) {
                            total.merge(values[i].lookupOrd(ord).utf8ToString(), counts[i][ord], Long::sum);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            values = null;
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
