package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {

    @Test
    void splitsOnChinesePunctuationAndKeepsOffsets() {
        String text = "吃猪蹄能美容吗？不能。胶原蛋白会被分解；皮肤不会因此变好！";
        List<Sentence> s = Sentences.split(text);

        assertThat(s).extracting(Sentence::text).containsExactly("吃猪蹄能美容吗？", "不能。", "胶原蛋白会被分解；", "皮肤不会因此变好！");
        assertThat(s)
                .allSatisfy(x -> assertThat(text.substring(x.start(), x.end())).isEqualTo(x.text()));
    }

    @Test
    void keepsAQuotedSentenceWithItsSpeaker() {
        List<Sentence> s = Sentences.split("他说：“吃猪蹄能美容。”其实并不能。");

        assertThat(s).extracting(Sentence::text).containsExactly("他说：“吃猪蹄能美容。”", "其实并不能。");
    }

    @Test
    void terminatorInsideQuotesDoesNotEndTheSentence() {
        List<Sentence> s = Sentences.split("网上流传“喝醋软化血管。每天一杯”的说法，这是谣言。");

        assertThat(s).hasSize(1);
    }

    @Test
    void unbalancedQuoteStopsAtLineBreak() {
        List<Sentence> s = Sentences.split("他说“这是真的。\n第二行。");

        assertThat(s).extracting(Sentence::text).containsExactly("他说“这是真的。", "第二行。");
    }

    @Test
    void emptyAndWhitespaceTextHaveNoSentences() {
        assertThat(Sentences.split("")).isEmpty();
        assertThat(Sentences.split("  \n ")).isEmpty();
    }
}
