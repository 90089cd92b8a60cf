package org.kepu.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.search.analysis.TextAnalysis;

class SynonymExpansionTest {

    private final QueryPlanner planner = new QueryPlanner(TextAnalysis.withShippedGlossary());

    private static List<QueryPlan.Alternative> alternatives(QueryPlan plan) {
        return plan.groups().stream().flatMap(g -> g.alternatives().stream()).toList();
    }

    @Test
    void aSynonymJoinsTheWordsGroupAtLowerWeightInBodyAndTitle() {
        QueryPlan plan = planner.plan("土豆", SearchRequest.Match.ALL_WORDS);

        assertThat(plan.groups()).hasSize(1);
        assertThat(alternatives(plan))
                .contains(
                        new QueryPlan.Term(IndexFields.BODY, "土豆", 1f),
                        new QueryPlan.Term(IndexFields.BODY, "马铃薯", SynonymExpansion.WEIGHT),
                        new QueryPlan.Term(
                                IndexFields.TITLE, "马铃薯", QueryPlanner.TITLE_BOOST * SynonymExpansion.WEIGHT));
        assertThat(plan.highlightTerms()).contains("土豆", "马铃薯");
    }

    @Test
    void aRunOfQueryWordsThatSpellsAListWordIsExpandedWhole() {
        // 防溺水 is cut into 防 and 溺水; 新冠疫苗 into 新, 冠 and 疫苗, whose run 新冠 is a word of the list. smartcn cuts 淹溺 into its
        // characters,
        // so the synonym is their phrase
        assertThat(alternatives(planner.plan("防溺水", SearchRequest.Match.ALL_WORDS)))
                .contains(new QueryPlan.Phrase(IndexFields.BODY, List.of("淹", "溺"), SynonymExpansion.WEIGHT));
        assertThat(alternatives(planner.plan("新冠疫苗", SearchRequest.Match.ALL_WORDS)))
                .anyMatch(a -> a instanceof QueryPlan.Phrase p && p.terms().equals(List.of("新", "冠", "肺炎")));
    }

    @Test
    void theWeightFollowsTheRarityOfTheLiteralWordAgainstTheSynonym() {
        // common literal word (idf low), rare synonym (idf high): the synonym's boost shrinks below WEIGHT
        float ratio = SynonymExpansion.ratio(1000, Map.of("土豆", 500L, "马铃薯", 1L), List.of("土豆"), List.of("马铃薯"));
        assertThat(ratio).isLessThan(0.2f);
        assertThat(SynonymExpansion.ratio(0, Map.of(), List.of("土豆"), List.of("马铃薯")))
                .isEqualTo(1f);
    }

    @Test
    void aLongQueryOfSynonymWordsExpandsOnlySoFar() {
        QueryPlan plan = planner.plan("新冠 ".repeat(85), SearchRequest.Match.ALL_WORDS);

        // without statistics a synonym's body clause weighs exactly WEIGHT, which no literal clause does
        long synonyms = alternatives(plan).stream()
                .filter(a -> a.boost() == SynonymExpansion.WEIGHT)
                .count();
        assertThat(synonyms).isEqualTo(SynonymExpansion.MAX_SYNONYMS);
        assertThat(alternatives(plan).size() + plan.scoring().size()).isLessThan(1024);
    }
}
