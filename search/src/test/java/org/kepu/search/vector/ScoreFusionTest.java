package org.kepu.search.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.search.vector.VectorSearch.Ranked;

class ScoreFusionTest {

    private final ScoreFusion fusion = new ScoreFusion(1.5, 0.45);

    private static List<String> ids(List<ScoreFusion.Fused> fused) {
        return fused.stream().map(ScoreFusion.Fused::id).toList();
    }

    private static Ranked hit(String id, double score) {
        return new Ranked(id, (float) score);
    }

    @Test
    void aLiteralMatchRanksAboveANeighbourOfTheSameMeaning() {
        // both are as near to the query; only one says its word
        List<ScoreFusion.Fused> fused =
                fusion.fuse(List.of(hit("z-literal", 3.0)), List.of(hit("a-neighbour", 0.8), hit("z-literal", 0.8)));

        assertThat(ids(fused)).containsExactly("z-literal", "a-neighbour");
        assertThat(fused.get(0).literal()).isTrue();
        assertThat(fused.get(1).literal()).isFalse();
    }

    @Test
    void noNeighbourOutranksTheBestLiteralMatchHoweverNearItIs() {
        List<ScoreFusion.Fused> fused = fusion.fuse(List.of(hit("weak-literal", 0.2)), List.of(hit("twin", 1.0)));

        assertThat(ids(fused)).containsExactly("weak-literal", "twin");
        assertThat(fused.get(1).score()).isCloseTo(1.5 * 0.55, within(1e-6));
    }

    @Test
    void meaningDecidesBetweenWordHitsOfSimilarStrengthButNotAgainstAClearLead() {
        List<Ranked> close = List.of(hit("first", 10.0), hit("second", 9.5));
        List<Ranked> clear = List.of(hit("first", 10.0), hit("second", 4.0));
        List<Ranked> neighbours = List.of(hit("second", 0.75), hit("first", 0.5));

        assertThat(ids(fusion.fuse(close, neighbours))).containsExactly("second", "first");
        assertThat(ids(fusion.fuse(clear, neighbours))).containsExactly("first", "second");
    }

    @Test
    void neighboursAtOrBelowTheFloorAddNothing() {
        List<ScoreFusion.Fused> fused =
                fusion.fuse(List.of(hit("a", 2.0), hit("b", 1.0)), List.of(hit("b", 0.45), hit("c", 0.3)));

        assertThat(ids(fused)).containsExactly("a", "b");
        assertThat(fused.get(1).score()).isEqualTo(0.5);
    }

    @Test
    void withoutWordHitsTheNeighboursRankByTheirCosine() {
        assertThat(ids(fusion.fuse(List.of(), List.of(hit("near", 0.7), hit("nearer", 0.9)))))
                .containsExactly("nearer", "near");
    }

    @Test
    void aWeightThatWouldLetANeighbourPassTheBestLiteralMatchIsRefused() {
        assertThatThrownBy(() -> new ScoreFusion(2.0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoreFusion(-0.1, 0.45)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoreFusion(Double.NaN, 0.45)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoreFusion(1.0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ScoreFusion(1.99, 0.5).fuse(List.of(), List.of())).isEmpty();
    }
}
