package org.kepu.search.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.query.Filters;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.kepu.search.query.Visibility;
import org.kepu.search.query.Visibility.Field;
import org.kepu.search.query.Visibility.Grant;
import org.kepu.search.testing.Works;

/**
 * Search by words and by meaning, which every index adapter must answer alike; each adapter's test
 * extends this class. The concept embedder gives known vectors, so that what is asserted is the fusion
 * and the filters, not the model.
 */
abstract class HybridSearchContract {

    private final ConceptEmbedder embedder = new ConceptEmbedder();
    private final WorkEmbedding embedding = new WorkEmbedding(embedder);
    protected SearchIndex index;
    private HybridSearch hybrid;
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    /** A fresh, empty index for one test. */
    protected abstract SearchIndex newIndex();

    @BeforeEach
    void open() {
        index = newIndex();
        // as the application runs it: the nearest works looked up on another thread
        hybrid = new HybridSearch(index, (VectorSearch) index, embedder, HybridSearch.Settings.DEFAULT, other);
    }

    @AfterEach
    void close() {
        other.shutdownNow();
        index.close();
    }

    private void add(Works.Builder work, String text) {
        IndexedWork doc = work.saying(text).indexed();
        index.index(embedding.of(text).map(doc::withVector).orElse(doc));
        index.refresh();
    }

    private static List<String> ids(SearchResult result) {
        return result.hits().stream().map(SearchHit::id).toList();
    }

    private static SearchRequest everything(String query) {
        return SearchRequest.of(query, Visibility.everything());
    }

    @Test
    void aReadersWordFindsATextThatSaysTheSameThingDifferently() {
        add(Works.work("potato").titled("块茎作物"), "马铃薯富含淀粉和钾，是世界第四大粮食作物。");
        add(Works.work("stars").titled("星空"), "黑洞的引力连光都无法逃脱。");

        assertThat(index.search(everything("土豆")).total()).isZero();
        SearchResult result = hybrid.search(everything("土豆"));

        assertThat(ids(result)).containsExactly("potato");
        assertThat(result.total()).isEqualTo(1);
        assertThat(result.nextCursor()).isEmpty();
    }

    @Test
    void aVectorNeighbourNeverRevealsAWorkTheCallerMayNotRead() {
        add(Works.work("bobs-draft").by("bob").status(WorkStatus.IN_REVIEW), "马铃薯的种植与储存。");
        add(Works.work("other-channel").by("bob").channels("health"), "马铃薯发芽后不宜食用。");
        add(Works.work("open").by("bob").channels("kids"), "洋芋就是马铃薯。");
        add(Works.work("alices-draft").by("alice").status(WorkStatus.IN_REVIEW), "马铃薯怎样保存。");
        Visibility alice = Visibility.anyOf(
                Grant.of(Field.OWNER_ID, "alice"),
                Grant.of(Field.STATUS, "PUBLISHED").and(Field.CHANNELS, "kids"));
        Visibility outlet = Visibility.anyOf(Grant.of(Field.STATUS, "PUBLISHED").and(Field.CHANNELS, "health"));

        // the words find nothing, so every hit below comes from the vector leg
        assertThat(index.search(SearchRequest.of("土豆", Visibility.everything())).total())
                .isZero();
        assertThat(ids(hybrid.search(everything("土豆"))))
                .containsExactlyInAnyOrder("bobs-draft", "other-channel", "open", "alices-draft");
        assertThat(ids(hybrid.search(SearchRequest.of("土豆", alice)))).containsExactlyInAnyOrder("open", "alices-draft");
        assertThat(ids(hybrid.search(SearchRequest.of("土豆", outlet)))).containsExactly("other-channel");
        assertThat(ids(hybrid.search(SearchRequest.of("土豆", Visibility.anyOf()))))
                .isEmpty();
    }

    @Test
    void filtersAndExcludedWordsApplyToNeighboursToo() {
        add(Works.work("starch").topics("food"), "马铃薯富含淀粉。");
        add(Works.work("storage").topics("farming"), "马铃薯要放在阴凉处。");

        assertThat(ids(hybrid.search(everything("土豆 -淀粉")))).containsExactly("storage");
        assertThat(ids(hybrid.search(everything("土豆").withFilters(Filters.NONE.withTopics("food")))))
                .containsExactly("starch");
    }

    @Test
    void aLiteralMatchRanksAboveAVectorNeighbourOfTheSameStrength() {
        // the same vector (same concept), one says the reader's word and the other a synonym
        add(Works.work("a-synonym"), "马铃薯的营养。");
        add(Works.work("z-literal"), "土豆的营养。");

        assertThat(ids(hybrid.search(everything("土豆")))).containsExactly("z-literal", "a-synonym");
    }

    @Test
    void aWordHitCountsItsMeaningEvenWhenItIsNotAmongTheNearestWorksRead() {
        // the same words and length: only their meaning (cosine 0.71 against 0.58) tells them apart
        add(Works.work("a-further"), "土豆和黑洞和落水。");
        add(Works.work("b-closer"), "土豆和早餐和落水。");
        add(Works.work("c-nearest"), "土豆。");
        assertThat(ids(index.search(everything("土豆")))).containsExactly("c-nearest", "a-further", "b-closer");

        HybridSearch oneNeighbour =
                new HybridSearch(index, (VectorSearch) index, embedder, new HybridSearch.Settings(0.45, 1.5, 1));

        assertThat(ids(oneNeighbour.search(everything("土豆")))).containsExactly("c-nearest", "b-closer", "a-further");
    }

    @Test
    void anUnrelatedQueryGetsNoNeighbours() {
        add(Works.work("potato"), "马铃薯富含淀粉。");

        assertThat(hybrid.search(everything("量子纠缠")).hits()).isEmpty();
    }

    @Test
    void whileTheModelLoadsOrWhenItFailsTheWordsAnswerAlone() {
        add(Works.work("potato"), "马铃薯富含淀粉。");
        add(Works.work("literal"), "土豆丝的做法。");

        embedder.ready = false;
        assertThat(ids(hybrid.search(everything("土豆")))).containsExactly("literal");
        embedder.ready = true;
        embedder.failing = true;
        assertThat(ids(hybrid.search(everything("土豆")))).containsExactly("literal");
        embedder.failing = false;
        assertThat(ids(hybrid.search(everything("土豆")))).containsExactly("literal", "potato");
    }

    @Test
    void listingsDateOrdersAndLaterPagesKeepTheirShape() {
        for (int i = 0; i < 5; i++) {
            add(Works.work("literal-" + i), "土豆第" + i + "种吃法。");
            add(Works.work("synonym-" + i), "马铃薯第" + i + "种吃法。");
        }

        assertThat(hybrid.search(everything("")).total()).isEqualTo(10);
        assertThat(ids(hybrid.search(everything("土豆").sortedBy(SearchRequest.Sort.DATE))))
                .allMatch(id -> id.startsWith("literal"));
        List<String> first = ids(hybrid.search(everything("土豆").page(0, 4)));
        List<String> second = ids(hybrid.search(everything("土豆").page(1, 4)));
        List<String> all = ids(hybrid.search(everything("土豆").page(0, 10)));
        assertThat(first).hasSize(4);
        assertThat(all.subList(0, 4)).isEqualTo(first);
        assertThat(all.subList(4, 8)).isEqualTo(second);
        assertThat(all).hasSize(10).doesNotHaveDuplicates();
    }
}
