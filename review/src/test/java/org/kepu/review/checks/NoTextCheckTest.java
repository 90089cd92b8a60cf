package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoTextCheckTest {

    @Test
    void aWorkWithoutTextTellsTheReviewerNothingWasScreened() {
        for (String empty : new String[] {"", " \n\t　"}) {
            assertThat(Screening.standard().check(ScreeningInput.ofText(empty)))
                    .filteredOn(f -> f.rule().equals(NoTextCheck.RULE))
                    .singleElement()
                    .satisfies(f -> {
                        assertThat(f.severity()).isEqualTo(Severity.INFO);
                        assertThat(f.message()).contains("没有可读的文字");
                    });
        }
    }

    @Test
    void aWorkWithTextHasNoSuchFinding() {
        assertThat(new NoTextCheck().check(ScreeningInput.ofText("光在真空中的速度约为每秒30万公里。")))
                .isEmpty();
    }
}
