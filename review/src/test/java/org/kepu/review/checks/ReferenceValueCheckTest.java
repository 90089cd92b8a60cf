package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceValueCheckTest {

    private final ReferenceValueCheck check = new ReferenceValueCheck(ReferenceValues.builtIn());

    private List<Finding> findings(String text) {
        return check.check(ScreeningInput.ofText(text));
    }

    @Test
    void tableHasAtLeastFifteenQuantitiesWithSources() {
        assertThat(ReferenceValues.builtIn().quantities())
                .hasSizeGreaterThanOrEqualTo(15)
                .allSatisfy(q -> assertThat(q.source()).isNotBlank());
    }

    @Test
    void tenfoldSpeedOfSoundIsABlockerWithTheAcceptedValue() {
        List<Finding> f = findings("声速约为每秒3400米。");

        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("value.speed_of_sound");
            assertThat(x.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(x.message()).contains("340").contains("3400");
            assertThat(x.excerpt()).isEqualTo("声速约为每秒3400米");
        });
    }

    @Test
    void acceptedValuesInManyWritingsAreNotFindings() {
        assertThat(findings("光速约为每秒30万公里。")).isEmpty();
        assertThat(findings("光速约为三十万公里每秒。")).isEmpty();
        assertThat(findings("光速约为299792 km/s。")).isEmpty();
        assertThat(findings("真空中的光速约为3×10⁸ m/s。")).isEmpty();
        assertThat(findings("水的沸点是100摄氏度。")).isEmpty();
        assertThat(findings("绝对零度约为零下273.15℃。")).isEmpty();
        assertThat(findings("地月平均距离约为38.4万公里。")).isEmpty();
        assertThat(findings("日地距离约为一亿五千万公里。")).isEmpty();
    }

    @Test
    void wrongValuesInOtherUnitsAreFound() {
        assertThat(findings("光速约为每秒3万公里。")).extracting(Finding::rule).containsExactly("value.speed_of_light");
        assertThat(findings("水的沸点是373摄氏度。")).extracting(Finding::rule).containsExactly("value.boiling_point_water");
        assertThat(findings("珠穆朗玛峰海拔8488米。")).extracting(Finding::rule).containsExactly("value.everest_height");
    }

    @Test
    void contextThatChangesTheQuantityIsExcluded() {
        assertThat(findings("在海拔5000米的高原上，水的沸点只有84℃。")).isEmpty();
        assertThat(findings("光在水中的速度约为22.5万公里/秒。")).isEmpty();
    }

    @Test
    void refutedWrongValueIsNotAFinding() {
        assertThat(findings("有人说光速是每秒3万公里，这是错误的。")).isEmpty();
    }

    @Test
    void numberReaderHandlesChineseNumeralsMultipliersAndScience() {
        assertThat(NumberReader.chinese("三十八万四千")).isEqualTo(384000);
        assertThat(NumberReader.chinese("一亿五千万")).isEqualTo(1.5e8);
        assertThat(NumberReader.chinese("二百七十三点一五")).isCloseTo(273.15, within(1e-9));
        assertThat(NumberReader.read("约3×10^8米"))
                .singleElement()
                .extracting(NumberReader.Token::low)
                .isEqualTo(3e8);
        assertThat(NumberReader.read("38.4万公里"))
                .singleElement()
                .extracting(NumberReader.Token::low)
                .isEqualTo(384000.0);
        assertThat(NumberReader.read("零下273.15℃"))
                .singleElement()
                .extracting(NumberReader.Token::low)
                .isEqualTo(-273.15);
        assertThat(NumberReader.read("36～37℃")).singleElement().satisfies(t -> {
            assertThat(t.low()).isEqualTo(36);
            assertThat(t.high()).isEqualTo(37);
        });
    }
}
