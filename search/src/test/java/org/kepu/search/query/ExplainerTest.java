package org.kepu.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.query.Explainer.Match;
import org.kepu.search.query.Explainer.Via;

class ExplainerTest {

    private final Explainer explainer = new Explainer(TextAnalysis.withShippedGlossary());

    private List<Match> explain(String query, String text) {
        return explainer.explain(explainer.forms(query), "科普", "", text);
    }

    @Test
    void aLiteralWordIsNamedAsTheTextWritesIt() {
        assertThat(explain("马铃薯", "马铃薯发芽后不能吃。")).containsExactly(new Match("马铃薯", Via.WORD, "马铃薯", "马铃薯", "text"));
    }

    @Test
    void aSynonymIsNamedWithTheQueryWordItStandsFor() {
        assertThat(explain("土豆", "马铃薯发芽后不能吃。")).containsExactly(new Match("土豆", Via.SYNONYM, "马铃薯", "马铃薯", "text"));
    }

    @Test
    void aRegionalSpellingInTheTextOrInTheQueryIsAVariant() {
        assertThat(explain("软件", "下載軟體之前先掃描。")).containsExactly(new Match("软件", Via.VARIANT, "软件", "軟體", "text"));
        assertThat(explain("軟體", "安装软件时留意权限。")).containsExactly(new Match("軟體", Via.VARIANT, "软件", "软件", "text"));
    }

    @Test
    void wordsTheTextDoesNotHoldAreNotNamedAndExcludedWordsNeverAre() {
        assertThat(explain("马铃薯 番茄 -发芽", "马铃薯发芽后不能吃。")).extracting(Match::term).containsExactly("马铃薯");
    }

    @Test
    void theTitleIsLookedAtFirst() {
        assertThat(explainer.explain(explainer.forms("空间站"), "走进中国空间站", "", "空间站在轨道上运行。"))
                .extracting(Match::field)
                .containsExactly("title");
    }
}
