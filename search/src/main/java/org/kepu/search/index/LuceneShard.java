package org.kepu.search.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.kepu.search.query.IndexFields;

/**
 * One versioned Lucene index: a directory, its single writer and a near-real-time searcher manager.
 * The revision of every work is kept in memory (loaded from doc values on open) so that the
 * external-version check costs no search per write.
 */
final class LuceneShard implements AutoCloseable {

    /**
     * Lucene's codec with the vector graph searched on int8-quantised vectors, as Elasticsearch's
     * {@code int8_hnsw}: a quarter of the memory read per comparison, about a sixth less time per kNN search
     * at 100,000 works. The float vectors are kept beside it for exact similarities and merges. The codec
     * keeps the default name and records the vector format per field, so any Lucene reads the segments.
     */
    private static final Codec QUANTISED_VECTORS = new Lucene912Codec() {
        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return new Lucene99HnswScalarQuantizedVectorsFormat();
        }
    };

    private final String name;
    private final Path directory;
    private final FSDirectory fsDirectory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<String, Long> revisions = new HashMap<>();
    private volatile boolean dirty;

    LuceneShard(String name, Path directory) throws IOException {
        this.name = name;
        this.directory = directory;
        Files.createDirectories(directory);
        this.fsDirectory = FSDirectory.open(directory);
        // every analysed field is pre-analysed by kepu's analyzer into a whitespace-separated token string
        IndexWriterConfig config = new IndexWriterConfig(new WhitespaceAnalyzer());
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setCodec(QUANTISED_VECTORS);
        config.setMergePolicy(mergePolicy());
        this.writer = new IndexWriter(fsDirectory, config);
        this.searchers = new SearcherManager(writer, true, false, null);
        loadRevisions();
    }

    /**
     * Fewer, larger segments than Lucene's default (4 a tier instead of 10, small ones merged up to 16 MB):
     * a kNN search walks one graph per segment, and at 100,000 works with vectors 8 segments instead of 14
     * took 2.6 ms instead of 4.2 ms for 20 nearest works, and a search by words 1.3 ms instead of 1.8 ms;
     * building the index was not slower in the same comparison (143 s against 162 s, one run each).
     */
    private static TieredMergePolicy mergePolicy() {
        TieredMergePolicy policy = new TieredMergePolicy();
        policy.setSegmentsPerTier(4);
        policy.setFloorSegmentMB(16);
        return policy;
    }

    String name() {
        return name;
    }

    SearcherManager searchers() {
        return searchers;
    }

    synchronized WriteOutcome write(IndexedWork work) throws IOException {
        Long current = revisions.get(work.id());
        if (current != null && current > work.revision()) {
            return WriteOutcome.STALE;
        }
        try {
            writer.updateDocument(new Term(IndexFields.ID, work.id()), document(work));
        } catch (IllegalArgumentException e) {
            // e.g. an immense term: Lucene drops this document alone and keeps the earlier revision
            return WriteOutcome.refused(e.getMessage());
        }
        revisions.put(work.id(), work.revision());
        dirty = true;
        return WriteOutcome.APPLIED;
    }

    synchronized WriteOutcome delete(String id, long revision) throws IOException {
        Long current = revisions.get(id);
        if (current != null && current > revision) {
            return WriteOutcome.STALE;
        }
        writer.deleteDocuments(new Term(IndexFields.ID, id));
        revisions.remove(id);
        dirty = true;
        return WriteOutcome.APPLIED;
    }

    synchronized Optional<Long> revision(String id) {
        return Optional.ofNullable(revisions.get(id));
    }

    synchronized int size() {
        return revisions.size();
    }

    void commit() throws IOException {
        writer.commit();
    }

    void refreshIfDirty() throws IOException {
        if (dirty) {
            dirty = false;
            searchers.maybeRefreshBlocking();
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            fsDirectory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close index " + name, e);
        }
    }

    /** Closes without committing and removes the files. */
    void destroy() {
        try {
            searchers.close();
            writer.rollback();
            fsDirectory.close();
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove index " + name, e);
        }
    }

    private void loadRevisions() throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                SortedDocValues ids = leaf.reader().getSortedDocValues(IndexFields.ID);
                NumericDocValues revs = leaf.reader().getNumericDocValues(IndexFields.REVISION);
                if (ids == null || revs == null) {
                    continue;
                }
                var live = leaf.reader().getLiveDocs();
                for (int doc = ids.nextDoc(); doc != SortedDocValues.NO_MORE_DOCS; doc = ids.nextDoc()) {
                    if ((live == null || live.get(doc)) && revs.advanceExact(doc)) {
                        revisions.put(ids.lookupOrd(ids.ordValue()).utf8ToString(), revs.longValue());
                    }
                }
            }
        }
    }

    private static Document document(IndexedWork work) {
        Document doc = new Document();
        doc.add(new StringField(IndexFields.ID, work.id(), Field.Store.YES));
        doc.add(new SortedDocValuesField(IndexFields.ID, new BytesRef(work.id())));
        doc.add(new NumericDocValuesField(IndexFields.REVISION, work.revision()));
        doc.add(new StoredField(IndexFields.REVISION, work.revision()));
        keyword(doc, IndexFields.OWNER_ID, work.ownerId());
        keyword(doc, IndexFields.STATUS, work.status());
        keyword(doc, IndexFields.KIND, work.kind());
        work.topics().forEach(value -> keyword(doc, IndexFields.TOPICS, value));
        work.audiences().forEach(value -> keyword(doc, IndexFields.AUDIENCES, value));
        work.channels().forEach(value -> keyword(doc, IndexFields.CHANNELS, value));
        date(doc, IndexFields.CREATED_AT, work.createdAt().toEpochMilli());
        date(doc, IndexFields.UPDATED_AT, work.updatedAt().toEpochMilli());
        doc.add(new TextField(IndexFields.TITLE, work.titleTokens(), Field.Store.NO));
        doc.add(new TextField(IndexFields.BODY, work.bodyTokens(), Field.Store.NO));
        doc.add(new TextField(IndexFields.TERMS, work.terms(), Field.Store.NO));
        doc.add(new TextField(IndexFields.BIGRAMS, work.bigrams(), Field.Store.NO));
        doc.add(new StoredField(IndexFields.TITLE_TEXT, work.title()));
        doc.add(new StoredField(IndexFields.SUMMARY_TEXT, work.summary()));
        doc.add(new StoredField(IndexFields.TEXT, work.text()));
        doc.add(new StoredField(IndexFields.FACTS, work.facts()));
        // vectors are of unit length, so the dot product is the cosine and cheaper
        work.vector()
                .ifPresent(vector -> doc.add(
                        new KnnFloatVectorField(IndexFields.VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT)));
        return doc;
    }

    private static void keyword(Document doc, String field, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        doc.add(new StringField(field, value, Field.Store.YES));
        doc.add(new SortedSetDocValuesField(field, new BytesRef(value)));
    }

    private static void date(Document doc, String field, long millis) {
        doc.add(new LongPoint(field, millis));
        doc.add(new NumericDocValuesField(field, millis));
        doc.add(new StoredField(field, millis));
    }
}
