package org.kepu.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorIndexOptionsType;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorSimilarity;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.IndexOptions;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest.Builder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.query.Cursor;
import org.kepu.search.query.Highlighter;
import org.kepu.search.query.IndexFields;
import org.kepu.search.query.QueryPlan;
import org.kepu.search.query.QueryPlanner;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.kepu.search.query.SearchResult.FacetCount;
import org.kepu.search.query.TermStats;
import org.kepu.search.vector.BgeSmallZh;
import org.kepu.search.vector.NeighbourFilter;
import org.kepu.search.vector.VectorSearch;

/**
 * The Elasticsearch 9 adapter. Versioned indices ({@code kepu-works-v1}, …) sit behind an alias
 * ({@code kepu-works}); documents arrive pre-analysed, so the analysed fields use the built-in
 * {@code whitespace} analyzer and no plugin is needed. Writes use {@code version_type=external_gte} with
 * the manifest revision. Any failure to reach the cluster is a {@link SearchUnavailableException}.
 */
public final class ElasticsearchSearchIndex implements SearchIndex, VectorSearch {

    /** Fields derived from the stored text or from the object store, indexed but never read back. */
    private static final String[] TOKEN_FIELDS = {
        IndexFields.TITLE, IndexFields.BODY, IndexFields.TERMS, IndexFields.BIGRAMS, IndexFields.VECTOR
    };

    private static final int FACTS_PAGE = 1000;

    private final ElasticsearchClient client;
    private final Optional<AutoCloseable> owned;
    private final String alias;
    private final QueryPlanner planner;
    private final Hits hits;
    private volatile boolean ready;
    private volatile String rebuilding;

    public ElasticsearchSearchIndex(ElasticsearchClient client, String alias, TextAnalysis analysis) {
        this(client, Optional.empty(), alias, analysis);
    }

    private ElasticsearchSearchIndex(
            ElasticsearchClient client, Optional<AutoCloseable> owned, String alias, TextAnalysis analysis) {
        this.client = client;
        this.owned = owned;
        this.alias = alias;
        this.planner = new QueryPlanner(analysis);
        this.hits = new Hits(new Highlighter(analysis));
    }

    /** Connects to {@code url} (e.g. {@code http://127.0.0.1:9200}); {@link #close()} closes the client. */
    public static ElasticsearchSearchIndex connect(URI url, String alias, TextAnalysis analysis) {
        Rest5Client rest = Rest5Client.builder(url).build();
        ElasticsearchClient client = new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
        return new ElasticsearchSearchIndex(client, Optional.of(rest), alias, analysis);
    }

    public ElasticsearchClient client() {
        return client;
    }

    /** The mapping of every versioned index; production code owns it, tests reuse it. */
    public static TypeMapping mapping() {
        return TypeMapping.of(m -> {
            m.dynamic(DynamicMapping.Strict);
            for (String keyword : new String[] {
                IndexFields.ID,
                IndexFields.OWNER_ID,
                IndexFields.STATUS,
                IndexFields.KIND,
                IndexFields.TOPICS,
                IndexFields.AUDIENCES,
                IndexFields.CHANNELS
            }) {
                m.properties(keyword, p -> p.keyword(k -> k));
            }
            m.properties(IndexFields.REVISION, p -> p.long_(l -> l));
            m.properties(IndexFields.CREATED_AT, p -> p.date(d -> d.format("epoch_millis")));
            m.properties(IndexFields.UPDATED_AT, p -> p.date(d -> d.format("epoch_millis")));
            // title and body answer phrases and need positions; glossary terms and bigrams are only ever
            // looked up one term at a time, so frequencies suffice and the index stays smaller
            m.properties(IndexFields.TITLE, p -> p.text(t -> t.analyzer("whitespace")));
            m.properties(IndexFields.BODY, p -> p.text(t -> t.analyzer("whitespace")));
            for (String unordered : new String[] {IndexFields.TERMS, IndexFields.BIGRAMS}) {
                m.properties(
                        unordered, p -> p.text(t -> t.analyzer("whitespace").indexOptions(IndexOptions.Freqs)));
            }
            // the token fields are derived from the stored text and never read back: keeping them out of
            // _source saves compressing and storing them a second time
            m.source(s -> s.excludes(List.of(TOKEN_FIELDS)));
            for (String stored :
                    new String[] {IndexFields.TITLE_TEXT, IndexFields.SUMMARY_TEXT, IndexFields.TEXT, IndexFields.FACTS
                    }) {
                m.properties(stored, p -> p.text(t -> t.index(false)));
            }
            m.properties(IndexFields.VECTOR, vectorMapping());
            return m;
        });
    }

    /**
     * Unit vectors compared by dot product; int8 quantised HNSW keeps a quarter of the float vectors in
     * memory, at a recall loss too small to move a fused ranking.
     */
    private static Property vectorMapping() {
        return Property.of(p -> p.denseVector(d -> d.dims(BgeSmallZh.DIMENSION)
                .index(true)
                .similarity(DenseVectorSimilarity.DotProduct)
                .indexOptions(o -> o.type(DenseVectorIndexOptionsType.Int8Hnsw))));
    }

    private void ensureIndex() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            call(() -> {
                if (!client.indices().existsAlias(e -> e.name(alias)).value()) {
                    createIndex(alias + "-v1", true);
                } else {
                    // indices made before statistics facts or vectors existed take the fields (adding one is
                    // allowed under a strict mapping); a reindex then fills them for works not written since
                    client.indices()
                            .putMapping(p -> p.index(alias)
                                    .properties(IndexFields.FACTS, f -> f.text(t -> t.index(false)))
                                    .properties(IndexFields.VECTOR, vectorMapping()));
                }
                return null;
            });
            ready = true;
        }
    }

    private void createIndex(String name, boolean withAlias) throws IOException {
        client.indices().create(c -> {
            c.index(name)
                    .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                    .mappings(mapping());
            if (withAlias) {
                c.aliases(alias, a -> a.isWriteIndex(true));
            }
            return c;
        });
    }

    @Override
    public WriteOutcome index(IndexedWork work) {
        return indexAll(List.of(work)).get(0);
    }

    @Override
    public List<WriteOutcome> indexAll(List<IndexedWork> works) {
        if (works.isEmpty()) {
            return List.of();
        }
        ensureIndex();
        String target = rebuilding;
        List<WriteOutcome> outcomes = bulk(alias, works);
        if (target != null) {
            bulk(target, works);
        }
        return outcomes;
    }

    List<WriteOutcome> bulk(String index, List<IndexedWork> works) {
        List<BulkOperation> operations = new ArrayList<>(works.size());
        for (IndexedWork work : works) {
            Map<String, Object> source = source(work);
            operations.add(BulkOperation.of(op -> op.index(i -> i.index(index)
                    .id(work.id())
                    .version(work.revision())
                    .versionType(VersionType.ExternalGte)
                    .document(source))));
        }
        BulkResponse response;
        try {
            response = call(() -> client.bulk(b -> b.operations(operations)));
        } catch (RuntimeException e) {
            if (!tooLarge(e)) {
                throw e;
            }
            // the request as a whole exceeds the cluster's limit: each document is refused here, so that
            // the indexer sends them one by one and only one that is too large on its own stays refused
            String reason = works.size() == 1
                    ? "the document is larger than the cluster accepts in one request"
                    : "the bulk request was larger than the cluster accepts";
            return works.stream().map(w -> WriteOutcome.refused(reason)).toList();
        }
        List<WriteOutcome> outcomes = new ArrayList<>(works.size());
        for (BulkResponseItem item : response.items()) {
            if (item.error() == null) {
                outcomes.add(WriteOutcome.APPLIED);
            } else if (item.status() == 409) {
                outcomes.add(WriteOutcome.STALE);
            } else if (item.status() == 429 || item.status() >= 500) {
                throw new SearchUnavailableException(
                        "bulk write refused: " + item.error().reason(), null);
            } else {
                // a mapping error or an immense term: this document only; the rest of the bulk stands
                outcomes.add(WriteOutcome.refused(
                        item.error().type() + ": " + item.error().reason()));
            }
        }
        return outcomes;
    }

    /** Whether the cluster answered 413: the request body exceeded {@code http.max_content_length}. */
    private static boolean tooLarge(RuntimeException e) {
        if (e instanceof ElasticsearchException es) {
            return es.status() == 413;
        }
        return e.getCause() instanceof TransportException transport && transport.statusCode() == 413;
    }

    /** The document as sent in a bulk request: public so that benchmarks can send the very same one raw. */
    public static Map<String, Object> source(IndexedWork work) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put(IndexFields.ID, work.id());
        source.put(IndexFields.REVISION, work.revision());
        source.put(IndexFields.OWNER_ID, work.ownerId());
        source.put(IndexFields.STATUS, work.status());
        source.put(IndexFields.KIND, work.kind());
        source.put(IndexFields.TOPICS, work.topics());
        source.put(IndexFields.AUDIENCES, work.audiences());
        source.put(IndexFields.CHANNELS, work.channels());
        source.put(IndexFields.CREATED_AT, work.createdAt().toEpochMilli());
        source.put(IndexFields.UPDATED_AT, work.updatedAt().toEpochMilli());
        source.put(IndexFields.TITLE, work.titleTokens());
        source.put(IndexFields.BODY, work.bodyTokens());
        source.put(IndexFields.TERMS, work.terms());
        source.put(IndexFields.BIGRAMS, work.bigrams());
        source.put(IndexFields.TITLE_TEXT, work.title());
        source.put(IndexFields.SUMMARY_TEXT, work.summary());
        source.put(IndexFields.TEXT, work.text());
        source.put(IndexFields.FACTS, work.facts());
        work.vector().ifPresent(vector -> source.put(IndexFields.VECTOR, vector));
        return source;
    }

    @Override
    public WriteOutcome delete(String id, long revision) {
        ensureIndex();
        String target = rebuilding;
        if (target != null) {
            deleteFrom(target, id, revision);
        }
        return deleteFrom(alias, id, revision);
    }

    private WriteOutcome deleteFrom(String index, String id, long revision) {
        try {
            call(() ->
                    client.delete(d -> d.index(index).id(id).version(revision).versionType(VersionType.ExternalGte)));
            return WriteOutcome.APPLIED;
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                return WriteOutcome.STALE;
            }
            throw e;
        }
    }

    @Override
    public void flush() {
        // Elasticsearch acknowledges a write only once it is in the translog: it is durable already.
    }

    @Override
    public void refresh() {
        ensureIndex();
        call(() -> client.indices().refresh(r -> r.index(alias)));
    }

    /** The search request sent for {@code request}: public so that benchmarks can send the very same one raw. */
    public co.elastic.clients.elasticsearch.core.SearchRequest request(SearchRequest request) {
        return request(request, planner.plan(request.query(), request.match(), termStats()));
    }

    private co.elastic.clients.elasticsearch.core.SearchRequest request(SearchRequest request, QueryPlan plan) {
        Query query = ElasticsearchQueries.query(plan, request.filters(), request.visibility());
        boolean byDate = request.sort().byDate();
        Builder search = new Builder()
                .index(alias)
                .query(query)
                .size(request.size())
                .trackTotalHits(t -> t.enabled(true))
                .source(s -> s.filter(f -> f.excludes(List.of(TOKEN_FIELDS))));
        if (byDate) {
            SortOrder order = request.sort() == SearchRequest.Sort.DATE ? SortOrder.Desc : SortOrder.Asc;
            search.sort(s -> s.field(f -> f.field(IndexFields.UPDATED_AT).order(order)));
        } else {
            search.sort(s -> s.score(sc -> sc.order(SortOrder.Desc)));
        }
        search.sort(s -> s.field(f -> f.field(IndexFields.ID).order(SortOrder.Asc)));
        if (request.cursor().isPresent()) {
            Cursor cursor = Cursor.decode(request.cursor().get());
            FieldValue first = byDate ? FieldValue.of((long) cursor.sortValue()) : FieldValue.of(cursor.sortValue());
            search.searchAfter(first, FieldValue.of(cursor.id()));
        } else {
            search.from(request.page() * request.size());
        }
        return facets(search).build();
    }

    /** Asks for the facets of the matches, read back by {@link #facets(SearchResponse)}. */
    private static Builder facets(Builder search) {
        for (String[] facet : IndexFields.FACETS) {
            search.aggregations(
                    facet[0], Aggregation.of(a -> a.terms(t -> t.field(facet[1]).size(LuceneFacets.MAX_VALUES))));
        }
        return search;
    }

    private static Map<String, List<FacetCount>> facets(SearchResponse<?> response) {
        Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
        for (String[] facet : IndexFields.FACETS) {
            List<FacetCount> counts = new ArrayList<>();
            for (StringTermsBucket bucket :
                    response.aggregations().get(facet[0]).sterms().buckets().array()) {
                counts.add(new FacetCount(bucket.key().stringValue(), bucket.docCount()));
            }
            facets.put(facet[0], counts);
        }
        return facets;
    }

    @Override
    public SearchResult search(SearchRequest request) {
        ensureIndex();
        QueryPlan plan = planner.plan(request.query(), request.match(), termStats());
        co.elastic.clients.elasticsearch.core.SearchRequest search = request(request, plan);
        @SuppressWarnings({"rawtypes", "unchecked"})
        SearchResponse<Map<String, Object>> response = (SearchResponse) call(() -> client.search(search, Map.class));
        List<SearchHit> found = new ArrayList<>();
        for (Hit<Map<String, Object>> hit : response.hits().hits()) {
            found.add(hit(hit, plan));
        }
        Map<String, List<FacetCount>> facets = facets(response);
        Optional<String> next = Optional.empty();
        List<Hit<Map<String, Object>>> raw = response.hits().hits();
        if (raw.size() == request.size()) {
            List<FieldValue> sortValues = raw.get(raw.size() - 1).sort();
            double value = sortValues.get(0).isDouble()
                    ? sortValues.get(0).doubleValue()
                    : sortValues.get(0).longValue();
            next = Optional.of(new Cursor(value, sortValues.get(1).stringValue()).encode());
        }
        long total = response.hits().total() == null
                ? found.size()
                : response.hits().total().value();
        return new SearchResult(total, found, facets, next);
    }

    @Override
    public Ranking ranking(SearchRequest request, int depth) {
        ensureIndex();
        QueryPlan plan = planner.plan(request.query(), request.match(), termStats());
        Query query = ElasticsearchQueries.query(plan, request.filters(), request.visibility());
        // the order of search(): by score, ties by id
        co.elastic.clients.elasticsearch.core.SearchRequest search = facets(new Builder()
                        .index(alias)
                        .query(query)
                        .size(depth)
                        .trackTotalHits(t -> t.enabled(true))
                        .source(s -> s.fetch(false))
                        .sort(s -> s.score(sc -> sc.order(SortOrder.Desc)))
                        .sort(s -> s.field(f -> f.field(IndexFields.ID).order(SortOrder.Asc)))
                        .trackScores(true))
                .build();
        SearchResponse<Void> response = call(() -> client.search(search, Void.class));
        long total = response.hits().total() == null
                ? response.hits().hits().size()
                : response.hits().total().value();
        return new Ranking(ranked(response), total, facets(response));
    }

    @Override
    public Map<String, Float> similarities(float[] vector, List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        // as many candidates as works: the graph search turns into an exact comparison with each of them
        List<Ranked> ranked = ranked(new Builder()
                .index(alias)
                .knn(knn -> knn.field(IndexFields.VECTOR)
                        .queryVector(floats(vector))
                        .k(ids.size())
                        .numCandidates(Math.max(100, ids.size()))
                        .filter(f -> f.ids(i -> i.values(ids))))
                .size(ids.size())
                .source(s -> s.fetch(false))
                .build());
        Map<String, Float> cosines = new HashMap<>();
        // Elasticsearch scores a dot product of unit vectors as (1 + cosine) / 2
        ranked.forEach(r -> cosines.put(r.id(), 2 * r.score() - 1));
        return cosines;
    }

    private static List<Float> floats(float[] vector) {
        List<Float> list = new ArrayList<>(vector.length);
        for (float v : vector) {
            list.add(v);
        }
        return list;
    }

    @Override
    public List<Ranked> nearest(float[] vector, int k, SearchRequest request) {
        QueryPlan plan = planner.plan(request.query(), request.match());
        Query filter = ElasticsearchQueries.query(NeighbourFilter.of(plan), request.filters(), request.visibility());
        List<Float> target = floats(vector);
        // the filter applies during the graph search, so k visible works come back, not k minus hidden ones
        List<Ranked> ranked = ranked(new Builder()
                .index(alias)
                .knn(knn -> knn.field(IndexFields.VECTOR)
                        .queryVector(target)
                        .k(k)
                        .numCandidates(Math.max(100, 2 * k))
                        .filter(filter))
                .size(k)
                .source(s -> s.fetch(false))
                .build());
        // Elasticsearch scores a dot product of unit vectors as (1 + cosine) / 2
        return ranked.stream().map(r -> new Ranked(r.id(), 2 * r.score() - 1)).toList();
    }

    private List<Ranked> ranked(co.elastic.clients.elasticsearch.core.SearchRequest search) {
        ensureIndex();
        return ranked(call(() -> client.search(search, Void.class)));
    }

    private static List<Ranked> ranked(SearchResponse<Void> response) {
        return response.hits().hits().stream()
                .map(hit -> new Ranked(
                        hit.id(), hit.score() == null ? 0f : hit.score().floatValue()))
                .toList();
    }

    @Override
    public List<SearchHit> hits(List<String> ids, SearchRequest request) {
        ensureIndex();
        QueryPlan plan = planner.plan(request.query(), request.match());
        Query visible = ElasticsearchQueries.query(NeighbourFilter.of(plan), request.filters(), request.visibility());
        co.elastic.clients.elasticsearch.core.SearchRequest search = new Builder()
                .index(alias)
                .query(q -> q.bool(b -> b.filter(f -> f.ids(i -> i.values(ids))).filter(visible)))
                .size(Math.max(1, ids.size()))
                .source(s -> s.filter(f -> f.excludes(List.of(TOKEN_FIELDS))))
                .build();
        @SuppressWarnings({"rawtypes", "unchecked"})
        SearchResponse<Map<String, Object>> response = (SearchResponse) call(() -> client.search(search, Map.class));
        Map<String, SearchHit> found = new LinkedHashMap<>();
        for (Hit<Map<String, Object>> hit : response.hits().hits()) {
            found.put(hit.id(), hit(hit, plan, 0f));
        }
        return ids.stream().filter(found::containsKey).map(found::get).toList();
    }

    /**
     * Body document frequencies for weighing synonyms, asked of the index in one request (a filters
     * aggregation) only when a query has synonyms.
     */
    private TermStats termStats() {
        return terms -> {
            Map<String, Query> filters = new LinkedHashMap<>();
            List<String> list = List.copyOf(terms);
            filters.put("body", Query.of(q -> q.exists(e -> e.field(IndexFields.BODY))));
            for (int i = 0; i < list.size(); i++) {
                String term = list.get(i);
                filters.put(
                        "t" + i,
                        Query.of(q -> q.term(t -> t.field(IndexFields.BODY).value(term))));
            }
            SearchResponse<Void> response = call(() -> client.search(
                    s -> s.index(alias)
                            .size(0)
                            .aggregations("df", a -> a.filters(f -> f.filters(b -> b.keyed(filters)))),
                    Void.class));
            var buckets = response.aggregations().get("df").filters().buckets().keyed();
            Map<String, Long> docFreqs = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                docFreqs.put(list.get(i), buckets.get("t" + i).docCount());
            }
            return new TermStats.Counts(buckets.get("body").docCount(), docFreqs);
        };
    }

    @SuppressWarnings("unchecked")
    private SearchHit hit(Hit<Map<String, Object>> hit, QueryPlan plan) {
        return hit(hit, plan, hit.score() == null ? 0f : hit.score().floatValue());
    }

    @SuppressWarnings("unchecked")
    private SearchHit hit(Hit<Map<String, Object>> hit, QueryPlan plan, float score) {
        Map<String, Object> source = hit.source();
        return hits.hit(
                hit.id(),
                score,
                plan.highlightTerms(),
                string(source, IndexFields.TITLE_TEXT),
                string(source, IndexFields.SUMMARY_TEXT),
                string(source, IndexFields.TEXT),
                string(source, IndexFields.STATUS),
                (List<String>) source.getOrDefault(IndexFields.TOPICS, List.of()),
                (List<String>) source.getOrDefault(IndexFields.AUDIENCES, List.of()),
                string(source, IndexFields.KIND),
                string(source, IndexFields.OWNER_ID),
                (List<String>) source.getOrDefault(IndexFields.CHANNELS, List.of()),
                Instant.ofEpochMilli(((Number) source.get(IndexFields.UPDATED_AT)).longValue()),
                ((Number) source.get(IndexFields.REVISION)).longValue());
    }

    private static String string(Map<String, Object> source, String field) {
        Object value = source.get(field);
        return value == null ? "" : value.toString();
    }

    @Override
    public Optional<Long> revision(String id) {
        return get(id).map(response -> response.version());
    }

    @Override
    public Optional<StoredWork> stored(String id) {
        return get(id).map(response -> {
            Map<String, Object> source = response.source();
            return new StoredWork(
                    id,
                    string(source, IndexFields.TITLE_TEXT),
                    string(source, IndexFields.SUMMARY_TEXT),
                    string(source, IndexFields.TEXT),
                    response.version());
        });
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Optional<GetResponse<Map<String, Object>>> get(String id) {
        ensureIndex();
        GetResponse<Map<String, Object>> response = (GetResponse) call(
                () -> client.get(g -> g.index(alias).id(id).sourceExcludes(List.of(TOKEN_FIELDS)), Map.class));
        return response.found() ? Optional.of(response) : Optional.empty();
    }

    /** Reads the facts a page at a time, in id order, so that no page is skipped or read twice. */
    @Override
    public List<String> facts(Optional<String> owner) {
        ensureIndex();
        Query query = owner.map(id ->
                        Query.of(q -> q.term(t -> t.field(IndexFields.OWNER_ID).value(id))))
                .orElseGet(() -> Query.of(q -> q.matchAll(a -> a)));
        List<String> out = new ArrayList<>();
        String after = null;
        while (true) {
            String from = after;
            @SuppressWarnings({"rawtypes", "unchecked"})
            SearchResponse<Map<String, Object>> page = (SearchResponse) call(() -> client.search(
                    s -> {
                        s.index(alias)
                                .query(query)
                                .size(FACTS_PAGE)
                                .trackTotalHits(t -> t.enabled(false))
                                .source(src -> src.filter(f -> f.includes(IndexFields.FACTS)))
                                .sort(o -> o.field(f -> f.field(IndexFields.ID).order(SortOrder.Asc)));
                        if (from != null) {
                            s.searchAfter(FieldValue.of(from));
                        }
                        return s;
                    },
                    Map.class));
            List<Hit<Map<String, Object>>> hits = page.hits().hits();
            for (Hit<Map<String, Object>> hit : hits) {
                String facts = hit.source() == null ? "" : string(hit.source(), IndexFields.FACTS);
                if (!facts.isEmpty()) {
                    out.add(facts);
                }
            }
            if (hits.size() < FACTS_PAGE) {
                return out;
            }
            after = hits.get(hits.size() - 1).sort().get(0).stringValue();
        }
    }

    @Override
    public long count() {
        ensureIndex();
        return call(() -> client.count(c -> c.index(alias)).count());
    }

    @Override
    public String liveName() {
        ensureIndex();
        return call(() -> client.indices()
                .getAlias(g -> g.name(alias))
                .aliases()
                .keySet()
                .iterator()
                .next());
    }

    @Override
    public Rebuild startRebuild() {
        ensureIndex();
        synchronized (this) {
            if (rebuilding != null) {
                throw new IllegalStateException("a rebuild is already running: " + rebuilding);
            }
            String old = liveName();
            String name = alias + "-v" + (Integer.parseInt(old.substring(old.lastIndexOf("-v") + 2)) + 1);
            call(() -> {
                if (client.indices().exists(e -> e.index(name)).value()) {
                    // left over by a rebuild that died before switching
                    client.indices().delete(d -> d.index(name));
                }
                createIndex(name, false);
                return null;
            });
            rebuilding = name;
            return new ElasticsearchRebuild(old, name);
        }
    }

    private final class ElasticsearchRebuild implements Rebuild {
        private final String old;
        private final String name;
        private boolean done;

        ElasticsearchRebuild(String old, String name) {
            this.old = old;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<WriteOutcome> indexAll(List<IndexedWork> works) {
            return works.isEmpty() ? List.of() : bulk(name, works);
        }

        @Override
        public void complete() {
            call(() -> {
                client.indices().refresh(r -> r.index(name));
                // one atomic alias change: searches see the old index or the new, never neither
                client.indices()
                        .updateAliases(u -> u.actions(
                                        a -> a.remove(r -> r.index(old).alias(alias)))
                                .actions(a ->
                                        a.add(ad -> ad.index(name).alias(alias).isWriteIndex(true))));
                rebuilding = null;
                client.indices().delete(d -> d.index(old));
                return null;
            });
            done = true;
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            rebuilding = null;
            done = true;
            call(() -> client.indices().delete(d -> d.index(name)));
        }
    }

    @Override
    public void close() {
        owned.ifPresent(resource -> {
            try {
                resource.close();
            } catch (Exception e) {
                throw new SearchUnavailableException("cannot close the Elasticsearch client", e);
            }
        });
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new SearchUnavailableException("Elasticsearch unreachable: " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            if (e.status() == 429 || e.status() >= 500) {
                throw new SearchUnavailableException("Elasticsearch refused: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
