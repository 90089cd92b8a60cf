package org.kepu.search.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.index.Indexer;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.index.Reindexer;
import org.kepu.search.index.WorkDocuments;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.testing.Repositories;
import org.kepu.search.testing.Works;

class VectorWorkerTest {

    @TempDir
    Path dir;

    private final ConceptEmbedder embedder = new ConceptEmbedder();
    private final WorkRepository repository = Repositories.inMemory();
    private final WorkVectors vectors = new WorkVectors(repository.store(), new WorkEmbedding(embedder));
    private final VectorWorker worker = new VectorWorker(repository, vectors);
    private final WorkDocuments documents =
            new WorkDocuments(Works.analysisWithoutSynonyms()).withVectors(worker::forIndexing);
    private final float[] potato = new ConceptEmbedder().embed("土豆");
    private LuceneSearchIndex index;
    private Indexer indexer;

    @BeforeEach
    void open() {
        index = new LuceneSearchIndex(dir.resolve("index"), Works.analysisWithoutSynonyms());
        indexer = new Indexer(repository, documents, index, Duration.ofMillis(20), Duration.ofMillis(200));
        worker.onStored(indexer::reindex);
        indexer.onWritten(worker::written);
    }

    @AfterEach
    void close() {
        worker.close();
        indexer.close();
        index.close();
    }

    private List<String> byWords(String query) {
        index.refresh();
        return index.search(SearchRequest.of(query, Visibility.everything())).hits().stream()
                .map(SearchHit::id)
                .toList();
    }

    private List<String> byMeaning() {
        index.refresh();
        return index.nearest(potato, 10, SearchRequest.of("土豆", Visibility.everything())).stream()
                .map(VectorSearch.Ranked::id)
                .toList();
    }

    private void aPotatoArticle(String id) {
        Repositories.uploaded(repository, id, "块茎作物", List.of("food"));
        Repositories.extracted(repository, id, "马铃薯富含淀粉和钾。");
    }

    @Test
    void aWorkIsFoundByItsWordsAtOnceAndByItsMeaningOnceItsVectorIsStored() {
        aPotatoArticle("w1");

        indexer.drainOnce();

        assertThat(byWords("淀粉")).containsExactly("w1");
        await().atMost(Duration.ofSeconds(10)).until(() -> byMeaning().contains("w1"));
        String textKey = repository.find("w1").orElseThrow().current().textKey();
        assertThat(repository.store().stat(vectors.key(textKey))).isPresent();
    }

    @Test
    void aReindexAndARebuildReuseTheStoredVectorsWithoutComputingThemAgain() {
        aPotatoArticle("w1");
        aPotatoArticle("w2");
        indexer.drainOnce();
        await().atMost(Duration.ofSeconds(10)).until(() -> byMeaning().size() == 2);
        int computed = embedder.calls.get();

        indexer.reindex(List.of("w1", "w2"));
        new Reindexer(repository, documents, index).rebuild((done, total) -> {});

        assertThat(index.liveName()).endsWith("-v2");
        assertThat(byMeaning()).containsExactlyInAnyOrder("w1", "w2");
        assertThat(embedder.calls.get()).isEqualTo(computed);
    }

    @Test
    void aWorkWhoseVectorCannotBeComputedIsIndexedByItsWordsAndTriedAgainWhenIndexedNext() {
        embedder.failing = true;
        aPotatoArticle("w1");

        indexer.drainOnce();
        await().atMost(Duration.ofSeconds(10)).until(() -> embedder.calls.get() > 0);

        assertThat(byWords("淀粉")).containsExactly("w1");
        assertThat(byMeaning()).isEmpty();

        embedder.failing = false;
        repository.update("w1", work -> work.withStatus(WorkStatus.APPROVED, null));
        indexer.drainOnce();

        await().atMost(Duration.ofSeconds(10)).until(() -> byMeaning().contains("w1"));
        assertThat(byWords("淀粉")).containsExactly("w1");
    }

    @Test
    void aWorkStillProcessingAsksForNoVector() {
        Repositories.uploaded(repository, "w1", "马铃薯", List.of("food"));

        indexer.drainOnce();

        assertThat(byWords("马铃薯")).containsExactly("w1");
        assertThat(embedder.calls.get()).isZero();
    }
}
