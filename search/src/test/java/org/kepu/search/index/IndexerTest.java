package org.kepu.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.analysis.Glossary;
import org.kepu.search.analysis.KepuAnalyzer;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.kepu.search.query.Visibility;
import org.kepu.search.testing.Repositories;

class IndexerTest {

    @TempDir
    Path dir;

    private final Glossary glossary = Glossary.shipped();
    private final TextAnalysis analysis = new TextAnalysis(new KepuAnalyzer(glossary));
    private final WorkRepository repository = Repositories.inMemory();
    private final WorkDocuments documents = new WorkDocuments(analysis);
    private final ParkedWorks parked = new ParkedWorks(repository.store());
    private LuceneSearchIndex lucene;
    private OutageIndex index;
    private Indexer indexer;

    @BeforeEach
    void open() {
        lucene = new LuceneSearchIndex(dir.resolve("index"), analysis);
        index = new OutageIndex(lucene);
        indexer = new Indexer(repository, documents, index, Duration.ofMillis(20), Duration.ofMillis(200));
    }

    @AfterEach
    void close() {
        indexer.close();
        lucene.close();
    }

    private SearchResult search(String query) {
        return lucene.search(SearchRequest.of(query, Visibility.everything()));
    }

    @Test
    void aProcessingWorkIsIndexedByItsMetadataThenByItsText() {
        Repositories.uploaded(repository, "w1", "碳达峰科普", List.of("energy"));

        assertThat(indexer.drainOnce().indexed()).isEqualTo(1);
        assertThat(repository.outbox()).isEmpty();
        assertThat(search("碳达峰").hits()).extracting(SearchHit::status).containsExactly("PROCESSING");
        assertThat(search("光伏").total()).isZero();

        Repositories.extracted(repository, "w1", "光伏发电是实现碳达峰的重要路径。");
        indexer.drainOnce();

        assertThat(search("光伏").hits()).extracting(SearchHit::status).containsExactly("IN_REVIEW");
        assertThat(lucene.revision("w1")).contains(2L);
        assertThat(repository.outbox()).isEmpty();
    }

    @Test
    void markersOfSeveralRevisionsAreDrainedByIndexingTheCurrentManifestOnce() {
        Repositories.uploaded(repository, "w1", "标题", List.of());
        Repositories.extracted(repository, "w1", "地震预警");
        repository.update("w1", work -> work.withStatus(WorkStatus.APPROVED, null));
        assertThat(repository.outbox()).hasSize(3);

        Indexer.Pass pass = indexer.drainOnce();

        assertThat(pass.indexed()).isEqualTo(1);
        assertThat(repository.outbox()).isEmpty();
        assertThat(lucene.revision("w1")).contains(3L);
    }

    @Test
    void aReplayedOlderRevisionNeverOverwritesANewerOne() {
        Repositories.uploaded(repository, "w1", "标题", List.of());
        Repositories.extracted(repository, "w1", "新冠病毒");
        indexer.drainOnce();
        // another instance indexed revision 1 late, e.g. after a pause
        IndexedWork late = documents.of(
                repository.find("w1").orElseThrow().withStatus(WorkStatus.PROCESSING, null),
                java.util.Optional.empty());
        IndexedWork older = new IndexedWork(
                late.id(),
                1,
                late.ownerId(),
                late.status(),
                late.kind(),
                late.topics(),
                late.audiences(),
                late.channels(),
                late.createdAt(),
                late.updatedAt(),
                late.title(),
                late.summary(),
                late.text(),
                late.titleTokens(),
                late.bodyTokens(),
                late.terms(),
                late.bigrams(),
                late.facts());

        assertThat(lucene.index(older)).isEqualTo(WriteOutcome.STALE);
        assertThat(search("新冠病毒").hits()).extracting(SearchHit::status).containsExactly("IN_REVIEW");
    }

    @Test
    void whileTheIndexIsDownNothingIsLostAndTheLoopCatchesUp() {
        index.down.set(true);
        Repositories.uploaded(repository, "w1", "台风防御", List.of());
        Repositories.uploaded(repository, "w2", "暴雨预警", List.of());

        assertThatThrownBy(indexer::drainOnce).isInstanceOf(SearchUnavailableException.class);
        assertThat(repository.outbox()).hasSize(2);

        indexer.start();
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> repository.outbox().size() == 2);
        assertThat(index.refusals()).isGreaterThan(1);

        index.down.set(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> repository.outbox().isEmpty());
        Repositories.uploaded(repository, "w3", "寒潮来袭", List.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> repository.outbox().isEmpty());

        assertThat(lucene.count()).isEqualTo(3);
        indexer.close();
        assertThat(search("台风").total()).isEqualTo(1);
    }

    @Test
    void aRebuildFromTheObjectStoreSwitchesToANewIndexAndReportsProgress() {
        for (int i = 0; i < 450; i++) {
            Repositories.uploaded(repository, String.format("w%03d", i), "人工智能第" + i + "讲", List.of("it"));
        }
        List<int[]> progress = new ArrayList<>();

        Reindexer.Report report = new Reindexer(repository, documents, lucene)
                .rebuild((done, total) -> progress.add(new int[] {done, total}));

        assertThat(report.index()).isEqualTo("kepu-works-v2");
        assertThat(report.works()).isEqualTo(450);
        assertThat(lucene.liveName()).isEqualTo("kepu-works-v2");
        assertThat(search("人工智能").total()).isEqualTo(450);
        assertThat(progress.get(progress.size() - 1)).containsExactly(450, 450);
        assertThat(progress).hasSizeGreaterThan(2);
    }

    @Test
    void addingAGlossaryTermReindexesTheWorksThatContainIt() {
        Repositories.uploaded(repository, "w1", "天宫课堂第一课", List.of());
        Repositories.uploaded(repository, "w2", "课堂纪律", List.of());
        indexer.drainOnce();
        GlossaryReindexHook hook = new GlossaryReindexHook(lucene, indexer);
        glossary.addListener(hook);
        // before: the query is two ordinary words, either of which matches
        assertThat(lucene.search(SearchRequest.of("天宫课堂", Visibility.everything()))
                        .total())
                .isEqualTo(2);

        glossary.add(List.of("天宫课堂"));

        assertThat(hook.affected(Set.of("天宫课堂"))).containsExactly("w1");
        // after: the query is the whole term, which only the reindexed title now holds
        lucene.refresh();
        assertThat(lucene.search(SearchRequest.of("天宫课堂", Visibility.everything()))
                        .hits())
                .extracting(SearchHit::id)
                .containsExactly("w1");
        assertThat(lucene.stored("w1")).isPresent();
    }

    @Test
    void aWorkTheIndexRefusesIsTriedAloneThenParkedWithItsReasonWhileTheRestIsIndexed() {
        Repositories.uploaded(repository, "w1", "台风防御", List.of());
        Repositories.uploaded(repository, "bad", "暴雨预警", List.of());
        Repositories.uploaded(repository, "w3", "寒潮来袭", List.of());
        index.refuse.add("bad");

        Indexer.Pass pass = indexer.drainOnce();

        assertThat(pass.indexed()).isEqualTo(2);
        assertThat(pass.parked()).isEqualTo(1);
        // once in the bulk, then alone after each pause
        assertThat(index.attempts("bad")).isEqualTo(1 + ParkedWorks.RETRY_DELAYS_MS.length);
        assertThat(repository.outbox()).isEmpty();
        assertThat(search("台风").total()).isEqualTo(1);
        assertThat(search("寒潮").total()).isEqualTo(1);
        assertThat(parked.list()).singleElement().satisfies(p -> {
            assertThat(p.workId()).isEqualTo("bad");
            assertThat(p.revision()).isEqualTo(1);
            assertThat(p.reason()).contains("mapper_parsing_exception");
            assertThat(p.since()).isNotNull();
        });
        // a later pass does not try it again: its markers are drained
        assertThat(indexer.drainOnce().total()).isZero();
        assertThat(index.attempts("bad")).isEqualTo(3);
    }

    @Test
    void aParkedWorkIsTriedAgainWhenANewRevisionArrivesAndReleasedOnceWritten() {
        Repositories.uploaded(repository, "bad", "暴雨预警", List.of());
        index.refuse.add("bad");
        indexer.drainOnce();
        assertThat(parked.ids()).containsExactly("bad");

        index.refuse.clear();
        Repositories.extracted(repository, "bad", "强降雨可能引发城市内涝。");
        Indexer.Pass pass = indexer.drainOnce();

        assertThat(pass.indexed()).isEqualTo(1);
        assertThat(parked.ids()).isEmpty();
        assertThat(search("内涝").total()).isEqualTo(1);
    }

    @Test
    void aManifestThatCannotBeReadIsParkedAndTheOthersAreIndexed() {
        Repositories.uploaded(repository, "w1", "台风防御", List.of());
        byte[] broken = "{\"id\":\"broken\",\"revision\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        repository
                .store()
                .put(WorkRepository.manifestKey("broken"), new ByteArrayInputStream(broken), broken.length, "");
        repository.store().put("outbox/broken/4", InputStream.nullInputStream(), 0, "");

        Indexer.Pass pass = indexer.drainOnce();

        assertThat(pass.indexed()).isEqualTo(1);
        assertThat(pass.parked()).isEqualTo(1);
        assertThat(repository.outbox()).isEmpty();
        assertThat(search("台风").total()).isEqualTo(1);
        assertThat(parked.find("broken").orElseThrow()).satisfies(p -> {
            assertThat(p.revision()).isEqualTo(4);
            assertThat(p.reason()).startsWith("the document could not be built");
        });
    }

    @Test
    void worksRefusedOnlyAsPartOfATooLargeBulkAreWrittenOneByOne() {
        for (int i = 0; i < 5; i++) {
            Repositories.uploaded(repository, "w" + i, "地震预警第" + i + "讲", List.of());
        }
        index.refuseBulks.set(true);

        Indexer.Pass pass = indexer.drainOnce();

        assertThat(pass.indexed()).isEqualTo(5);
        assertThat(pass.parked()).isZero();
        assertThat(parked.ids()).isEmpty();
        assertThat(search("地震预警").total()).isEqualTo(5);
    }

    @Test
    void aDocumentLuceneCannotTakeIsParkedAndTheOthersAreIndexed() {
        // a keyword longer than Lucene's 32766-byte limit for one term
        Repositories.uploaded(repository, "hostile", "超长主题", List.of("x".repeat(40_000)));
        Repositories.uploaded(repository, "w2", "台风防御", List.of("disaster"));

        Indexer.Pass pass = indexer.drainOnce();

        assertThat(pass.indexed()).isEqualTo(1);
        assertThat(pass.parked()).isEqualTo(1);
        assertThat(repository.outbox()).isEmpty();
        assertThat(search("台风").total()).isEqualTo(1);
        assertThat(lucene.revision("hostile")).isEmpty();
        assertThat(parked.find("hostile").orElseThrow().reason())
                .contains("immense term")
                .hasSizeLessThanOrEqualTo(ParkedWorks.MAX_REASON + 1);
    }

    @Test
    void aRebuildParksWhatTheNewIndexRefusesAndReleasesWhatItTakes() {
        Repositories.uploaded(repository, "w1", "台风防御", List.of());
        Repositories.uploaded(repository, "fixed", "暴雨预警", List.of());
        parked.park("fixed", 1, "mapper_parsing_exception: earlier");
        parked.park("gone", 3, "mapper_parsing_exception: a work deleted since");
        Repositories.uploaded(repository, "hostile", "超长主题", List.of("x".repeat(40_000)));

        Reindexer.Report report = new Reindexer(repository, documents, lucene, parked).rebuild((done, total) -> {});

        assertThat(report.works()).isEqualTo(3);
        assertThat(report.parked()).isEqualTo(1);
        assertThat(parked.ids()).containsExactly("hostile");
        assertThat(search("暴雨").total()).isEqualTo(1);
        assertThat(search("台风").total()).isEqualTo(1);
    }

    /**
     * The real index behind a switch that makes it refuse every call, as an unreachable cluster does, and
     * with a list of works it refuses as a cluster refuses a document it cannot map.
     */
    static final class OutageIndex implements SearchIndex {
        final AtomicBoolean down = new AtomicBoolean();
        final Set<String> refuse = ConcurrentHashMap.newKeySet();
        /** Every bulk of more than one document is refused whole, as a request over the size limit is. */
        final AtomicBoolean refuseBulks = new AtomicBoolean();

        private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
        private final SearchIndex delegate;
        private int refusals;

        int attempts(String id) {
            return attempts.getOrDefault(id, 0);
        }

        OutageIndex(SearchIndex delegate) {
            this.delegate = delegate;
        }

        synchronized int refusals() {
            return refusals;
        }

        private void check() {
            if (down.get()) {
                synchronized (this) {
                    refusals++;
                }
                throw new SearchUnavailableException("connection refused", null);
            }
        }

        @Override
        public WriteOutcome index(IndexedWork work) {
            return indexAll(List.of(work)).get(0);
        }

        @Override
        public List<WriteOutcome> indexAll(List<IndexedWork> works) {
            check();
            works.forEach(work -> attempts.merge(work.id(), 1, Integer::sum));
            if (refuseBulks.get() && works.size() > 1) {
                return works.stream()
                        .map(w -> WriteOutcome.refused("the bulk request was too large"))
                        .toList();
            }
            List<WriteOutcome> outcomes = new ArrayList<>();
            for (IndexedWork work : works) {
                outcomes.add(
                        refuse.contains(work.id())
                                ? WriteOutcome.refused("mapper_parsing_exception: failed to parse field [topics]")
                                : delegate.index(work));
            }
            return outcomes;
        }

        @Override
        public WriteOutcome delete(String id, long revision) {
            check();
            return delegate.delete(id, revision);
        }

        @Override
        public void flush() {
            check();
            delegate.flush();
        }

        @Override
        public void refresh() {
            check();
            delegate.refresh();
        }

        @Override
        public SearchResult search(SearchRequest request) {
            check();
            return delegate.search(request);
        }

        @Override
        public java.util.Optional<Long> revision(String id) {
            check();
            return delegate.revision(id);
        }

        @Override
        public java.util.Optional<StoredWork> stored(String id) {
            check();
            return delegate.stored(id);
        }

        @Override
        public List<String> facts(java.util.Optional<String> owner) {
            check();
            return delegate.facts(owner);
        }

        @Override
        public long count() {
            check();
            return delegate.count();
        }

        @Override
        public String liveName() {
            return delegate.liveName();
        }

        @Override
        public Rebuild startRebuild() {
            check();
            return delegate.startRebuild();
        }

        @Override
        public void close() {}
    }
}
