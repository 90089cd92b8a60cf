package org.kepu.search.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KepuAnalyzerTest {

    private final Glossary glossary = Glossary.shipped();
    private final KepuAnalyzer analyzer = new KepuAnalyzer(glossary);

    /** term, start offset, end offset, position increment, position length: as Lucene's own token tests check. */
    record Tok(String term, int start, int end, int posInc, int posLen) {
        @Override
        public String toString() {
            return term + "[" + start + "-" + end + "]+" + posInc + "/" + posLen;
        }
    }

    private List<Tok> tokens(String text) throws IOException {
        List<Tok> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("body", new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute posInc = stream.addAttribute(PositionIncrementAttribute.class);
            PositionLengthAttribute posLen = stream.addAttribute(PositionLengthAttribute.class);
            stream.reset();
            int lastStart = 0;
            while (stream.incrementToken()) {
                // offsets never go backwards and always lie inside the text
                assertThat(offset.startOffset()).isGreaterThanOrEqualTo(lastStart);
                assertThat(offset.endOffset()).isBetween(offset.startOffset(), text.length());
                lastStart = offset.startOffset();
                tokens.add(new Tok(
                        term.toString(),
                        offset.startOffset(),
                        offset.endOffset(),
                        posInc.getPositionIncrement(),
                        posLen.getPositionLength()));
            }
            stream.end();
            assertThat(offset.endOffset()).isEqualTo(text.length());
        }
        return tokens;
    }

    private List<String> terms(String text) throws IOException {
        return tokens(text).stream().map(Tok::term).toList();
    }

    @Test
    void glossaryTermsAreStackedOverTheirPartsWhichStayFindable() throws IOException {
        assertThat(tokens("实现碳达峰目标"))
                .containsExactly(
                        new Tok("实现", 0, 2, 1, 1),
                        new Tok("碳达峰", 2, 5, 1, 3),
                        new Tok("碳", 2, 3, 0, 1),
                        new Tok("达", 3, 4, 1, 1),
                        new Tok("峰", 4, 5, 1, 1),
                        new Tok("目标", 5, 7, 1, 1));
    }

    @Test
    void aGlossaryTermSurvivesAStopwordAmongItsParts() throws IOException {
        // "和" is a stopword; the whole term stays, and the gap keeps the positions honest
        assertThat(tokens("碳中和"))
                .containsExactly(new Tok("碳中和", 0, 3, 1, 3), new Tok("碳", 0, 1, 0, 1), new Tok("中", 1, 2, 1, 1));
    }

    @Test
    void aTermMayEndInsideAToken() throws IOException {
        List<Tok> tokens = tokens("量子计算机");
        assertThat(tokens).extracting(Tok::term).containsExactly("量子计算机", "量子计算", "量子", "计算机");
        assertThat(tokens.get(1)).isEqualTo(new Tok("量子计算", 0, 4, 0, 2));
    }

    @Test
    void theShippedGlossaryKeepsTheIssuesExamplesWhole() throws IOException {
        for (String term : List.of("碳达峰", "碳中和", "新冠病毒", "人工智能", "量子计算", "转基因", "科学素质")) {
            assertThat(terms("关于" + term + "的科普")).as(term).contains(term);
        }
        assertThat(glossary.snapshot().size()).isGreaterThan(300);
    }

    @Test
    void fullWidthLatinFoldsAndLowercases() throws IOException {
        assertThat(tokens("ＡＢＣ与ｍＲＮＡ疫苗"))
                .containsExactly(
                        new Tok("abc", 0, 3, 1, 1),
                        new Tok("mrna疫苗", 4, 10, 2, 2),
                        new Tok("mrna", 4, 8, 0, 1),
                        new Tok("疫苗", 8, 10, 1, 1));
    }

    @Test
    void mixedLatinAndChineseSplitsAtScriptBoundaries() throws IOException {
        assertThat(terms("用Python学习机器学习和5G网络"))
                .containsExactly("用", "python", "学习", "机器学习", "机器", "学习", "5g", "5", "g", "网络");
    }

    @Test
    void traditionalCharactersMeetTheirSimplifiedForms() throws IOException {
        assertThat(terms("新冠病毒疫苗")).isEqualTo(terms("新冠病毒疫苗"));
        assertThat(terms("電腦與網絡安全")).isEqualTo(terms("电脑与网络安全"));
        List<Tok> traditional = tokens("科學素質");
        assertThat(traditional.get(0)).isEqualTo(new Tok("科学素质", 0, 4, 1, 2));
    }

    @Test
    void supplementaryCharactersStayWhole() throws IOException {
        assertThat(tokens("好😀字𠀀"))
                .containsExactly(
                        new Tok("好", 0, 1, 1, 1),
                        new Tok("😀", 1, 3, 1, 1),
                        new Tok("字", 3, 4, 1, 1),
                        new Tok("𠀀", 4, 6, 1, 1));
        assertThat(terms("🧪🧬")).containsExactly("🧪", "🧬");
    }

    @Test
    void aLoneSurrogateDoesNotBreakAnything() throws IOException {
        assertThat(terms("病\uD800毒")).containsExactly("病", "毒");
    }

    @Test
    void emptyAndPunctuationOnlyTextHaveNoTokens() throws IOException {
        assertThat(tokens("")).isEmpty();
        assertThat(tokens("，。！？  \n")).isEmpty();
    }

    @Test
    void punctuationAndFunctionWordsAreDropped() throws IOException {
        assertThat(terms("这是病毒的结构。")).containsExactly("病毒", "结构");
    }

    @Test
    void randomTextNeverCrashesAndKeepsOffsetsInside() {
        Random random = new Random(20251129L);
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(6)) {
                    case 0 -> text.append((char) ('a' + random.nextInt(26)));
                    case 1 -> text.append((char) (0x4E00 + random.nextInt(0x9FA5 - 0x4E00)));
                    case 2 -> text.appendCodePoint(0x1F600 + random.nextInt(80));
                    case 3 -> text.append((char) (0xFF01 + random.nextInt(94)));
                    case 4 -> text.append(" ，。\n\t".charAt(random.nextInt(5)));
                    default -> text.append((char) random.nextInt(0x10000));
                }
            }
            String input = text.toString();
            assertThatNoException().as(input).isThrownBy(() -> tokens(input));
        }
    }

    @Test
    void addedTermsApplyWithoutRestartAndListenersHearOfThem(@TempDir Path dir) throws IOException {
        Glossary extendable = Glossary.withExtraFile(dir.resolve("glossary-extra.txt"));
        KepuAnalyzer fresh = new KepuAnalyzer(extendable);
        TextAnalysis analysis = new TextAnalysis(fresh);
        AtomicReference<java.util.Set<String>> heard = new AtomicReference<>();
        extendable.addListener((added, version) -> heard.set(added));

        assertThat(analysis.tokens("天宫课堂开讲").stream().map(AnalyzedToken::term)).doesNotContain("天宫课堂");

        assertThat(extendable.add(List.of("天宫課堂", "碳达峰"))).containsExactly("天宫课堂");

        assertThat(heard.get()).containsExactly("天宫课堂");
        assertThat(analysis.tokens("天宫课堂开讲").stream().map(AnalyzedToken::term)).contains("天宫课堂", "天宫");
        assertThat(Glossary.withExtraFile(dir.resolve("glossary-extra.txt"))
                        .snapshot()
                        .contains("天宫课堂"))
                .isTrue();
        assertThat(extendable.snapshot().version()).isEqualTo(1);
    }
}
