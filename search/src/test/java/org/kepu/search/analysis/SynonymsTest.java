package org.kepu.search.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SynonymsTest {

    @Test
    void anEquivalenceLineMakesEveryWordFindTheOthers() {
        Synonyms.Snapshot list =
                Synonyms.of(List.of(Synonyms.Rule.parse("土豆,马铃薯，洋芋"))).snapshot();

        assertThat(list.of("土豆")).containsExactlyInAnyOrder("马铃薯", "洋芋");
        assertThat(list.of("洋芋")).containsExactlyInAnyOrder("土豆", "马铃薯");
        assertThat(list.of("番茄")).isEmpty();
    }

    @Test
    void anArrowLineWorksOneWayOnly() {
        Synonyms.Snapshot list =
                Synonyms.of(List.of(Synonyms.Rule.parse("近视 => 屈光不正"))).snapshot();

        assertThat(list.of("近视")).containsExactly("屈光不正");
        assertThat(list.of("屈光不正")).isEmpty();
    }

    @Test
    void wordsAreFoldedLikeTheAnalyzerFoldsText() {
        Synonyms.Rule rule = Synonyms.Rule.parse("ＣＰＲ, 心肺復蘇");

        assertThat(rule.from()).containsExactly("cpr", "心肺复苏");
        assertThat(rule.line()).isEqualTo("cpr,心肺复苏");
    }

    @Test
    void addedRulesJoinTheShippedOnesAndReplaceEarlierAdditions() {
        Synonyms synonyms = Synonyms.shipped();
        long before = synonyms.snapshot().version();
        assertThat(synonyms.snapshot().of("土豆")).contains("马铃薯");

        synonyms.replaceAdded(List.of(Synonyms.Rule.parse("番薯,红薯,地瓜")));
        assertThat(synonyms.snapshot().of("地瓜")).contains("番薯", "红薯");
        assertThat(synonyms.snapshot().version()).isGreaterThan(before);

        synonyms.replaceAdded(List.of());
        assertThat(synonyms.snapshot().of("地瓜")).isEmpty();
        assertThat(synonyms.snapshot().of("土豆")).contains("马铃薯");
    }

    @Test
    void malformedLinesAreRefused() {
        assertThatThrownBy(() -> Synonyms.Rule.parse("土豆")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Synonyms.Rule.parse("土豆 => ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Synonyms.Rule.parse("a," + "长".repeat(21)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
