package org.kepu.search.dup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.search.testing.Works.work;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.testing.Works;

class NearDuplicatesTest {

    private static final String ORIGINAL =
            "地震发生时，如果身处室内，应立即躲到坚固的桌子下面，用手护住头部和颈部。" + "不要乘坐电梯，也不要跳楼。震动停止后，迅速有序地撤离到空旷地带，远离建筑物、电线杆和广告牌。";

    @TempDir
    Path dir;

    private LuceneSearchIndex index;
    private NearDuplicates duplicates;

    @BeforeEach
    void open() {
        index = new LuceneSearchIndex(dir, Works.analysis());
        index.indexAll(List.of(
                work("original").titled("地震避险指南").saying(ORIGINAL).indexed(),
                work("other")
                        .titled("台风")
                        .saying("台风来临前，要检查门窗是否牢固，储备饮用水和食物，关注气象预警信息。")
                        .indexed()));
        index.refresh();
        duplicates = new NearDuplicates(index, Works.analysis());
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void aCopyWithDifferentPunctuationWidthAndScriptIsAFullMatch() {
        String copy = "地震發生時 如果身處室內 應立即躲到堅固的桌子下面，用手護住頭部和頸部！" + "不要乘坐電梯，也不要跳樓。震動停止後，迅速有序地撤離到空曠地帶，遠離建築物、電線杆和廣告牌。";

        List<NearDuplicates.Match> matches = duplicates.find(copy, "new-work");

        assertThat(matches).extracting(NearDuplicates.Match::workId).containsExactly("original");
        assertThat(matches.get(0).overlap()).isGreaterThan(0.95);
        assertThat(matches.get(0).title()).isEqualTo("地震避险指南");
    }

    @Test
    void aTextThatQuotesHalfOfAWorkOverlapsByAboutHalf() {
        String half = ORIGINAL.substring(0, ORIGINAL.length() / 2) + "这是作者自己写的全新内容，讲的是地铁里遇到火灾时如何逃生和自救。";

        NearDuplicates.Match match = duplicates.find(half, "new-work").get(0);

        assertThat(match.workId()).isEqualTo("original");
        assertThat(match.overlap()).isBetween(0.4, 0.8);
    }

    @Test
    void theWorkItselfAndUnrelatedTextsAreNotReported() {
        assertThat(duplicates.find(ORIGINAL, "original")).isEmpty();
        assertThat(duplicates.find("光合作用是植物利用阳光把二氧化碳和水转化为有机物的过程。", "x")).isEmpty();
        assertThat(duplicates.find("", "x")).isEmpty();
    }

    @Test
    void aDateLineOrAHeadingTakenFromAWorkIsNotADuplicateOfIt() {
        index.indexAll(List.of(
                work("dated").titled("应急演练记录").saying("2023年5月31日\n" + ORIGINAL).indexed()));
        index.refresh();

        assertThat(duplicates.find("2023年5月31日", "new-work")).isEmpty();
        assertThat(duplicates.find("地震避险指南", "new-work")).isEmpty();
        // Long enough but saying one thing over and over: too few distinct shingles to tell works apart.
        assertThat(duplicates.find("2023年5月31日".repeat(8), "new-work")).isEmpty();
        // The first sentence of the original alone is still too short to call the whole a copy.
        assertThat(duplicates.find(ORIGINAL.substring(0, 36), "new-work")).isEmpty();
    }

    @Test
    void containmentIsTheShareOfTheTextsShinglesFoundInTheOther() {
        assertThat(NearDuplicates.containment(
                        NearDuplicates.shingles("abcdefg"), NearDuplicates.shingles("xxabcdefgxx")))
                .isEqualTo(1.0);
        assertThat(NearDuplicates.shingles("ＡＢＣＤＥ")).containsExactly("abcde");
    }
}
