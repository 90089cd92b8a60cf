package org.kepu.review.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.review.checks.Severity;
import org.kepu.review.knowledge.KnowledgeEntry.Draft;
import org.kepu.review.knowledge.KnowledgeEntry.Kind;
import org.kepu.review.knowledge.KnowledgeEntry.Rumour;
import org.kepu.review.knowledge.KnowledgeEntry.Source;

class DryRunTest {

    @Test
    void tellsWhichSentencesTheEntryFlagsAndHow() {
        String asserting = "很多人不知道，超市卖的冻肉是冻了几十年的僵尸肉。";
        String refuting = "超市卖的冻肉是冻了几十年的僵尸肉？这是谣言。";
        String text = asserting + "今天天气很好。" + refuting;
        List<DryRun.Flag> flags = DryRun.run(zombieMeat(), text);

        assertThat(flags).anySatisfy(f -> {
            assertThat(f.sentence()).isEqualTo(asserting);
            assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(f.stance()).isEqualTo("ASSERTED");
            assertThat(text.substring(f.sentenceStart(), f.sentenceEnd())).isEqualTo(asserting);
        });
        assertThat(flags).noneSatisfy(f -> assertThat(f.sentence()).contains("天气"));
        assertThat(flags)
                .filteredOn(f -> f.sentenceStart() >= asserting.length())
                .allSatisfy(f -> assertThat(f.severity()).isNotEqualTo(Severity.BLOCKER));
    }

    @Test
    void anInvalidEntryOrTextIsRefusedWithTheReasons() {
        Draft noClaim = new Draft(Kind.RUMOUR, "food", new Source("海关总署", null), null, new Rumour(" ", "x"), null);
        assertThatThrownBy(() -> DryRun.run(noClaim, ""))
                .isInstanceOfSatisfying(
                        KnowledgeException.Invalid.class,
                        e -> assertThat(e.problems()).contains("rumour.claim: required", "text: required"));
    }

    static Draft zombieMeat() {
        return new Draft(
                Kind.RUMOUR,
                "food",
                new Source("海关总署", "http://www.customs.gov.cn/"),
                null,
                new Rumour("超市卖的冻肉是冻了几十年的僵尸肉", "冷冻肉类保存期限一般不超过一年。"),
                null);
    }
}
