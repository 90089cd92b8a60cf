package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scope rules and word classes that let the screening handle wordings it was not written from. */
class GeneralisationTest {

    private final Screening screening = Screening.standard();

    private List<Finding> science(String text) {
        return screening.check(ScreeningInput.ofText(text)).stream()
                .filter(f -> LabelledSet.scienceRule(f.rule()))
                .toList();
    }

    @Test
    void otherwiseIsNotNegation() {
        assertThat(science("孩子发烧一定要马上吃退烧药，不然会烧坏大脑。"))
                .anyMatch(f -> f.isBlocker() && f.rule().equals("myth.health.fever_brain"));
    }

    @Test
    void quotesAroundTheSubjectAloneDoNotMakeTheClaimAMention() {
        assertThat(science("这款“富氢水”每天喝两瓶，能降血糖。"))
                .anyMatch(f -> f.isBlocker() && f.rule().equals("myth.product.special_water"));
    }

    @Test
    void rhetoricalQuestionAfterAStatementKeepsItAsserted() {
        assertThat(science("长城在太空中肉眼可见，这么长的建筑怎么会看不到？"))
                .anyMatch(f -> f.isBlocker() && f.rule().equals("myth.space.great_wall"));
    }

    @Test
    void oneClaimGetsOneFamily() {
        assertThat(science("量子能量床垫能治高血压。")).filteredOn(Finding::isBlocker).hasSize(1);
    }

    @Test
    void unnamedExpertIsHearsay() {
        assertThat(science("某位养生专家表示，每天喝一杯醋能软化血管。")).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("myth.food.vinegar_vessels");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void verdictOnFeasibilityRefutes() {
        assertThat(science("想靠每天喝醋来软化血管并不现实。")).noneMatch(f -> f.severity() != Severity.INFO);
        assertThat(science("号称能治百病的量子手环，没有一个经得起检验。")).noneMatch(f -> f.severity() != Severity.INFO);
    }

    @Test
    void effectWordClassWithoutCausalVerb() {
        assertThat(science("转基因油吃多了，以后生不了孩子。"))
                .anyMatch(f -> f.isBlocker() && f.rule().equals("myth.food.gmo"));
    }

    @Test
    void rewordedRumourIsFoundByItsWordClasses() {
        ParaphraseClaimMatcher matcher = new ParaphraseClaimMatcher(KnownRumours.builtIn());

        assertThat(matcher.match("小龙虾原本就是被拿来吃死尸的。"))
                .extracting(m -> m.rumour().id())
                .contains("crayfish_corpses");
        assertThat(matcher.match("小龙虾富含优质蛋白，脂肪含量也不高。")).isEmpty();
    }

    @Test
    void textbookRoundingIsAccepted() {
        assertThat(science("地球的平均半径约6400千米。")).isEmpty();
        assertThat(science("光速约为3×10^8 m/s。")).isEmpty();
        assertThat(science("计算时重力加速度g取10 m/s²。")).isEmpty();
    }
}
