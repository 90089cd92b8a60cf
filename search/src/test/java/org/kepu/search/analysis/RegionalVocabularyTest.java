package org.kepu.search.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegionalVocabularyTest {

    private final RegionalVocabulary vocabulary = RegionalVocabulary.shipped();
    private final TextAnalysis analysis = TextAnalysis.withShippedGlossary();

    @Test
    void taiwanWordsBecomeMainlandOnesWhetherWrittenInTraditionalOrSimplifiedCharacters() {
        assertThat(vocabulary.mainland(TextNormalizer.normalize("軟體"))).contains("软件");
        assertThat(vocabulary.mainland(TextNormalizer.normalize("软体"))).contains("软件");
        assertThat(vocabulary.mainland(TextNormalizer.normalize("網際網路"))).contains("互联网");
        assertThat(vocabulary.mainland(TextNormalizer.normalize("滑鼠"))).contains("鼠标");
        assertThat(vocabulary.mainland("人工智慧")).contains("人工智能");
        assertThat(vocabulary.regionalForms("软件")).contains("软体");
    }

    @Test
    void regionalPhrasesThatAreAlsoMainlandWordsAreLeftAlone() {
        // OpenCC pairs 进程 with Taiwan's 程序 and 仿真 with 模擬, but both are everyday mainland words
        assertThat(vocabulary.mainland("程序")).isEmpty();
        assertThat(vocabulary.mainland("模拟")).isEmpty();
        assertThat(vocabulary.mainland("通道")).isEmpty();
        assertThat(vocabulary.mainland("文字")).isEmpty();
        // also mainland words, so left to the synonym list
        assertThat(vocabulary.mainland("网路")).isEmpty();
        assertThat(vocabulary.mainland("资讯")).isEmpty();
        assertThat(vocabulary.size()).isGreaterThan(300);
    }

    @Test
    void theAnalyzerIndexesTheMainlandWordWithOffsetsOnTheOriginalCharacters() {
        String text = "下載軟體前，先確認滑鼠與伺服器。";
        List<AnalyzedToken> tokens = analysis.tokens(text);

        AnalyzedToken software = find(tokens, "软件");
        assertThat(text.substring(software.start(), software.end())).isEqualTo("軟體");
        AnalyzedToken mouse = find(tokens, "鼠标");
        assertThat(text.substring(mouse.start(), mouse.end())).isEqualTo("滑鼠");
        AnalyzedToken server = find(tokens, "服务器");
        assertThat(text.substring(server.start(), server.end())).isEqualTo("伺服器");
        assertThat(tokens).extracting(AnalyzedToken::term).doesNotContain("软体", "滑鼠", "伺服器");
    }

    @Test
    void aLongerRegionalPhraseShiftsTheOffsetsOfTheWordsAfterIt() {
        // 隨身碟 (3 chars) becomes U盘 (2): the token after it still points at its own characters
        String text = "隨身碟裡的病毒";
        List<AnalyzedToken> tokens = analysis.tokens(text);
        AnalyzedToken virus = find(tokens, "病毒");
        assertThat(text.substring(virus.start(), virus.end())).isEqualTo("病毒");
        assertThat(tokens.get(0).start()).isZero();
    }

    @Test
    void mainlandTextIsUnchanged() {
        assertThat(analysis.tokens("程序员用模拟软件编写程序，文字离线保存"))
                .extracting(AnalyzedToken::term)
                .contains("程序员", "模拟", "软件", "程序", "文字")
                .doesNotContain("进程", "仿真", "文本", "脱机");
    }

    private static AnalyzedToken find(List<AnalyzedToken> tokens, String term) {
        return tokens.stream()
                .filter(t -> t.term().equals(term))
                .findFirst()
                .orElseThrow(() -> new AssertionError(term + " not among " + tokens));
    }
}
