package org.kepu.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.search.analysis.TextAnalysis;

class QueryPlannerTest {

    private final QueryPlanner planner = new QueryPlanner(TextAnalysis.withShippedGlossary());

    @Test
    void aPartOfSeveralWordsIsScoredAlsoByItsBigrams() {
        QueryPlan plan = planner.plan("卫星通信覆盖偏远山区", SearchRequest.Match.ALL_WORDS);

        assertThat(bigrams(plan)).contains("卫星", "星通", "通信", "山区");
        assertThat(plan.scoring()).allMatch(alternative -> alternative.boost() == QueryPlanner.BIGRAM_BOOST);
    }

    @Test
    void aPartThatIsOneWordIsScoredByThatWordAlone() {
        QueryPlan plan = planner.plan("通信 卫星", SearchRequest.Match.ALL_WORDS);

        assertThat(plan.groups()).hasSize(2);
        assertThat(plan.scoring()).isEmpty();
    }

    @Test
    void excludedPartsAddNoBigrams() {
        QueryPlan plan = planner.plan("地震 -保持冷静", SearchRequest.Match.ALL_WORDS);

        assertThat(plan.excluded()).isNotEmpty();
        assertThat(plan.scoring()).isEmpty();
    }

    @Test
    void aChineseWordAlsoMatchesAsThePhraseOfItsCharacters() {
        QueryPlan plan = planner.plan("致癌", SearchRequest.Match.ALL_WORDS);

        assertThat(plan.groups().get(0).alternatives())
                .contains(new QueryPlan.Phrase(IndexFields.BODY, List.of("致", "癌"), 1f));
        assertThat(QueryPlanner.characters("ccus")).isEmpty();
        assertThat(QueryPlanner.characters("癌")).isEmpty();
        assertThat(QueryPlanner.characters("𠮷野")).isEmpty();
    }

    private static List<String> bigrams(QueryPlan plan) {
        return plan.scoring().stream()
                .filter(alternative -> alternative.field().equals(IndexFields.BIGRAMS))
                .map(alternative -> ((QueryPlan.Term) alternative).term())
                .toList();
    }
}
