package org.kepu.search.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.QueryBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.index.WorkDocuments;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relevance on CMRC 2018 (dev): every question is a query, its own passage the one relevant answer.
 * kepu (its analyzer, pre-analysed fields and its query planner, through the Lucene adapter) against
 * plain Lucene analyzers with an OR of the question's tokens, all on embedded Lucene with BM25.
 */
@Tag("bench")
class CmrcRelevanceBenchTest {

    private static final Logger log = LoggerFactory.getLogger(CmrcRelevanceBenchTest.class);
    private static final int K = 10;

    @TempDir
    Path dir;

    record Score(double mrr, double recall, long millis) {}

    @Test
    void mrrAndRecallAtTen() throws IOException {
        Cmrc cmrc = Cmrc.load();
        assertThat(cmrc.passages).hasSize(848);
        assertThat(cmrc.questions).hasSize(3219);

        Map<String, Score> scores = new LinkedHashMap<>();
        scores.put("kepu", kepu(cmrc));
        scores.putAll(new CmrcVectors(cmrc, dir.resolve("vectors")).run());
        scores.put("StandardAnalyzer", plain(cmrc, new StandardAnalyzer()));
        scores.put("CJKAnalyzer", plain(cmrc, new CJKAnalyzer()));
        scores.put("SmartChineseAnalyzer", plain(cmrc, new SmartChineseAnalyzer()));

        StringBuilder table = new StringBuilder("\nCMRC 2018 dev, 3219 questions over 848 passages, BM25\n");
        table.append(String.format("%-34s %8s %10s %9s%n", "analyzer", "MRR@10", "Recall@10", "ms"));
        scores.forEach((name, s) ->
                table.append(String.format("%-34s %8.4f %10.4f %9d%n", name, s.mrr(), s.recall(), s.millis())));
        log.info(table.toString());
        scores.values().forEach(s -> assertThat(s.recall()).isBetween(0.0, 1.0));
    }

    private Score kepu(Cmrc cmrc) {
        TextAnalysis analysis = TextAnalysis.withShippedGlossary();
        WorkDocuments documents = new WorkDocuments(analysis);
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("kepu"), analysis)) {
            List<IndexedWork> works = new ArrayList<>();
            Instant now = Instant.now();
            for (Cmrc.Passage passage : cmrc.passages) {
                WorkMetadata metadata = new WorkMetadata("", "", "ARTICLE", List.of(), List.of(), "", List.of(), false);
                Work work = new Work(
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
                works.add(documents.of(work, Optional.of(passage.context())));
            }
            index.indexAll(works);
            index.refresh();
            long started = System.nanoTime();
            double reciprocal = 0;
            int found = 0;
            for (Cmrc.Question question : cmrc.questions) {
                List<SearchHit> hits = index.search(SearchRequest.of(question.text(), Visibility.everything())
                                .withMatch(SearchRequest.Match.ANY_TOKEN)
                                .page(0, K))
                        .hits();
                for (int rank = 0; rank < hits.size(); rank++) {
                    if (hits.get(rank).id().equals(Integer.toString(question.passage()))) {
                        reciprocal += 1.0 / (rank + 1);
                        found++;
                        break;
                    }
                }
            }
            return score(cmrc, reciprocal, found, started);
        }
    }

    private static Score plain(Cmrc cmrc, Analyzer analyzer) throws IOException {
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
                for (Cmrc.Passage passage : cmrc.passages) {
                    Document doc = new Document();
                    doc.add(new StoredField("id", passage.id()));
                    doc.add(new TextField("body", passage.context(), Field.Store.NO));
                    writer.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                QueryBuilder builder = new QueryBuilder(analyzer);
                long started = System.nanoTime();
                double reciprocal = 0;
                int found = 0;
                for (Cmrc.Question question : cmrc.questions) {
                    Query query = builder.createBooleanQuery("body", question.text(), BooleanClause.Occur.SHOULD);
                    if (query == null) {
                        query = new MatchNoDocsQuery();
                    }
                    if (query instanceof BooleanQuery) {
                        query = new BooleanQuery.Builder()
                                .add(query, BooleanClause.Occur.SHOULD)
                                .build();
                    }
                    ScoreDoc[] hits = searcher.search(query, K).scoreDocs;
                    for (int rank = 0; rank < hits.length; rank++) {
                        int id = searcher.storedFields()
                                .document(hits[rank].doc)
                                .getField("id")
                                .numericValue()
                                .intValue();
                        if (id == question.passage()) {
                            reciprocal += 1.0 / (rank + 1);
                            found++;
                            break;
                        }
                    }
                }
                return score(cmrc, reciprocal, found, started);
            }
        } finally {
            analyzer.close();
        }
    }

    static Score score(Cmrc cmrc, double reciprocal, int found, long started) {
        int n = cmrc.questions.size();
        return new Score(reciprocal / n, (double) found / n, (System.nanoTime() - started) / 1_000_000);
    }
}
