package org.kepu.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kepu.search.analysis.TextAnalysis;

class HighlighterTest {

    private final Highlighter highlighter = new Highlighter(TextAnalysis.withShippedGlossary());

    @Test
    void marksTheWordsWhereTheAnalyzerProducesThem() {
        List<String> snippets = highlighter.snippets("路口的交通信号灯坏了。卫星通信覆盖偏远山区。", Set.of("通信"));

        assertThat(snippets).hasSize(1);
        assertThat(snippets.get(0)).contains("卫星<em>通信</em>覆盖").doesNotContain("交<em>通信</em>号");
    }

    @Test
    void marksAWordTheTextsSegmentationCutIntoPieces() {
        assertThat(highlighter.snippets("隔夜菜不一定致癌，但应冷藏保存。", Set.of("致癌"))).containsExactly("隔夜菜不一定<em>致癌</em>，但应冷藏保存。");
    }

    @Test
    void aWordThatOnlyAppearsInsideOtherWordsGivesNoSnippet() {
        assertThat(highlighter.snippets("路口的交通信号灯坏了。", Set.of("通信"))).isEmpty();
    }

    @Test
    void aGlossaryTermIsMarkedWholeAndTraditionalTextIsFoundBySimplifiedTerms() {
        assertThat(highlighter.snippets("我国力争2030年前实现碳达峰。", Set.of("碳达峰")))
                .containsExactly("我国力争2030年前实现<em>碳达峰</em>。");
        assertThat(highlighter.snippets("發生地震時，要保持冷靜。", Set.of("地震"))).containsExactly("發生<em>地震</em>時，要保持冷靜。");
    }

    @Test
    void aWordCutByTheWindowEdgeIsNotMarkedAsIfItWereWhole() {
        // the window ends inside 西班牙; the clause is analysed whole, so 西 alone is no match there
        String text = "法".repeat(20) + "测量" + "，" + "甲".repeat(35) + "西班牙军队投降。";
        String snippet = highlighter.snippets(text, Set.of("测量", "西")).get(0);

        assertThat(snippet).contains("<em>测量</em>").doesNotContain("<em>西</em>");
    }

    @Test
    void escapesMarkupAndKeepsSurrogatePairsWhole() {
        String snippet =
                highlighter.snippets("<b>疫苗</b> & 𠮷野家的疫苗接种点", Set.of("疫苗")).get(0);

        assertThat(snippet).startsWith("&lt;b&gt;<em>疫苗</em>&lt;/b&gt; &amp; 𠮷野家");
        assertThat(snippet.codePoints().filter(cp -> Character.isSurrogate((char) cp) && cp <= Character.MAX_VALUE))
                .isEmpty();
    }

    @Test
    void atMostThreeSnippetsForALongText() {
        String text = "地震来时要冷静。".repeat(100);

        List<String> snippets = highlighter.snippets(text, Set.of("地震"));

        assertThat(snippets).hasSize(Highlighter.MAX_SNIPPETS);
        assertThat(snippets).allMatch(s -> s.contains("<em>地震</em>"));
        assertThat(snippets)
                .allMatch(s -> s.replace("<em>", "").replace("</em>", "").length() <= Highlighter.WINDOW + 2);
    }
}
