package org.kepu.search.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;
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
import org.kepu.search.vector.NeighbourFilter;
import org.kepu.search.vector.VectorSearch;

/**
 * The embedded adapter: versioned Lucene indices under one directory ({@code kepu-works-v1}, …) and a
 * file {@code CURRENT} naming the live one, which plays the part of the alias. Thread-safe; blocking.
 */
public final class LuceneSearchIndex implements SearchIndex, VectorSearch {

    static final String CURRENT = "CURRENT";
    /** Terms counted per reader at most; query words are few, but nothing bounds what callers send. */
    private static final int MAX_COUNTED_TERMS = 10_000;

    private final Path root;
    private final String alias;
    private final QueryPlanner planner;
    private final Hits hits;
    private final ReadWriteLock swap = new ReentrantReadWriteLock();
    private volatile LuceneShard live;
    private volatile LuceneShard rebuilding;
    /** The body statistics of the reader last searched (see {@link #termStats}). */
    private volatile ReaderCounts counted;

    /** Opens (or creates) the index under {@code root}, e.g. {@code ./data/index}, with alias {@code kepu-works}. */
    public LuceneSearchIndex(Path root, TextAnalysis analysis) {
        this(root, "kepu-works", analysis);
    }

    public LuceneSearchIndex(Path root, String alias, TextAnalysis analysis) {
        this.root = root;
        this.alias = alias;
        this.planner = new QueryPlanner(analysis);
        this.hits = new Hits(new Highlighter(analysis));
        try {
            Files.createDirectories(root);
            Path current = root.resolve(CURRENT);
            String name = Files.exists(current)
                    ? Files.readString(current, StandardCharsets.UTF_8).strip()
                    : alias + "-v1";
            this.live = new LuceneShard(name, root.resolve(name));
            if (!Files.exists(current)) {
                pointAliasAt(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + root, e);
        }
    }

    @Override
    public WriteOutcome index(IndexedWork work) {
        return indexAll(List.of(work)).get(0);
    }

    @Override
    public List<WriteOutcome> indexAll(List<IndexedWork> works) {
        swap.readLock().lock();
        try {
            List<WriteOutcome> outcomes = new ArrayList<>(works.size());
            LuceneShard target = rebuilding;
            for (IndexedWork work : works) {
                outcomes.add(live.write(work));
                if (target != null) {
                    target.write(work);
                }
            }
            return outcomes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the search index", e);
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public WriteOutcome delete(String id, long revision) {
        swap.readLock().lock();
        try {
            LuceneShard target = rebuilding;
            if (target != null) {
                target.delete(id, revision);
            }
            return live.delete(id, revision);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete from the search index", e);
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public void flush() {
        swap.readLock().lock();
        try {
            live.commit();
            LuceneShard target = rebuilding;
            if (target != null) {
                target.commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the search index", e);
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public void refresh() {
        swap.readLock().lock();
        try {
            live.refreshIfDirty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh the search index", e);
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public SearchResult search(SearchRequest request) {
        boolean byDate = request.sort().byDate();
        boolean newestFirst = request.sort() == SearchRequest.Sort.DATE;
        Sort sort = byDate
                ? new Sort(
                        new SortField(IndexFields.UPDATED_AT, SortField.Type.LONG, newestFirst),
                        new SortField(IndexFields.ID, SortField.Type.STRING))
                : new Sort(SortField.FIELD_SCORE, new SortField(IndexFields.ID, SortField.Type.STRING));
        int skip = request.cursor().isPresent() ? 0 : request.page() * request.size();
        FieldDoc after =
                request.cursor().map(Cursor::decode).map(c -> after(c, byDate)).orElse(null);
        return read(searcher -> {
            // planned against the searcher's own reader, whose statistics weigh the synonyms
            QueryPlan plan = planner.plan(request.query(), request.match(), termStats(searcher));
            Query query = LuceneQueries.query(plan, request.filters(), request.visibility());
            Collected collected = collect(searcher, query, sort, skip + request.size(), after);
            TopDocs docs = collected.top();
            Map<String, List<FacetCount>> facets = collected.facets();
            ScoreDoc[] page =
                    Arrays.copyOfRange(docs.scoreDocs, Math.min(skip, docs.scoreDocs.length), docs.scoreDocs.length);
            List<SearchHit> found = new ArrayList<>(page.length);
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc scoreDoc : page) {
                FieldDoc fieldDoc = (FieldDoc) scoreDoc;
                float score = byDate ? 0f : (Float) fieldDoc.fields[0];
                found.add(hit(stored.document(scoreDoc.doc), score, plan));
            }
            Optional<String> next = Optional.empty();
            if (page.length == request.size()) {
                FieldDoc last = (FieldDoc) page[page.length - 1];
                double value = byDate ? ((Long) last.fields[0]).doubleValue() : ((Float) last.fields[0]).doubleValue();
                next = Optional.of(new Cursor(value, ((BytesRef) last.fields[1]).utf8ToString()).encode());
            }
            return new SearchResult(docs.totalHits.value, found, facets, next);
        });
    }

    @Override
    public Ranking ranking(SearchRequest request, int depth) {
        Sort sort = new Sort(SortField.FIELD_SCORE, new SortField(IndexFields.ID, SortField.Type.STRING));
        return read(searcher -> {
            // planned as search() plans it, synonyms weighed by this searcher's counts, so both rank alike
            Query query = LuceneQueries.query(
                    planner.plan(request.query(), request.match(), termStats(searcher)),
                    request.filters(),
                    request.visibility());
            Collected collected = collect(searcher, query, sort, depth, null);
            TopDocs docs = collected.top();
            for (ScoreDoc doc : docs.scoreDocs) {
                doc.score = (Float) ((FieldDoc) doc).fields[0]; // sorted by score, it is the first sort value
            }
            return new Ranking(ranked(searcher, docs), docs.totalHits.value, collected.facets());
        });
    }

    /** The first {@code n} matches in {@code sort} order (after {@code after}), with the exact total and the facets. */
    private static Collected collect(IndexSearcher searcher, Query query, Sort sort, int n, FieldDoc after)
            throws IOException {
        var top = new TopFieldCollectorManager(sort, n, after, Integer.MAX_VALUE);
        Object[] results = searcher.search(query, new MultiCollectorManager(top, new LuceneFacets()));
        @SuppressWarnings("unchecked")
        Map<String, List<FacetCount>> facets = (Map<String, List<FacetCount>>) results[1];
        return new Collected((TopDocs) results[0], facets);
    }

    private record Collected(TopDocs top, Map<String, List<FacetCount>> facets) {}

    @Override
    public Map<String, Float> similarities(float[] vector, List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Query query = new TermInSetQuery(
                IndexFields.ID, ids.stream().map(BytesRef::new).toList());
        return read(searcher -> {
            ScoreDoc[] docs = searcher.search(query, ids.size()).scoreDocs;
            String[] found = ids(searcher, docs);
            Map<String, Float> cosines = new HashMap<>();
            FloatVectorValues[] values = {null};
            inDocOrder(searcher, docs, (i, leaf, doc, entered) -> {
                if (entered) {
                    values[0] = leaf.reader().getFloatVectorValues(IndexFields.VECTOR);
                }
                FloatVectorValues vectors = values[0];
                if (vectors != null && (vectors.docID() < doc ? vectors.advance(doc) : vectors.docID()) == doc) {
                    // unit vectors: the dot product is the cosine
                    cosines.put(found[i], VectorUtil.dotProduct(vector, vectors.vectorValue()));
                }
            });
            return cosines;
        });
    }

    @Override
    public List<Ranked> nearest(float[] vector, int k, SearchRequest request) {
        QueryPlan plan = planner.plan(request.query(), request.match());
        Query filter = LuceneQueries.query(NeighbourFilter.of(plan), request.filters(), request.visibility());
        // Lucene scores a dot product as (1 + cosine) / 2
        return read(searcher -> ranked(
                        searcher, searcher.search(new KnnFloatVectorQuery(IndexFields.VECTOR, vector, k, filter), k)))
                .stream()
                .map(r -> new Ranked(r.id(), 2 * r.score() - 1))
                .toList();
    }

    private static List<Ranked> ranked(IndexSearcher searcher, TopDocs top) throws IOException {
        String[] ids = ids(searcher, top.scoreDocs);
        List<Ranked> ranked = new ArrayList<>(top.scoreDocs.length);
        for (int i = 0; i < ids.length; i++) {
            ranked.add(new Ranked(ids[i], top.scoreDocs[i].score));
        }
        return ranked;
    }

    /**
     * The ids of {@code docs}, from doc values: a ranking is read a hundred deep, and reading each id from
     * the stored fields decompressed a block of whole texts per work, which cost more than the search.
     */
    private static String[] ids(IndexSearcher searcher, ScoreDoc[] docs) throws IOException {
        String[] ids = new String[docs.length];
        SortedDocValues[] values = {null};
        inDocOrder(searcher, docs, (i, leaf, doc, entered) -> {
            if (entered) {
                values[0] = DocValues.getSorted(leaf.reader(), IndexFields.ID);
            }
            if (!values[0].advanceExact(doc)) {
                throw new IllegalStateException("a work without an id in the index");
            }
            ids[i] = values[0].lookupOrd(values[0].ordValue()).utf8ToString();
        });
        return ids;
    }

    /** What is done with the {@code i}th of some docs: {@code doc} within {@code leaf}, {@code entered} first in it. */
    private interface DocVisit {
        void visit(int i, LeafReaderContext leaf, int doc, boolean entered) throws IOException;
    }

    /** Visits {@code docs} in index order, segment by segment, since doc values and vectors are read forwards. */
    private static void inDocOrder(IndexSearcher searcher, ScoreDoc[] docs, DocVisit visit) throws IOException {
        Integer[] order = new Integer[docs.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> docs[i].doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = null;
        for (int i : order) {
            int doc = docs[i].doc;
            boolean entered =
                    leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc();
            if (entered) {
                leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
            }
            visit.visit(i, leaf, doc - leaf.docBase, entered);
        }
    }

    @Override
    public List<SearchHit> hits(List<String> ids, SearchRequest request) {
        QueryPlan plan = planner.plan(request.query(), request.match());
        Query visible = LuceneQueries.query(NeighbourFilter.of(plan), request.filters(), request.visibility());
        Query query = new BooleanQuery.Builder()
                .add(
                        new TermInSetQuery(
                                IndexFields.ID, ids.stream().map(BytesRef::new).toList()),
                        Occur.MUST)
                .add(visible, Occur.FILTER)
                .build();
        return read(searcher -> {
            Map<String, SearchHit> found = new HashMap<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc doc : searcher.search(query, Math.max(1, ids.size())).scoreDocs) {
                SearchHit hit = hit(stored.document(doc.doc), 0f, plan);
                found.put(hit.id(), hit);
            }
            return ids.stream().filter(found::containsKey).map(found::get).toList();
        });
    }

    /** What a read does with a searcher of the live index. */
    private interface Reading<T> {
        T with(IndexSearcher searcher) throws IOException;
    }

    /** Runs a read on a fresh searcher of the live index, which a rebuild cannot swap away meanwhile. */
    private <T> T read(Reading<T> reading) {
        swap.readLock().lock();
        try {
            live.refreshIfDirty();
            IndexSearcher searcher = live.searchers().acquire();
            try {
                return reading.with(searcher);
            } finally {
                live.searchers().release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index", e);
        } finally {
            swap.readLock().unlock();
        }
    }

    /**
     * The body statistics of the searcher's reader. A reader never changes while open, so its counts are
     * kept until a refresh brings another: seeking a synonym's terms in every segment on every query cost
     * as much as the rest of planning, and the same words come back query after query.
     */
    private TermStats termStats(IndexSearcher searcher) {
        IndexReader reader = searcher.getIndexReader();
        ReaderCounts counts = readerCounts(reader);
        return terms -> {
            try {
                Map<String, Long> docFreqs = new HashMap<>();
                for (String term : terms) {
                    Long docFreq = counts.docFreqs().get(term);
                    if (docFreq == null) {
                        docFreq = (long) reader.docFreq(new Term(IndexFields.BODY, term));
                        if (counts.docFreqs().size() < MAX_COUNTED_TERMS) {
                            counts.docFreqs().put(term, docFreq);
                        }
                    }
                    docFreqs.put(term, docFreq);
                }
                return new TermStats.Counts(counts.docCount(), docFreqs);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read term statistics", e);
            }
        };
    }

    /** The counts of one reader, identified by its cache key; a reader without one is counted afresh. */
    private record ReaderCounts(IndexReader.CacheKey key, long docCount, Map<String, Long> docFreqs) {}

    private ReaderCounts readerCounts(IndexReader reader) {
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        IndexReader.CacheKey key = helper == null ? null : helper.getKey();
        ReaderCounts current = counted;
        if (key == null || current == null || current.key() != key) {
            try {
                current = new ReaderCounts(key, reader.getDocCount(IndexFields.BODY), new ConcurrentHashMap<>());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read term statistics", e);
            }
            if (key != null) {
                // the reader searched last keeps its counts here; a search on another counts for itself
                counted = current;
            }
        }
        return current;
    }

    private static FieldDoc after(Cursor cursor, boolean byDate) {
        Object first = byDate ? (Object) (long) cursor.sortValue() : (Object) (float) cursor.sortValue();
        return new FieldDoc(Integer.MAX_VALUE, Float.NaN, new Object[] {first, new BytesRef(cursor.id())});
    }

    private SearchHit hit(Document doc, float score, QueryPlan plan) {
        return hits.hit(
                doc.get(IndexFields.ID),
                score,
                plan.highlightTerms(),
                doc.get(IndexFields.TITLE_TEXT),
                doc.get(IndexFields.SUMMARY_TEXT),
                doc.get(IndexFields.TEXT),
                doc.get(IndexFields.STATUS),
                List.of(doc.getValues(IndexFields.TOPICS)),
                List.of(doc.getValues(IndexFields.AUDIENCES)),
                Optional.ofNullable(doc.get(IndexFields.KIND)).orElse(""),
                Optional.ofNullable(doc.get(IndexFields.OWNER_ID)).orElse(""),
                List.of(doc.getValues(IndexFields.CHANNELS)),
                Instant.ofEpochMilli(number(doc, IndexFields.UPDATED_AT)),
                number(doc, IndexFields.REVISION));
    }

    private static long number(Document doc, String field) {
        IndexableField value = doc.getField(field);
        return value == null ? 0 : value.numericValue().longValue();
    }

    @Override
    public Optional<Long> revision(String id) {
        return live.revision(id);
    }

    @Override
    public Optional<StoredWork> stored(String id) {
        return read(searcher -> {
            TopDocs docs = searcher.search(new TermQuery(new Term(IndexFields.ID, id)), 1);
            if (docs.scoreDocs.length == 0) {
                return Optional.empty();
            }
            Document doc = searcher.storedFields().document(docs.scoreDocs[0].doc);
            return Optional.of(new StoredWork(
                    id,
                    doc.get(IndexFields.TITLE_TEXT),
                    doc.get(IndexFields.SUMMARY_TEXT),
                    doc.get(IndexFields.TEXT),
                    number(doc, IndexFields.REVISION)));
        });
    }

    @Override
    public List<String> facts(Optional<String> owner) {
        Query query = owner.<Query>map(id -> new TermQuery(new Term(IndexFields.OWNER_ID, id)))
                .orElseGet(MatchAllDocsQuery::new);
        return read(searcher -> {
            TopDocs docs = searcher.search(query, Math.max(1, searcher.count(query)));
            StoredFields stored = searcher.storedFields();
            Set<String> only = Set.of(IndexFields.FACTS);
            List<String> out = new ArrayList<>(docs.scoreDocs.length);
            for (ScoreDoc scoreDoc : docs.scoreDocs) {
                String facts = stored.document(scoreDoc.doc, only).get(IndexFields.FACTS);
                if (facts != null && !facts.isEmpty()) {
                    out.add(facts);
                }
            }
            return out;
        });
    }

    @Override
    public long count() {
        return live.size();
    }

    @Override
    public String liveName() {
        return live.name();
    }

    @Override
    public Rebuild startRebuild() {
        swap.writeLock().lock();
        try {
            if (rebuilding != null) {
                throw new IllegalStateException("a rebuild is already running: " + rebuilding.name());
            }
            int next = Integer.parseInt(live.name().substring(live.name().lastIndexOf("-v") + 2)) + 1;
            String name = alias + "-v" + next;
            Path dir = root.resolve(name);
            LuceneShard shard = new LuceneShard(name, dir);
            rebuilding = shard;
            return new LuceneRebuild(shard);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a new index", e);
        } finally {
            swap.writeLock().unlock();
        }
    }

    private final class LuceneRebuild implements Rebuild {
        private final LuceneShard shard;
        private boolean done;

        LuceneRebuild(LuceneShard shard) {
            this.shard = shard;
        }

        @Override
        public String name() {
            return shard.name();
        }

        @Override
        public List<WriteOutcome> indexAll(List<IndexedWork> works) {
            try {
                List<WriteOutcome> outcomes = new ArrayList<>(works.size());
                for (IndexedWork work : works) {
                    outcomes.add(shard.write(work));
                }
                return outcomes;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + shard.name(), e);
            }
        }

        @Override
        public void complete() {
            swap.writeLock().lock();
            try {
                shard.commit();
                pointAliasAt(shard.name());
                LuceneShard old = live;
                live = shard;
                rebuilding = null;
                done = true;
                old.destroy();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot switch to " + shard.name(), e);
            } finally {
                swap.writeLock().unlock();
            }
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            swap.writeLock().lock();
            try {
                rebuilding = null;
                done = true;
                shard.destroy();
            } finally {
                swap.writeLock().unlock();
            }
        }
    }

    /** Writes CURRENT by atomic rename, so a crash leaves either the old or the new name. */
    private void pointAliasAt(String name) throws IOException {
        Path tmp = root.resolve(CURRENT + ".tmp");
        Files.writeString(tmp, name, StandardCharsets.UTF_8);
        Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        swap.writeLock().lock();
        try {
            if (rebuilding != null) {
                rebuilding.destroy();
                rebuilding = null;
            }
            live.commit();
            live.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the search index", e);
        } finally {
            swap.writeLock().unlock();
        }
    }
}
