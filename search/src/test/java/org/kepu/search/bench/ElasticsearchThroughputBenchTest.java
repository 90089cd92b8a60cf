package org.kepu.search.bench;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
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
 * Indexing throughput and query latency of kepu's adapters against the raw components: smartcn
 * analysis plus a hand-made {@code _bulk} of the same kind of pre-analysed documents, and the raw
 * search request (same kind of bool query and facet aggregations) sent with the low-level client.
 * Documents are synthetic (~1,500 chars) made of CMRC 2018 sentences; {@code -Dkepu.bench.docs=N}.
 */
@Tag("bench")
class ElasticsearchThroughputBenchTest {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchThroughputBenchTest.class);
    private static final int DOCS = Integer.getInteger("kepu.bench.docs", 20_000);
    private static final int BATCH = 1_000;
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
        List<String> queries = queries(analysis, texts, new Random(7));
        URI url = ElasticsearchServer.shared().url();
        Map<String, String> report = new LinkedHashMap<>();
        report.put("documents", Integer.toString(DOCS));

        try (Rest5Client rest = Rest5Client.builder(url).build();
                SmartChineseAnalyzer smartcn = new SmartChineseAnalyzer()) {
            ElasticsearchClient client =
                    new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
            client.indices()
                    .create(c -> c.index("bench-raw")
                            .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                            .mappings(ElasticsearchSearchIndex.mapping()));
            // warm the analyzers up so that neither side pays for the JIT
            for (int i = 0; i < 1_000; i++) {
                smartcnTokens(smartcn, texts.get(i));
                documents.of(works.get(i), Optional.of(texts.get(i)));
            }

            // raw and kepu batches alternate, so that load from other processes hits both alike
            try (ElasticsearchSearchIndex kepu = ElasticsearchSearchIndex.connect(url, "bench-kepu", analysis)) {
                kepu.indexAll(List.of(documents.of(works.get(0), Optional.of(texts.get(0)))));
                long rawNanos = 0;
                long kepuNanos = 0;
                for (int from = 0; from < DOCS; from += BATCH) {
                    int to = Math.min(DOCS, from + BATCH);
                    long start = System.nanoTime();
                    rawBulk(rest, smartcn, works.subList(from, to), texts.subList(from, to));
                    long middle = System.nanoTime();
                    index(kepu, works.subList(from, to), texts.subList(from, to), documents);
                    kepuNanos += System.nanoTime() - middle;
                    rawNanos += middle - start;
                }
                double rawRate = DOCS / (rawNanos / 1e9);
                double kepuRate = DOCS / (kepuNanos / 1e9);
                rest.performRequest(new Request("POST", "/bench-raw/_refresh"));
                kepu.refresh();
                assertThat(kepu.count()).isEqualTo(DOCS);
                report.put("ES indexing, raw smartcn + _bulk (docs/s)", String.format("%.0f", rawRate));
                report.put("ES indexing, kepu adapter (docs/s)", String.format("%.0f", kepuRate));
                report.put("ES indexing ratio kepu/raw (goal >= 0.8)", String.format("%.2f", kepuRate / rawRate));

                long[][] times = timeBoth(
                        queries,
                        q -> rawSearch(rest, smartcn, q),
                        q -> kepu.search(SearchRequest.of(q, Visibility.everything())));
                long[] rawTimes = times[0];
                long[] kepuTimes = times[1];
                report.put("ES raw query p50/p99 (ms)", p(rawTimes, 50) + " / " + p(rawTimes, 99));
                report.put("ES kepu query p50/p99 (ms)", p(kepuTimes, 50) + " / " + p(kepuTimes, 99));
                report.put(
                        "ES overhead p50/p99 (goal <= 1.25)",
                        String.format("%.2f / %.2f", ratio(kepuTimes, rawTimes, 50), ratio(kepuTimes, rawTimes, 99)));
            }

            try (LuceneSearchIndex lucene = new LuceneSearchIndex(dir.resolve("lucene"), analysis)) {
                long luceneStart = System.nanoTime();
                index(lucene, works, texts, documents);
                lucene.flush();
                double luceneRate = DOCS / seconds(luceneStart);
                lucene.refresh();
                long[] luceneTimes =
                        timeBoth(queries, q -> {}, q -> lucene.search(SearchRequest.of(q, Visibility.everything())))[1];
                report.put("Lucene indexing, kepu adapter (docs/s)", String.format("%.0f", luceneRate));
                report.put("Lucene kepu query p50/p99 (ms)", p(luceneTimes, 50) + " / " + p(luceneTimes, 99));
            }
            client.indices().delete(d -> d.index("bench-raw"));
        }
        StringBuilder table = new StringBuilder("\n");
        report.forEach((k, v) -> table.append(String.format("%-45s %s%n", k, v)));
        log.info(table.toString());
    }

    private void rawBulk(Rest5Client rest, SmartChineseAnalyzer smartcn, List<Work> works, List<String> texts)
            throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < works.size(); i++) {
            Work work = works.get(i);
            body.append("{\"index\":{\"_index\":\"bench-raw\",\"_id\":\"")
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
        Request request = new Request("POST", "/_bulk");
        request.setJsonEntity(body.toString());
        Response response = rest.performRequest(request);
        assertThat(response.getStatusCode()).isEqualTo(200);
    }

    private static void index(SearchIndex index, List<Work> works, List<String> texts, WorkDocuments documents) {
        for (int from = 0; from < works.size(); from += BATCH) {
            List<IndexedWork> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(works.size(), from + BATCH); i++) {
                batch.add(documents.of(works.get(i), Optional.of(texts.get(i))));
            }
            index.indexAll(batch);
        }
    }

    /** Two words each, taken from the documents, so that most queries find something. */
    private static List<String> queries(TextAnalysis analysis, List<String> texts, Random random) {
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

    private void rawSearch(Rest5Client rest, SmartChineseAnalyzer smartcn, String query) {
        try {
            StringBuilder must = new StringBuilder();
            for (String word : query.split(" ")) {
                if (must.length() > 0) {
                    must.append(',');
                }
                must.append("{\"match\":{\"body\":")
                        .append(json.writeValueAsString(smartcnTokens(smartcn, word)))
                        .append("}}");
            }
            String body = "{\"size\":10,\"track_total_hits\":true,\"query\":{\"bool\":{\"must\":[" + must
                    + "]}},\"aggs\":{\"topic\":{\"terms\":{\"field\":\"topics\"}},\"audience\":{\"terms\":{\"field\":"
                    + "\"audiences\"}},\"kind\":{\"terms\":{\"field\":\"kind\"}},\"status\":{\"terms\":{\"field\":"
                    + "\"status\"}}}}";
            Request request = new Request("POST", "/bench-raw/_search");
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
