package org.kepu.search.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CjkBigramsTest {

    @Test
    void overlappingBigramsOfEachHanRun() {
        assertThat(CjkBigrams.of("光合作用，叶绿体")).containsExactly("光合", "合作", "作用", "叶绿", "绿体");
    }

    @Test
    void aLoneHanCharacterStaysAndOtherScriptsEndARun() {
        assertThat(CjkBigrams.of("DNA是遗传物质 x 碳")).containsExactly("是遗", "遗传", "传物", "物质", "碳");
    }

    @Test
    void foldsTraditionalAndFullWidthLikeTheAnalyzer() {
        assertThat(CjkBigrams.of("電腦")).isEqualTo(CjkBigrams.of("电脑"));
        assertThat(CjkBigrams.joined("黑洞", "", "ＡＢ引力")).isEqualTo("黑洞 引力");
    }

    @Test
    void supplementaryHanCharactersAreOneCharacter() {
        assertThat(CjkBigrams.of("𠀀字")).containsExactly("𠀀字");
    }
}
