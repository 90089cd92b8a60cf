package org.kepu.search.vector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The real model, run in process: it loads here and ranks a paraphrase above unrelated science. */
class BgeSmallZhTest {

    private final BgeSmallZh model = new BgeSmallZh();

    @Test
    void aParaphraseIsNearerThanUnrelatedScience() {
        float[] query = model.embed("溺水了怎么急救");
        float[] paraphrase = model.embed("发现有人淹溺时，应立即将其救离水面并进行心肺复苏。");
        float[] unrelated = model.embed("光在真空中的速度约为每秒30万公里。");

        assertThat(query).hasSize(BgeSmallZh.DIMENSION);
        assertThat(Vectors.dot(query, query)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(Vectors.dot(query, paraphrase)).isGreaterThan(Vectors.dot(query, unrelated) + 0.2);
        assertThat(model.ready()).isTrue();
    }
}
