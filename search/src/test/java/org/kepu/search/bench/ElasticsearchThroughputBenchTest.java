package org.kepu.search.bench;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.analysis.AnalyzedToken;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.index.Batches;
import org.kepu.search.index.ElasticsearchSearchIndex;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.index.WorkDocuments;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.testkit.ElasticsearchServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Indexing throughput and query latency of kepu's adapters against raw Elasticsearch, in one run.
 * Indexing: kepu builds its documents from works and texts (analysis included) and writes them the way
 * the indexer and the rebuild do ({@link Batches}); the raw side sends a hand-made {@code _bulk} of the
 * very same pre-analysed documents, built before the clock starts, and, for comparison with earlier
 * reports, smartcn analysis plus a {@code _bulk} of words only. Queries, two kinds (two words; whole
 * questions): kepu's search against the very same request sent raw with the low-level client, and against
 * a plain smartcn {@code match} of the words with the same facets. Documents are synthetic (~1,500
 * chars) made of CMRC 2018 sentences; {@code -Dkepu.bench.docs=N}.
 */
@Tag("bench")
class ElasticsearchThroughputBenchTest {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchThroughputBenchTest.class);
    private static final int DOCS = Integer.getInteger("kepu.bench.docs", 20_000);
    private static final int BATCH = 200;
    private static final int CHUNK = 5_000;
    private static final int QUERIES = 400;
    private static final String[] TOPICS = {"health", "energy", "space", "it", "disaster", "food", "safety"};
    private static final String[] STATUSES = {"PUBLISHED", "PUBLISHED", "PUBLISHED", "IN_REVIEW", "APPROVED"};

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void indexingAndQueryingAgainstTheRawComponents() throws Exception {
        Cmrc cmrc = Cmrc.load();
        List<String> sentences = new ArrayList<>();
        cmrc.passages.forEach(p -> sentences.addAll(Arrays.asList(p.context().split("(?<=[。！？])"))));
        Random random = new Random(42);
        List<Work> works = new ArrayList<>(DOCS);
        List<String> texts = new ArrayList<>(DOCS);
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < DOCS; i++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 1_500) {
                text.append(sentences.get(random.nextInt(sentences.size())));
            }
            WorkMetadata metadata = new WorkMetadata(
                    cmrc.passages.get(random.nextInt(cmrc.passages.size())).title(),
                    "",
                    "ARTICLE",
                    List.of(TOPICS[random.nextInt(TOPICS.length)]),
                    List.of("public"),
                    "",
                    List.of(),
                    false);
            works.add(new Work(
                    "d" + i,
                    1,
                    "owner" + (i % 50),
                    metadata,
                    WorkStatus.valueOf(STATUSES[random.nextInt(STATUSES.length)]),
                    null,
                    List.of(),
                    null,
                    base,
                    base.plusSeconds(i * 60L)));
            texts.add(text.toString());
        }
        TextAnalysis analysis = TextAnalysis.withShippedGlossary();
        WorkDocuments documents = new WorkDocuments(analysis);
        Map<String, List<String>> queries = new LinkedHashMap<>();
        queries.put("two words", twoWords(analysis, texts, new Random(7)));
        queries.put("questions", questions(cmrc, new Random(11)));
        URI url = ElasticsearchServer.shared().url();
        Map<String, String> report = new LinkedHashMap<>();
        report.put("documents", Integer.toString(DOCS));

        try (Rest5Client rest = Rest5Client.builder(url).build();
                SmartChineseAnalyzer smartcn = new SmartChineseAnalyzer()) {
            ElasticsearchClient client =
                    new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
            for (String raw : new String[] {"bench-raw", "bench-words"}) {
                client.indices()
                        .create(c -> c.index(raw)
                                .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                                .mappings(ElasticsearchSearchIndex.mapping()));
            }
            // warm the analyzers up so that neither side pays for the JIT
            for (int i = 0; i < 1_000; i++) {
                smartcnTokens(smartcn, texts.get(i));
                documents.of(works.get(i), Optional.of(texts.get(i)));
            }

            // the three ways alternate chunk by chunk, so that load from other processes hits them alike
            try (ElasticsearchSearchIndex kepu = ElasticsearchSearchIndex.connect(url, "bench-kepu", analysis)) {
                kepu.indexAll(List.of(documents.of(works.get(0), Optional.of(texts.get(0)))));
                long rawNanos = 0;
                long wordsNanos = 0;
                long kepuNanos = 0;
                for (int from = 0; from < DOCS; from += CHUNK) {
                    int to = Math.min(DOCS, from + CHUNK);
                    List<String> bodies = new ArrayList<>();
                    for (int i = from; i < to; i += BATCH) {
                        bodies.add(bulkBody("bench-raw", works.subList(i, Math.min(to, i + BATCH)), texts, documents));
                    }
                    long start = System.nanoTime();
                    bodies.forEach(body -> bulk(rest, body));
                    long wordsStart = System.nanoTime();
                    for (int i = from; i < to; i += BATCH) {
                        int end = Math.min(to, i + BATCH);
                        rawWordsBulk(rest, smartcn, works.subList(i, end), texts.subList(i, end));
                    }
                    long kepuStart = System.nanoTime();
                    index(kepu, works.subList(from, to), texts, documents);
                    kepuNanos += System.nanoTime() - kepuStart;
                    wordsNanos += kepuStart - wordsStart;
                    rawNanos += wordsStart - start;
                }
                double rawRate = DOCS / (rawNanos / 1e9);
                double wordsRate = DOCS / (wordsNanos / 1e9);
                double kepuRate = DOCS / (kepuNanos / 1e9);
                rest.performRequest(new Request("POST", "/bench-raw,bench-words/_refresh"));
                kepu.refresh();
                assertThat(kepu.count()).isEqualTo(DOCS);
                report.put("ES indexing, raw _bulk of kepu's documents", String.format("%.0f docs/s", rawRate));
                report.put("ES indexing, raw smartcn + _bulk of words", String.format("%.0f docs/s", wordsRate));
                report.put("ES indexing, kepu (analysis + bulk)", String.format("%.0f docs/s", kepuRate));
                report.put("ES indexing kepu / raw _bulk (goal >= 0.8)", String.format("%.2f", kepuRate / rawRate));
                report.put("ES indexing kepu / raw smartcn + _bulk", String.format("%.2f", kepuRate / wordsRate));

                for (Map.Entry<String, List<String>> kind : queries.entrySet()) {
                    Map<String, String> bodies = new HashMap<>();
                    kind.getValue().forEach(q -> bodies.put(q, requestBody(kepu, q)));
                    long[][] same = timeBoth(
                            kind.getValue(),
                            q -> rawSearch(rest, "/bench-kepu/_search", bodies.get(q)),
                            q -> kepu.search(request(q)));
                    long[][] plain = timeBoth(
                            kind.getValue(),
                            q -> rawSearch(rest, "/bench-words/_search", wordsQuery(smartcn, q)),
                            q -> kepu.search(request(q)));
                    String name = kind.getKey();
                    report.put("ES " + name + ": raw same request p50/p99", ms(same[0]));
                    report.put("ES " + name + ": raw smartcn match p50/p99", ms(plain[0]));
                    report.put("ES " + name + ": kepu p50/p99", ms(same[1]));
                    report.put("ES " + name + ": kepu / raw same (goal <= 1.25)", ratios(same[1], same[0]));
                    report.put("ES " + name + ": kepu / raw smartcn match", ratios(plain[1], plain[0]));
                }
            }

            try (LuceneSearchIndex lucene = new LuceneSearchIndex(dir.resolve("lucene"), analysis)) {
                long luceneStart = System.nanoTime();
                index(lucene, works, texts, documents);
                lucene.flush();
                double luceneRate = DOCS / seconds(luceneStart);
                lucene.refresh();
                report.put("Lucene indexing, kepu", String.format("%.0f docs/s", luceneRate));
                for (Map.Entry<String, List<String>> kind : queries.entrySet()) {
                    long[] times = timeBoth(kind.getValue(), q -> {}, q -> lucene.search(request(q)))[1];
                    report.put("Lucene " + kind.getKey() + ": kepu p50/p99", ms(times));
                }
            }
            client.indices().delete(d -> d.index("bench-raw", "bench-words"));
        }
        StringBuilder table = new StringBuilder("\n");
        report.forEach((k, v) -> table.append(String.format("%-50s %s%n", k, v)));
        log.info(table.toString());
    }

    /** The bulk request body of kepu's own documents for these works, as kepu's adapter would send them. */
    private String bulkBody(String index, List<Work> works, List<String> texts, WorkDocuments documents) {
        StringBuilder body = new StringBuilder();
        for (Work work : works) {
            IndexedWork doc = documents.of(
                    work, Optional.of(texts.get(Integer.parseInt(work.id().substring(1)))));
            body.append("{\"index\":{\"_index\":\"")
                    .append(index)
                    .append("\",\"_id\":\"")
                    .append(work.id())
                    .append("\",\"version\":")
                    .append(doc.revision())
                    .append(",\"version_type\":\"external_gte\"}}\n");
            body.append(json.writeValueAsString(ElasticsearchSearchIndex.source(doc)))
                    .append('\n');
        }
        return body.toString();
    }

    private static void bulk(Rest5Client rest, String body) {
        try {
            Request request = new Request("POST", "/_bulk");
            request.setJsonEntity(body);
            Response response = rest.performRequest(request);
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(new String(response.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("{\"errors\":false");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The earlier baseline: smartcn's words of the text, and the text, in the same mapping. */
    private void rawWordsBulk(Rest5Client rest, SmartChineseAnalyzer smartcn, List<Work> works, List<String> texts) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < works.size(); i++) {
            Work work = works.get(i);
            body.append("{\"index\":{\"_index\":\"bench-words\",\"_id\":\"")
                    .append(work.id())
                    .append("\"}}\n");
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("id", work.id());
            source.put("status", work.status().name());
            source.put("kind", work.metadata().kind());
            source.put("topics", work.metadata().topics());
            source.put("audiences", work.metadata().audiences());
            source.put("updatedAt", work.updatedAt().toEpochMilli());
            source.put("body", smartcnTokens(smartcn, texts.get(i)));
            source.put("text", texts.get(i));
            body.append(json.writeValueAsString(source)).append('\n');
        }
        bulk(rest, body.toString());
    }

    /** As the indexer and the rebuild write: documents built on other threads while a batch is written. */
    private static void index(SearchIndex index, List<Work> works, List<String> texts, WorkDocuments documents) {
        Batches.run(
                works,
                BATCH,
                batch -> batch.stream()
                        .map(work -> documents.of(
                                work,
                                Optional.of(texts.get(Integer.parseInt(work.id().substring(1))))))
                        .toList(),
                index::indexAll);
    }

    private static SearchRequest request(String query) {
        return SearchRequest.of(query, Visibility.everything());
    }

    /** Whole questions, as people type them into a search box. */
    private static List<String> questions(Cmrc cmrc, Random random) {
        List<String> questions = new ArrayList<>();
        while (questions.size() < QUERIES) {
            questions.add(
                    cmrc.questions.get(random.nextInt(cmrc.questions.size())).text());
        }
        return questions;
    }

    /** Two words each, taken from the documents, so that most queries find something. */
    private static List<String> twoWords(TextAnalysis analysis, List<String> texts, Random random) {
        List<String> queries = new ArrayList<>();
        while (queries.size() < QUERIES) {
            List<String> words = analysis.tokens(texts.get(random.nextInt(texts.size()))).stream()
                    .filter(t -> !t.glossary() && t.term().length() >= 2)
                    .map(AnalyzedToken::term)
                    .toList();
            if (words.size() > 2) {
                queries.add(words.get(random.nextInt(words.size())) + " " + words.get(random.nextInt(words.size())));
            }
        }
        return queries;
    }

    private String requestBody(ElasticsearchSearchIndex kepu, String query) {
        return JsonpUtils.toJsonString(
                kepu.request(request(query)), kepu.client()._jsonpMapper());
    }

    /** Each word of the query required, by any of smartcn's tokens of it; the same facets and page size. */
    private String wordsQuery(SmartChineseAnalyzer smartcn, String query) {
        StringBuilder must = new StringBuilder();
        for (String word : query.split(" ")) {
            if (must.length() > 0) {
                must.append(',');
            }
            must.append("{\"match\":{\"body\":")
                    .append(json.writeValueAsString(smartcnTokens(smartcn, word)))
                    .append("}}");
        }
        return "{\"size\":10,\"track_total_hits\":true,\"_source\":{\"excludes\":[\"body\"]},"
                + "\"query\":{\"bool\":{\"must\":[" + must + "]}},\"aggs\":{\"topic\":{\"terms\":{\"field\":"
                + "\"topics\"}},\"audience\":{\"terms\":{\"field\":\"audiences\"}},\"kind\":{\"terms\":"
                + "{\"field\":\"kind\"}},\"status\":{\"terms\":{\"field\":\"status\"}}}}";
    }

    private void rawSearch(Rest5Client rest, String path, String body) {
        try {
            Request request = new Request("POST", path);
            request.setJsonEntity(body);
            Response response = rest.performRequest(request);
            json.readTree(new String(response.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String smartcnTokens(SmartChineseAnalyzer analyzer, String text) {
        StringBuilder out = new StringBuilder();
        try (TokenStream stream = analyzer.tokenStream("body", new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                out.append(term).append(' ');
            }
            stream.end();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** Latencies of two ways to run each query, alternating query by query; each array sorted. */
    private static long[][] timeBoth(List<String> queries, Consumer<String> first, Consumer<String> second) {
        for (int i = 0; i < 100; i++) {
            first.accept(queries.get(i));
            second.accept(queries.get(i));
        }
        long[] a = new long[queries.size()];
        long[] b = new long[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            long start = System.nanoTime();
            first.accept(queries.get(i));
            long middle = System.nanoTime();
            second.accept(queries.get(i));
            b[i] = System.nanoTime() - middle;
            a[i] = middle - start;
        }
        Arrays.sort(a);
        Arrays.sort(b);
        return new long[][] {a, b};
    }

    private static String ms(long[] sorted) {
        return p(sorted, 50) + " / " + p(sorted, 99) + " ms";
    }

    private static String ratios(long[] a, long[] b) {
        return String.format("%.2f / %.2f", ratio(a, b, 50), ratio(a, b, 99));
    }

    private static String p(long[] sorted, int percentile) {
        return String.format("%.1f", sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6);
    }

    private static double ratio(long[] a, long[] b, int percentile) {
        int i = Math.min(a.length - 1, a.length * percentile / 100);
        return (double) a[i] / b[i];
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
