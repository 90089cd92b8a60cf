package org.kepu.search.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

    private static List<String> ids(List<ReciprocalRankFusion.Fused> fused) {
        return fused.stream().map(ReciprocalRankFusion.Fused::id).toList();
    }

    @Test
    void aLiteralMatchNeverRanksBelowAVectorOnlyNeighbourOfTheSameRank() {
        ReciprocalRankFusion fusion = new ReciprocalRankFusion(1.0);

        assertThat(ids(fusion.fuse(List.of("literal"), List.of("neighbour")))).containsExactly("literal", "neighbour");
        // ids that would sort the other way do not change it
        assertThat(ids(fusion.fuse(List.of("z-literal", "y-literal"), List.of("a-neighbour", "b-neighbour"))))
                .containsExactly("z-literal", "a-neighbour", "y-literal", "b-neighbour");
    }

    @Test
    void aWorkFoundByWordsAndByMeaningRanksAboveOneFoundOnlyOneWay() {
        List<ReciprocalRankFusion.Fused> fused =
                new ReciprocalRankFusion(1.0).fuse(List.of("a", "both"), List.of("both", "c"));

        assertThat(ids(fused)).containsExactly("both", "a", "c");
        assertThat(fused.get(0).score()).isEqualTo(1.0 / 62 + 1.0 / 61);
        assertThat(fused.get(0).literal()).isTrue();
        assertThat(fused.get(2).literal()).isFalse();
    }

    @Test
    void aLowerVectorWeightLetsTheWordsLeadLonger() {
        List<String> words = List.of("w1", "w2", "w3");
        List<String> neighbours = List.of("n1", "w3");

        assertThat(ids(new ReciprocalRankFusion(1.0).fuse(words, neighbours))).startsWith("w3", "w1");
        // 1/63 + 0.01/62 falls below 1/62: the third word hit no longer climbs past the second
        assertThat(ids(new ReciprocalRankFusion(0.01).fuse(words, neighbours))).containsExactly("w1", "w2", "w3", "n1");
    }

    @Test
    void aWeightAboveOneOrBelowZeroIsRefused() {
        assertThatThrownBy(() -> new ReciprocalRankFusion(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReciprocalRankFusion(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReciprocalRankFusion(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
