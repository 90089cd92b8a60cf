package org.kepu.search.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassagesTest {

    @Test
    void shortSentencesArePackedIntoOnePassage() {
        assertThat(Passages.of("土豆是块茎。它富含淀粉！\n可以蒸煮？")).containsExactly("土豆是块茎。它富含淀粉！可以蒸煮？");
    }

    @Test
    void passagesEndAtASentenceAndStayUnderTheLimit() {
        String sentence = "光在真空中的速度约为每秒三十万公里。"; // 18 characters
        List<String> passages = Passages.of(sentence.repeat(50));

        assertThat(passages).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(Passages.MAX_CHARS);
            assertThat(p).endsWith("。");
        });
        assertThat(String.join("", passages)).isEqualTo(sentence.repeat(50));
    }

    @Test
    void aSentenceLongerThanAPassageIsCutNeverInsideASurrogatePair() {
        String text = "𠀀".repeat(Passages.MAX_CHARS); // each one a surrogate pair
        List<String> passages = Passages.of(text);

        assertThat(String.join("", passages)).isEqualTo(text);
        assertThat(passages).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(Passages.MAX_CHARS);
            assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
        });
    }

    @Test
    void onlyTheOpeningOfALongTextIsKept() {
        assertThat(Passages.of("一句话。".repeat(100).repeat(Passages.MAX_PASSAGES + 5)))
                .hasSize(Passages.MAX_PASSAGES);
    }

    @Test
    void aTextWithoutWordsHasNoPassages() {
        assertThat(Passages.of("")).isEmpty();
        assertThat(Passages.of(" \n\n　")).isEmpty();
    }
}
