package org.kepu.review.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.review.diff.TextDiff.Chunk;
import org.kepu.review.diff.TextDiff.Op;

class TextDiffTest {

    @Test
    void aChangedLineIsADeletionAndAnInsertionBetweenUnchangedRuns() {
        String v1 = "# 光速\n光在真空中每秒约传播30万公里。\n结语\n";
        String v2 = "# 光速\n光在真空中的速度约为每秒299792公里。\n结语\n参考资料\n";

        List<Chunk> chunks = TextDiff.lines(v1, v2);

        assertThat(chunks).extracting(Chunk::op).containsExactly(Op.EQUAL, Op.DELETE, Op.INSERT, Op.EQUAL, Op.INSERT);
        assertThat(chunks.get(0).count()).isEqualTo(1);
        assertThat(chunks.get(0).lines()).isEmpty();
        assertThat(chunks.get(1).lines()).containsExactly("光在真空中每秒约传播30万公里。");
        assertThat(chunks.get(1).fromLine()).isEqualTo(2);
        assertThat(chunks.get(2).lines()).containsExactly("光在真空中的速度约为每秒299792公里。");
        assertThat(chunks.get(2).toLine()).isEqualTo(2);
        assertThat(chunks.get(4).lines()).containsExactly("参考资料");
        assertThat(chunks.get(4).toLine()).isEqualTo(4);
    }

    @Test
    void identicalEmptyAndDisjointTexts() {
        assertThat(TextDiff.lines("a\nb", "a\nb")).extracting(Chunk::op).containsExactly(Op.EQUAL);
        assertThat(TextDiff.lines("", "")).isEmpty();
        assertThat(TextDiff.lines("", "新\n")).extracting(Chunk::op).containsExactly(Op.INSERT);
        assertThat(TextDiff.lines("a\nb", "c")).extracting(Chunk::op).containsExactly(Op.DELETE, Op.INSERT);
    }

    @Test
    void aMiddleTooLargeForTheTableIsOneReplacementThatStillAccountsForEveryLine() {
        StringBuilder a = new StringBuilder("head\n");
        StringBuilder b = new StringBuilder("head\n");
        for (int i = 0; i < 2100; i++) {
            a.append("a").append(i).append('\n');
            b.append("b").append(i).append('\n');
        }
        List<Chunk> chunks = TextDiff.lines(a + "tail", b + "tail");
        assertThat(chunks).extracting(Chunk::op).containsExactly(Op.EQUAL, Op.DELETE, Op.INSERT, Op.EQUAL);
        assertThat(chunks.get(1).count()).isEqualTo(2100);
        assertThat(chunks.get(2).count()).isEqualTo(2100);
    }
}
