package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
    void tableHoldsAtLeast150QuantitiesEachWithASourceTitleAndLink() {
        List<ReferenceValue> all = ReferenceValues.builtIn().quantities();

        assertThat(all).hasSizeGreaterThanOrEqualTo(150);
        assertThat(all).extracting(ReferenceValue::id).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(q -> {
            assertThat(q.source()).as(q.id()).isNotBlank();
            assertThat(q.sourceUrl()).as(q.id()).startsWith("http");
            assertThat(q.display()).as(q.id()).isNotBlank();
            assertThat(q.min()).as(q.id()).isLessThanOrEqualTo(q.max());
        });
    }

    @Test
    void theOldConstructorLeavesTheLinkOut() {
        ReferenceValue v =
                new ReferenceValue("x", "某量", List.of("某量"), List.of(), List.of(), "length", 1, 2, "1～2 米", "某标准");

        assertThat(v.sourceUrl()).isNull();
        assertThat(v.source()).isEqualTo("某标准");
    }

    @Test
    void aLinkMustBeAWebAddress() {
        assertThatThrownBy(() -> new ReferenceValue(
                        "x", "某量", List.of("某量"), List.of(), List.of(), "length", 1, 2, "1～2 米", "某标准", "见教科书"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrongGuidelineValueGivesTheRightValueAndTheGuidelineTitle() {
        List<Finding> f = findings("成年人每天的食盐摄入量不宜超过12克。");

        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("value.salt_intake");
            assertThat(x.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(x.message()).contains("12克").contains("不超过 5 克");
            assertThat(x.source()).contains("中国居民膳食指南（2022）");
        });
    }

    @Test
    void aLimitIsNotANegation() {
        assertThat(findings("成年人每天食盐摄入量不超过5克。")).isEmpty();
        assertThat(findings("安全电压一般不高于220伏。")).extracting(Finding::rule).containsExactly("value.safe_voltage");
    }

    @Test
    void aRangeIsWrongOnlyWhenItLiesOutsideTheAcceptedRange() {
        assertThat(findings("人体正常腋下体温为36.1℃至37℃。")).isEmpty();
        assertThat(findings("成年人每天烹调油摄入量为25～30克。")).isEmpty();
        assertThat(findings("成年人每天烹调油摄入量为20～26克。")).isEmpty();
        assertThat(findings("成年人每天烹调油摄入量为50～60克。")).extracting(Finding::rule).containsExactly("value.oil_intake");
        assertThat(findings("正常人的体温一般在38℃至39℃之间。")).extracting(Finding::rule).containsExactly("value.body_temperature");
    }

    @Test
    void spelledPercentagesTenthsAndFractionsAreCompared() {
        assertThat(findings("空气中氧气约占百分之二十一。")).isEmpty();
        assertThat(findings("海洋约占地球表面积的七成。")).isEmpty();
        assertThat(findings("海洋约占地球表面积的三成。")).extracting(Finding::rule).containsExactly("value.ocean_fraction");
        assertThat(findings("月球上的重力约为地球的六分之一。")).isEmpty();
        assertThat(findings("月球上的重力大约只有地球的十分之一。"))
                .extracting(Finding::rule)
                .containsExactly("value.moon_gravity_ratio");
    }

    @Test
    void halvesAndMoreAfterTheUnitBelongToTheReading() {
        assertThat(findings("成年人体内的血液大约只有一升半。")).extracting(Finding::rule).containsExactly("value.blood_volume");
        assertThat(findings("月光从月球到达地球只需1秒多。")).isEmpty();
        assertThat(findings("月光从月球到达地球大约需要1秒。")).extracting(Finding::rule).containsExactly("value.light_second_moon");
    }

    @Test
    void eachNumberGoesWithTheNameNearestIt() {
        assertThat(findings("拨打120急救电话和119火警电话时，要说清楚地址。")).isEmpty();
        assertThat(findings("我国力争2030年前实现碳达峰、2060年前实现碳中和。")).isEmpty();
        assertThat(findings("我国力争2035年前实现碳达峰、2060年前实现碳中和。"))
                .extracting(Finding::rule)
                .containsExactly("value.carbon_peak_year");
        assertThat(findings("发现火情要立即拨打火警电话120。")).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("value.fire_hotline");
            assertThat(x.message()).contains("（约合 120）").contains("119");
        });
    }

    @Test
    void ordinalsDifferencesAndComparisonsAreNotValues() {
        assertThat(findings("地球是太阳系中由内向外数的第三颗行星。")).isEmpty();
        assertThat(findings("地球的赤道半径比极半径大了21千米。")).isEmpty();
        assertThat(findings("家庭电路的220伏电压远超安全电压，千万不能用手触碰。")).isEmpty();
        assertThat(findings("地球的赤道半径约为64千米。")).extracting(Finding::rule).containsExactly("value.earth_radius");
    }

    @Test
    void andromedaIsNamedWithOrWithoutItsConstellation() {
        assertThat(findings("仙女星系距离银河系约254万光年。")).isEmpty();
        assertThat(findings("仙女星系距离银河系约25万光年。")).extracting(Finding::rule).containsExactly("value.andromeda_distance");
    }

    @Test
    void aLatinFullStopEndsTheClauseOfAName() {
        assertThat(findings("多国提出了碳中和战略. 2020年全球排放有所下降。")).isEmpty();
    }

    @Test
    void aBloodPressurePairIsReadByItsFirstNumber() {
        assertThat(findings("血压达到140/90毫米汞柱就可诊断为高血压。")).isEmpty();
        assertThat(findings("血压达到160/100毫米汞柱才能诊断为高血压。"))
                .extracting(Finding::rule)
                .containsExactly("value.hypertension_threshold");
    }

    @Test
    void newQuantitiesKeepTheirContextExclusions() {
        assertThat(findings("运动时心率达到每分钟150次左右是正常的。")).isEmpty();
        assertThat(findings("儿童每天应睡9～12小时。")).isEmpty();
        assertThat(findings("奋斗者号在马里亚纳海沟成功坐底，深度达10909米。")).isEmpty();
        assertThat(findings("这间冷库的温度常年保持在零下25摄氏度。")).isEmpty();
        assertThat(findings("不用节食不用运动，每天一杯这款刮油茶，一个月轻松瘦二十斤。")).isEmpty();
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
