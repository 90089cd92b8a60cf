package org.kepu.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.search.dup.NearDuplicates;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.kepu.search.query.Visibility;
import org.kepu.search.testing.Repositories;
import org.kepu.search.testing.Works;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A text of the largest size extraction keeps (5,000,000 characters) beside ordinary works. */
class LongTextTest {

    private static final Logger log = LoggerFactory.getLogger(LongTextTest.class);
    private static final int FIVE_MILLION = 5_000_000;
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    private final WorkRepository repository = Repositories.inMemory();
    private LuceneSearchIndex index;
    private Indexer indexer;

    @BeforeEach
    void open() {
        index = new LuceneSearchIndex(dir.resolve("index"), Works.analysis());
        indexer = new Indexer(repository, Works.documents(), index);
    }

    @AfterEach
    void close() {
        indexer.close();
        index.close();
    }

    /** Popular-science sentences in a random order, with numbered paragraphs, {@code length} characters. */
    static String sciencePopText(int length, long seed) {
        String[] sentences = {
            "光伏发电是实现碳达峰的重要路径。",
            "地震预警可以为避险争取宝贵的几秒钟，",
            "人工智能正在改变医学影像的诊断方式；",
            "黄河中下游和长江流域的水文特征不同。",
            "疫苗通过训练免疫系统来预防疾病！",
            "台风来临前要检查门窗是否牢固。"
        };
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length + 64);
        while (text.length() < length) {
            text.append(sentences[random.nextInt(sentences.length)]);
            if (random.nextInt(8) == 0) {
                text.append("第").append(random.nextInt(1_000_000)).append("段\n");
            }
        }
        text.setLength(length);
        return text.toString();
    }

    private SearchResult search(String query) {
        return index.search(SearchRequest.of(query, Visibility.everything()));
    }

    @Test
    void aFiveMillionCharacterTextIsIndexedSearchedAndCheckedInBoundedTimeAndMemoryWhileOthersAreServed()
            throws Exception {
        for (int i = 0; i < 10; i++) {
            Repositories.uploaded(repository, "n" + i, "引力波科普第" + i + "讲", List.of("physics"));
            Repositories.extracted(repository, "n" + i, "引力波是时空的涟漪，第" + i + "讲介绍探测方法。");
        }
        indexer.drainOnce();
        index.refresh();
        String huge = "引力波探测器的原理。" + sciencePopText(FIVE_MILLION - 16, 7) + "暗物质粒子。";
        assertThat(huge.length()).isEqualTo(FIVE_MILLION);
        Repositories.uploaded(repository, "huge", "一部很长的科普书", List.of("physics"));
        Repositories.extracted(repository, "huge", huge);

        long retainedBefore = retainedHeap();
        long allocatedBefore = allocatedByAllThreads();
        long started = System.nanoTime();
        CompletableFuture<Indexer.Pass> pass = CompletableFuture.supplyAsync(indexer::drainOnce);
        // meanwhile, searches for the ordinary works answer as usual
        int searches = 0;
        long slowestSearch = 0;
        while (!pass.isDone() || searches == 0) {
            long at = System.nanoTime();
            SearchResult result = search("涟漪");
            slowestSearch = Math.max(slowestSearch, System.nanoTime() - at);
            assertThat(result.total()).isEqualTo(10);
            searches++;
            Thread.sleep(50);
        }
        Indexer.Pass done = pass.get(60, TimeUnit.SECONDS);
        Duration indexing = Duration.ofNanos(System.nanoTime() - started);
        long allocated = allocatedByAllThreads() - allocatedBefore;
        index.refresh();
        long retained = retainedHeap() - retainedBefore;

        long at = System.nanoTime();
        SearchResult hit = search("引力波探测器");
        Duration searching = Duration.ofNanos(System.nanoTime() - at);
        at = System.nanoTime();
        List<NearDuplicates.Match> copies = new NearDuplicates(index, Works.analysis()).find(huge, "a-new-upload");
        Duration checking = Duration.ofNanos(System.nanoTime() - at);
        log.info(
                "5M characters: indexed in {} ms allocating {} MB and retaining {} MB; {} searches meanwhile, slowest"
                        + " {} ms; a search hitting it {} ms; a duplicate check of it {} ms",
                indexing.toMillis(),
                allocated / MB,
                retained / MB,
                searches,
                slowestSearch / 1_000_000,
                searching.toMillis(),
                checking.toMillis());

        assertThat(done.indexed()).isEqualTo(1);
        assertThat(indexing).isLessThan(Duration.ofSeconds(60));
        assertThat(slowestSearch).isLessThan(TimeUnit.SECONDS.toNanos(5));
        // analysing all of it would allocate gigabytes; the index keeps none of it in the heap
        assertThat(allocated).isLessThan(1024 * MB);
        assertThat(retained).isLessThan(64 * MB);

        assertThat(hit.hits()).extracting(SearchHit::id).contains("huge");
        assertThat(hit.hits().stream()
                        .filter(h -> h.id().equals("huge"))
                        .findFirst()
                        .orElseThrow()
                        .highlights())
                .anySatisfy(h -> assertThat(h).contains("<em>"));
        assertThat(searching).isLessThan(Duration.ofSeconds(5));
        // what lies beyond the indexed part is kept in the store but not searched
        assertThat(search("暗物质粒子").total()).isZero();
        assertThat(index.stored("huge").orElseThrow().text()).hasSize(WorkDocuments.MAX_STORED_CHARS);

        assertThat(copies).extracting(NearDuplicates.Match::workId).contains("huge");
        assertThat(copies.get(0).overlap()).isGreaterThan(0.95);
        assertThat(checking).isLessThan(Duration.ofSeconds(30));

        // ordinary works uploaded afterwards are indexed as before
        Repositories.uploaded(repository, "after", "台风防御指南", List.of());
        assertThat(indexer.drainOnce().indexed()).isEqualTo(1);
        index.refresh();
        assertThat(search("台风防御").hits()).extracting(SearchHit::id).contains("after");
    }

    @Test
    void aPrefixNeverSplitsACharacterOrASurrogatePair() {
        assertThat(WorkDocuments.prefix("ab😀", 3)).isEqualTo("ab");
        assertThat(WorkDocuments.prefix("ab😀", 4)).isEqualTo("ab😀");
        assertThat(WorkDocuments.prefix("", 4)).isEmpty();
        String key = "works/w/v1/text.txt";
        byte[] bytes = "光😀".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        repository.store().put(key, new java.io.ByteArrayInputStream(bytes), bytes.length, "text/plain");
        // 2 characters may take 6 bytes: the cut falls inside the emoji's 4 bytes, which are dropped whole
        assertThat(WorkDocuments.readPrefix(repository.store(), key, 2)).contains("光");
        assertThat(WorkDocuments.readPrefix(repository.store(), key, 3)).contains("光😀");
    }

    /** Heap in use once garbage is collected: what is held, not what passed through. */
    private static long retainedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getUsage().getUsed())
                .sum();
    }

    /** Bytes allocated so far by the live threads (the indexer prepares batches on threads of its own). */
    private static long allocatedByAllThreads() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
                .filter(bytes -> bytes > 0)
                .sum();
    }
}
