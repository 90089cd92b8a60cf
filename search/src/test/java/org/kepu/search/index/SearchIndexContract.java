package org.kepu.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.search.testing.Works.JAN;
import static org.kepu.search.testing.Works.JUN;
import static org.kepu.search.testing.Works.MAR;
import static org.kepu.search.testing.Works.work;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.query.Cursor;
import org.kepu.search.query.Filters;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.kepu.search.query.SearchResult.FacetCount;
import org.kepu.search.query.Visibility;
import org.kepu.search.query.Visibility.Field;
import org.kepu.search.query.Visibility.Grant;

/** What every {@link SearchIndex} adapter must do; each adapter's test extends this class. */
abstract class SearchIndexContract {

    protected SearchIndex index;

    /** A fresh, empty index for one test. */
    protected abstract SearchIndex newIndex();

    @BeforeEach
    void open() {
        index = newIndex();
    }

    @AfterEach
    void closeIndex() {
        index.close();
    }

    private void given(IndexedWork... works) {
        index.indexAll(List.of(works));
        index.flush();
        index.refresh();
    }

    private SearchResult search(String query) {
        return index.search(SearchRequest.of(query, Visibility.everything()));
    }

    private static List<String> ids(SearchResult result) {
        return result.hits().stream().map(SearchHit::id).toList();
    }

    @Test
    void findsAGlossaryTermWholeButNotTextsThatOnlyShareItsCharacters() {
        given(
                work("carbon")
                        .titled("双碳目标")
                        .saying("我国力争2030年前实现碳达峰，2060年前实现碳中和。")
                        .indexed(),
                work("river").titled("黄河").saying("黄河中下游和长江流域的水文特征。").indexed());

        SearchResult result = search("碳中和");

        assertThat(ids(result)).containsExactly("carbon");
        assertThat(result.total()).isEqualTo(1);
        assertThat(result.hits().get(0).highlights())
                .anySatisfy(h -> assertThat(h).contains("<em>碳中和</em>"));
    }

    @Test
    void partsOfAGlossaryTermRemainFindable() {
        given(work("carbon").saying("实现碳达峰是一项长期任务。").indexed());

        assertThat(ids(search("\"达峰\""))).containsExactly("carbon");
    }

    @Test
    void simplifiedQueriesFindTraditionalTextAndHighlightTheOriginal() {
        given(work("tw").titled("量子計算簡介").saying("量子計算機利用量子疊加進行運算。").indexed());

        SearchResult simplified = search("量子计算");
        SearchResult traditional = search("量子計算");

        assertThat(ids(simplified)).containsExactly("tw");
        assertThat(ids(traditional)).containsExactly("tw");
        assertThat(simplified.hits().get(0).title()).isEqualTo("量子計算簡介");
        assertThat(simplified.hits().get(0).highlights())
                .anySatisfy(h -> assertThat(h).contains("<em>量子計算"));
    }

    @Test
    void aSynonymFindsTheTextButNeverOutranksALiteralMatchOfTheSameStrength() {
        // 土豆 is common and 马铃薯 rare here, so a bare boost would let the rarer synonym win on idf
        List<IndexedWork> works = new ArrayList<>();
        works.add(work("literal").saying("土豆是一种常见的食物，营养丰富。").indexed());
        works.add(work("synonym").saying("马铃薯是一种常见的食物，营养丰富。").indexed());
        for (int i = 0; i < 8; i++) {
            works.add(
                    work("dish" + i).saying("土豆丝、土豆泥和土豆饼，做法第" + i + "种，配料很多很杂。").indexed());
        }
        given(works.toArray(IndexedWork[]::new));

        List<SearchHit> hits = search("土豆").hits();
        List<String> ids = hits.stream().map(SearchHit::id).toList();

        assertThat(ids).contains("literal", "synonym");
        assertThat(ids.indexOf("literal")).isLessThan(ids.indexOf("synonym"));
        float literal = hits.get(ids.indexOf("literal")).score();
        float synonym = hits.get(ids.indexOf("synonym")).score();
        assertThat(synonym).isLessThan(literal);
        // and the other way round: 马铃薯 is the literal word now
        List<String> reverse = ids(search("马铃薯"));
        assertThat(reverse.get(0)).isEqualTo("synonym");
        assertThat(search("马铃薯").hits().get(0).highlights())
                .anySatisfy(h -> assertThat(h).contains("<em>马铃薯</em>"));
    }

    @Test
    void regionalWordsFindTheMainlandWordAndHighlightTheOriginal() {
        given(
                work("tw").saying("下載軟體之前，先用防毒軟體掃描。").indexed(),
                work("cn").saying("安装软件时留意它申请的权限。").indexed());

        assertThat(ids(search("软件"))).containsExactlyInAnyOrder("tw", "cn");
        SearchResult regional = search("軟體");
        assertThat(ids(regional)).containsExactlyInAnyOrder("tw", "cn");
        assertThat(regional.hits().stream()
                        .filter(h -> h.id().equals("tw"))
                        .findFirst()
                        .orElseThrow()
                        .highlights())
                .anySatisfy(h -> assertThat(h).contains("<em>軟體</em>"));
    }

    @Test
    void fullWidthAndMixedLatinTextMeetHalfWidthQueries() {
        given(work("ai").saying("ＣｈａｔＧＰＴ与大语言模型的原理").indexed());

        assertThat(ids(search("chatgpt"))).containsExactly("ai");
        assertThat(ids(search("大语言模型"))).containsExactly("ai");
    }

    @Test
    void quotedPhrasesNeedTheWordsTogetherAndMinusExcludes() {
        given(
                work("vaccine").saying("接种新冠病毒疫苗可以降低重症风险。").indexed(),
                work("apart").saying("疫苗的研发很快，新冠病毒仍在变异，接种仍然重要。").indexed(),
                work("flu").saying("接种流感疫苗可以预防流行性感冒。").indexed());

        assertThat(ids(search("\"新冠病毒疫苗\""))).containsExactly("vaccine");
        assertThat(ids(search("疫苗 -新冠病毒"))).containsExactly("flu");
        assertThat(ids(search("疫苗 -\"流感疫苗\""))).containsExactlyInAnyOrder("vaccine", "apart");
    }

    @Test
    void everyWordMustMatch() {
        given(
                work("both").saying("台风来临前要做好防灾减灾准备。").indexed(),
                work("one").saying("台风是一种热带气旋。").indexed());

        assertThat(ids(search("台风 防灾减灾"))).containsExactly("both");
    }

    @Test
    void filtersNarrowAndFacetsCountAllMatches() {
        given(
                work("a")
                        .saying("地震来临时的避险方法")
                        .topics("disaster")
                        .audiences("kids")
                        .kind("COMIC")
                        .updated(JAN)
                        .indexed(),
                work("b")
                        .saying("地震预警系统如何工作")
                        .topics("disaster", "tech")
                        .audiences("public")
                        .kind("ARTICLE")
                        .updated(MAR)
                        .indexed(),
                work("c")
                        .saying("地震中的自救互救")
                        .topics("disaster")
                        .audiences("public")
                        .kind("VIDEO")
                        .status(WorkStatus.IN_REVIEW)
                        .updated(JUN)
                        .indexed());

        SearchResult all = search("地震");
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.facets().get("topic")).containsExactly(new FacetCount("disaster", 3), new FacetCount("tech", 1));
        assertThat(all.facets().get("audience"))
                .containsExactly(new FacetCount("public", 2), new FacetCount("kids", 1));
        assertThat(all.facets().get("kind")).hasSize(3);
        assertThat(all.facets().get("status"))
                .containsExactly(new FacetCount("PUBLISHED", 2), new FacetCount("IN_REVIEW", 1));

        SearchRequest base = SearchRequest.of("地震", Visibility.everything());
        assertThat(ids(index.search(base.withFilters(Filters.NONE.withTopics("tech")))))
                .containsExactly("b");
        assertThat(ids(index.search(
                        base.withFilters(Filters.NONE.withAudiences("public").withKinds("VIDEO")))))
                .containsExactly("c");
        assertThat(ids(index.search(base.withFilters(Filters.NONE.withStatuses("PUBLISHED")))))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(ids(index.search(base.withFilters(Filters.NONE.updatedBetween(Optional.of(MAR), Optional.of(JUN))))))
                .containsExactly("b");
    }

    @Test
    void visibilityIsTheCallersRule() {
        given(
                work("mine")
                        .by("alice")
                        .status(WorkStatus.IN_REVIEW)
                        .saying("熬夜对健康的影响")
                        .indexed(),
                work("theirs")
                        .by("bob")
                        .status(WorkStatus.IN_REVIEW)
                        .saying("熬夜的危害")
                        .indexed(),
                work("public").by("bob").saying("熬夜与睡眠障碍").channels("health").indexed(),
                work("elsewhere").by("bob").saying("熬夜与近视").channels("kids").indexed());

        Visibility creator = Visibility.anyOf(Grant.of(Field.OWNER_ID, "alice"), Grant.of(Field.STATUS, "PUBLISHED"));
        Visibility outlet = Visibility.anyOf(Grant.of(Field.STATUS, "PUBLISHED").and(Field.CHANNELS, "health", "news"));

        assertThat(ids(index.search(SearchRequest.of("熬夜", creator))))
                .containsExactlyInAnyOrder("mine", "public", "elsewhere");
        assertThat(ids(index.search(SearchRequest.of("熬夜", outlet)))).containsExactly("public");
        assertThat(index.search(SearchRequest.of("熬夜", Visibility.anyOf())).total())
                .isZero();
        assertThat(index.search(SearchRequest.of("熬夜", outlet)).facets().get("status"))
                .containsExactly(new FacetCount("PUBLISHED", 1));
        // a reviewer who declared a conflict with bob sees everything but bob's drafts
        Visibility conflicted = Visibility.anyOf(
                Grant.excluding(Field.OWNER_ID, java.util.Set.of("bob")), Grant.of(Field.STATUS, "PUBLISHED"));
        assertThat(ids(index.search(SearchRequest.of("熬夜", conflicted))))
                .containsExactlyInAnyOrder("mine", "public", "elsewhere");
        assertThat(ids(index.search(SearchRequest.of(
                        "熬夜", Visibility.anyOf(Grant.excluding(Field.OWNER_ID, java.util.Set.of("bob")))))))
                .containsExactly("mine");
    }

    @Test
    void anEmptyQueryListsEveryVisibleWorkNewestFirstByDate() {
        given(
                work("old").updated(JAN).indexed(),
                work("new").updated(JUN).indexed(),
                work("mid").updated(MAR).indexed());

        SearchResult result =
                index.search(SearchRequest.of("", Visibility.everything()).sortedBy(SearchRequest.Sort.DATE));

        assertThat(ids(result)).containsExactly("new", "mid", "old");
        assertThat(result.hits().get(0).updatedAt()).isEqualTo(JUN);
    }

    @Test
    void cursorsWalkEveryHitOnceInEverySortOrder() {
        List<IndexedWork> works = new ArrayList<>();
        for (int i = 0; i < 57; i++) {
            works.add(work(String.format("w%02d", i))
                    .saying("人工智能".repeat(1 + i % 5) + "与机器学习")
                    .updated(JAN.plusSeconds(i % 7 * 3600))
                    .indexed());
        }
        index.indexAll(works);
        index.flush();
        index.refresh();

        for (SearchRequest.Sort sort : SearchRequest.Sort.values()) {
            SearchRequest request = SearchRequest.of("人工智能", Visibility.everything())
                    .sortedBy(sort)
                    .page(0, 10);
            Set<String> seen = new HashSet<>();
            int pages = 0;
            while (true) {
                SearchResult result = index.search(request);
                assertThat(result.total()).isEqualTo(57);
                result.hits()
                        .forEach(hit -> assertThat(seen.add(hit.id()))
                                .as("seen once: " + hit.id())
                                .isTrue());
                pages++;
                if (result.nextCursor().isEmpty()) {
                    break;
                }
                request = request.after(result.nextCursor().get());
            }
            assertThat(seen).as(sort.name()).hasSize(57);
            assertThat(pages).isBetween(6, 7);
        }
    }

    @Test
    void oldestChangeFirstAfterAWatermarkWithTiesBrokenById() {
        given(
                work("b").updated(MAR).channels("kids").indexed(),
                work("a")
                        .updated(MAR)
                        .channels("kids")
                        .status(WorkStatus.RETRACTED)
                        .indexed(),
                work("c").updated(JAN).channels("kids").indexed(),
                work("d").updated(JUN).channels("kids", "news").indexed(),
                work("e").updated(JAN).channels("news").indexed());
        SearchRequest request = SearchRequest.of("", Visibility.anyOf(Grant.of(Field.CHANNELS, "kids")))
                .sortedBy(SearchRequest.Sort.DATE_ASCENDING)
                .page(0, 2);

        SearchResult first = index.search(request);
        SearchResult rest = index.search(request.after(first.nextCursor().orElseThrow()));

        // a retracted work keeps its channels, so it is found as a change of the channel too
        assertThat(ids(first)).containsExactly("c", "a");
        assertThat(ids(rest)).containsExactly("b", "d");
        // a watermark made from the last change seen: a later change of an earlier work comes after it
        String watermark = new Cursor(MAR.toEpochMilli(), "b").encode();
        given(work("c").revision(2).updated(JUN.plusSeconds(1)).channels("kids").indexed());
        assertThat(ids(index.search(request.after(watermark)))).containsExactly("d", "c");
        assertThat(index.search(request.after(new Cursor(JUN.plusSeconds(1).toEpochMilli(), "c").encode()))
                        .hits())
                .isEmpty();
    }

    @Test
    void pagesAreTheSameHitsAsTheCursor() {
        List<IndexedWork> works = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            works.add(work("p" + i).saying("科学素质".repeat(1 + i % 4)).indexed());
        }
        index.indexAll(works);
        index.refresh();
        SearchRequest first = SearchRequest.of("科学素质", Visibility.everything()).page(0, 10);
        SearchResult page1 = index.search(first);
        SearchResult page2 = index.search(first.page(1, 10));
        SearchResult viaCursor = index.search(first.after(page1.nextCursor().orElseThrow()));

        assertThat(ids(page2)).isEqualTo(ids(viaCursor));
        assertThat(ids(page1)).doesNotContainAnyElementsOf(ids(page2));
    }

    @Test
    void revisionsNeverGoBackwards() {
        given(work("w").revision(3).titled("第三版").indexed());

        assertThat(index.index(work("w").revision(2).titled("第二版").indexed())).isEqualTo(WriteOutcome.STALE);
        assertThat(index.index(work("w").revision(3).titled("第三版重放").indexed())).isEqualTo(WriteOutcome.APPLIED);
        index.refresh();
        assertThat(index.revision("w")).contains(3L);
        assertThat(search("第三版").hits()).extracting(SearchHit::title).containsExactly("第三版重放");

        assertThat(index.index(work("w").revision(4).titled("第四版").indexed())).isEqualTo(WriteOutcome.APPLIED);
        assertThat(index.delete("w", 3)).isEqualTo(WriteOutcome.STALE);
        index.refresh();
        assertThat(index.revision("w")).contains(4L);
        assertThat(index.delete("w", 4)).isEqualTo(WriteOutcome.APPLIED);
        index.refresh();
        assertThat(index.revision("w")).isEmpty();
        assertThat(index.stored("w")).isEmpty();
        // the indexer deletes works whose manifest is gone, indexed or not
        assertThat(index.delete("never-indexed", 1)).isEqualTo(WriteOutcome.APPLIED);
    }

    @Test
    void aDocumentTheIndexCannotTakeIsRefusedAloneAndTheRestOfTheBulkStands() {
        given(work("hostile").revision(1).titled("旧标题").indexed());
        // one keyword longer than the 32766 bytes a term may have, in Lucene and in Elasticsearch
        IndexedWork hostile =
                work("hostile").revision(2).topics("x".repeat(40_000)).indexed();

        List<WriteOutcome> outcomes = index.indexAll(List.of(
                work("before").saying("地震预警").indexed(),
                hostile,
                work("after").saying("台风预警").indexed()));
        index.refresh();

        assertThat(outcomes.get(0)).isEqualTo(WriteOutcome.APPLIED);
        assertThat(outcomes.get(1).refused()).isTrue();
        // the index's own words differ (Lucene: an immense term; Elasticsearch: a field it failed to parse)
        assertThat(outcomes.get(1).reason()).contains("topics");
        assertThat(outcomes.get(2)).isEqualTo(WriteOutcome.APPLIED);
        assertThat(ids(search("预警"))).containsExactlyInAnyOrder("before", "after");
        // the refused revision replaced nothing
        assertThat(index.revision("hostile")).contains(1L);
        assertThat(search("旧标题").total()).isEqualTo(1);
    }

    @Test
    void factsComeBackForEveryWorkOrOneOwnersAndWorksWithoutFactsAreLeftOut() {
        given(
                work("a1").by("alice").facts("{\"id\":\"a1\"}").indexed(),
                work("a2").by("alice").facts("{\"id\":\"a2\"}").indexed(),
                work("b1").by("bob").facts("{\"id\":\"b1\"}").indexed(),
                work("old").by("bob").indexed());

        assertThat(index.facts(Optional.empty()))
                .containsExactlyInAnyOrder("{\"id\":\"a1\"}", "{\"id\":\"a2\"}", "{\"id\":\"b1\"}");
        assertThat(index.facts(Optional.of("alice"))).containsExactlyInAnyOrder("{\"id\":\"a1\"}", "{\"id\":\"a2\"}");
        assertThat(index.facts(Optional.of("nobody"))).isEmpty();
    }

    @Test
    void factsOfMoreWorksThanOnePageAreEachReadOnce() {
        List<IndexedWork> many = new ArrayList<>();
        for (int i = 0; i < 2_345; i++) {
            many.add(work(String.format("w%05d", i)).facts(Integer.toString(i)).indexed());
        }
        given(many.toArray(IndexedWork[]::new));

        List<String> facts = index.facts(Optional.empty());

        assertThat(facts).hasSize(2_345).doesNotHaveDuplicates();
    }

    @Test
    void storedTextsAreTheOriginals() {
        given(work("w").titled("科學").saying("原文😀保留").indexed());

        StoredWork stored = index.stored("w").orElseThrow();

        assertThat(stored.title()).isEqualTo("科學");
        assertThat(stored.text()).isEqualTo("原文😀保留");
        assertThat(index.stored("missing")).isEmpty();
    }

    @Test
    void supplementaryCharactersAreSearchableAndHighlightedWhole() {
        given(work("emoji").saying("今天学习了𠀀字和表情😀的编码").indexed());

        SearchResult result = search("😀");

        assertThat(ids(result)).containsExactly("emoji");
        assertThat(result.hits().get(0).highlights())
                .anySatisfy(h -> assertThat(h).contains("<em>😀</em>"));
        assertThat(ids(search("𠀀"))).containsExactly("emoji");
    }

    @Test
    void highlightsEscapeMarkupOfTheOriginal() {
        given(work("html").saying("<script>alert(1)</script> 转基因食品是否安全？").indexed());

        String highlight = search("转基因").hits().get(0).highlights().get(0);

        assertThat(highlight)
                .contains("&lt;/script&gt;")
                .contains("<em>转基因</em>")
                .doesNotContain("<script", "</script");
    }

    @Test
    void aRebuildServesTheOldIndexUntilItSwitchesAndKeepsLiveWrites() {
        given(work("a").saying("碳达峰").indexed(), work("b").saying("碳达峰").indexed());
        String before = index.liveName();

        try (Rebuild rebuild = index.startRebuild()) {
            assertThat(rebuild.name()).isNotEqualTo(before);
            rebuild.indexAll(List.of(work("a").saying("碳达峰").indexed()));
            // a live write during the rebuild reaches both indices
            index.index(work("c").revision(2).saying("碳达峰").indexed());
            index.refresh();
            assertThat(ids(search("碳达峰"))).containsExactlyInAnyOrder("a", "b", "c");
            rebuild.indexAll(List.of(work("b").saying("碳达峰").indexed()));
            rebuild.complete();
        }
        index.refresh();

        assertThat(index.liveName()).isNotEqualTo(before);
        assertThat(ids(search("碳达峰"))).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(index.revision("c")).contains(2L);
        assertThat(index.count()).isEqualTo(3);
    }

    @Test
    void anAbortedRebuildLeavesTheLiveIndexAlone() {
        given(work("a").saying("量子通信").indexed());
        String before = index.liveName();

        try (Rebuild rebuild = index.startRebuild()) {
            rebuild.indexAll(List.of(work("x").saying("量子通信").indexed()));
        }
        index.refresh();

        assertThat(index.liveName()).isEqualTo(before);
        assertThat(ids(search("量子通信"))).containsExactly("a");
    }

    @Test
    void longTextsAreAskedByAnyToken() {
        given(
                work("q").saying("长征五号运载火箭把嫦娥五号送入地月转移轨道。").indexed(),
                work("other").saying("糖尿病患者要注意控糖。").indexed());

        SearchResult result = index.search(SearchRequest.of("哪一种运载火箭发射了嫦娥五号探测器", Visibility.everything())
                .withMatch(SearchRequest.Match.ANY_TOKEN));

        assertThat(ids(result)).first().isEqualTo("q");
    }

    @Test
    void sharedBigramsRankButNeverMatchOnTheirOwn() {
        // 交通信号 holds the bigram 通信 but not the word
        given(
                work("signal").saying("路口的交通信号灯坏了。").indexed(),
                work("comms").saying("卫星通信覆盖偏远山区。").indexed());

        assertThat(ids(search("通信"))).containsExactly("comms");
        assertThat(ids(index.search(
                        SearchRequest.of("通信", Visibility.everything()).withMatch(SearchRequest.Match.ANY_TOKEN))))
                .containsExactly("comms");
    }

    @Test
    void aWordTheTextsSegmentationCutIntoItsCharactersIsStillFound() {
        // smartcn cuts 致癌 into 致 and 癌 in this sentence, though the query 致癌 is one word
        given(
                work("leftovers").saying("隔夜菜不一定致癌，但应冷藏保存。").indexed(),
                work("signal").saying("路口的交通信号灯坏了。").indexed());

        SearchResult result = search("致癌");

        assertThat(ids(result)).containsExactly("leftovers");
        assertThat(result.hits().get(0).highlights()).containsExactly("隔夜菜不一定<em>致癌</em>，但应冷藏保存。");
        assertThat(ids(search("通信"))).isEmpty();
    }

    @Test
    void anyTokenStillNeedsATokenWhenFiltered() {
        given(
                work("q").topics("tech").saying("量子通信").indexed(),
                work("other").topics("tech").saying("糖尿病患者要注意控糖。").indexed());

        SearchResult result = index.search(SearchRequest.of("量子通信卫星", Visibility.everything())
                .withMatch(SearchRequest.Match.ANY_TOKEN)
                .withFilters(Filters.NONE.withTopics("tech")));

        assertThat(ids(result)).containsExactly("q");
    }
}
