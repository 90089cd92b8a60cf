package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NumberReaderTest {

    private static NumberReader.Token only(String text) {
        List<NumberReader.Token> tokens = NumberReader.read(text);
        assertThat(tokens).as("tokens of %s", text).hasSize(1);
        return tokens.get(0);
    }

    private static void reads(String text, double value) {
        NumberReader.Token t = only(text);
        assertThat(t.low()).as("low of %s", text).isCloseTo(value, within(Math.abs(value) * 1e-9 + 1e-12));
        assertThat(t.high()).as("high of %s", text).isCloseTo(value, within(Math.abs(value) * 1e-9 + 1e-12));
    }

    private static void readsRange(String text, double low, double high) {
        NumberReader.Token t = only(text);
        assertThat(t.low()).as("low of %s", text).isCloseTo(low, within(Math.abs(low) * 1e-9 + 1e-12));
        assertThat(t.high()).as("high of %s", text).isCloseTo(high, within(Math.abs(high) * 1e-9 + 1e-12));
    }

    @Test
    void plainFiguresDecimalsAndThousandsSeparators() {
        reads("340米", 340);
        reads("36.5℃", 36.5);
        reads("1,500毫升", 1500);
        reads("8,848.86米", 8848.86);
        reads("约为12,756千米", 12756);
    }

    @Test
    void fullWidthDigitsReadLikeAsciiAndKeepTheirOffsets() {
        NumberReader.Token t = only("约３００米");
        assertThat(t.low()).isEqualTo(300);
        assertThat(t.start()).isEqualTo(1);
        assertThat(t.end()).isEqualTo(4);
        reads("３６．５℃", 36.5);
        reads("一億五千萬公里", 1.5e8);
    }

    @Test
    void multipliersAfterFigures() {
        reads("30万公里", 300000);
        reads("1.5亿公里", 1.5e8);
        reads("9.46万亿千米", 9.46e12);
        reads("38万4千公里", 384000);
        reads("2千克", 2);
    }

    @Test
    void chineseNumerals() {
        reads("三千四百米", 3400);
        reads("两万米", 20000);
        reads("一百零八颗", 108);
        reads("十二个", 12);
        reads("一点五升", 1.5);
        reads("一亿五千万公里", 1.5e8);
        reads("四十六亿年", 4.6e9);
        assertThat(NumberReader.chinese("三十八万四千")).isEqualTo(384000);
        assertThat(NumberReader.chinese("二百七十三点一五")).isCloseTo(273.15, within(1e-9));
    }

    @Test
    void halves() {
        reads("一个半小时", 1.5);
        reads("半小时", 0.5);
        reads("两个半月", 2.5);
        // 半径 and 一半 are words, not numbers before a unit.
        assertThat(NumberReader.read("地球半径")).isEmpty();
        assertThat(NumberReader.read("一半小时"))
                .singleElement()
                .satisfies(t -> assertThat(t.low()).isEqualTo(1));
    }

    @Test
    void moreAndOddWidenTheNumberToTheRangeTheyName() {
        readsRange("30多万公里", 300000, 400000);
        readsRange("两百多块", 200, 300);
        readsRange("7000多种", 7000, 8000);
        readsRange("八十多度", 80, 90);
        readsRange("1.5亿多", 1.5e8, 1.6e8);
        readsRange("300余人", 300, 400);
        assertThat(NumberReader.step(1)).isEqualTo(1);
        assertThat(NumberReader.step(30)).isEqualTo(10);
        assertThat(NumberReader.step(1.5)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void wordsOfApproximationLeaveTheNumberAsWritten() {
        for (String text : List.of("约340米", "大约340米", "340米左右", "340米上下", "近340米", "超过340米")) {
            assertThat(NumberReader.read(text))
                    .as(text)
                    .singleElement()
                    .satisfies(t -> assertThat(t.low()).isEqualTo(340))
                    .satisfies(t -> assertThat(t.high()).isEqualTo(340));
        }
    }

    @Test
    void rangesInEveryWriting() {
        readsRange("3~5克", 3, 5);
        readsRange("3～5克", 3, 5);
        readsRange("3-5克", 3, 5);
        readsRange("3—5克", 3, 5);
        readsRange("3至5克", 3, 5);
        readsRange("三到五克", 3, 5);
        readsRange("36.1℃至37.2℃", 36.1, 37.2);
        readsRange("36℃～37℃", 36, 37);
        readsRange("5克至10克", 5, 10);
        readsRange("38～40万公里", 380000, 400000);
        readsRange("一百二十到一百六十次", 120, 160);
        readsRange("20%～30%", 20, 30);
    }

    @Test
    void aRangeNeedsTheSameUnitOnBothEnds() {
        // 1楼走到3号楼 is not a range: the words between the numbers are not repeated after the second.
        List<NumberReader.Token> tokens = NumberReader.read("1楼走到3号楼");
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0).high()).isEqualTo(1);
    }

    @Test
    void negativeNumbers() {
        reads("零下273.15℃", -273.15);
        reads("-196℃", -196);
        reads("负18度", -18);
        readsRange("零下20多度", -30, -20);
    }

    @Test
    void percentagesSpelledOutCarryTheirUnit() {
        NumberReader.Token t = only("百分之三十");
        assertThat(t.low()).isEqualTo(30);
        assertThat(t.implied()).isEqualTo("%");
        assertThat(only("百分之二十一").low()).isEqualTo(21);
        assertThat(only("百分之99.86").low()).isEqualTo(99.86);
        NumberReader.Token tenths = only("七成");
        assertThat(tenths.low()).isEqualTo(70);
        assertThat(tenths.implied()).isEqualTo("%");
        assertThat(only("千分之三点五").implied()).isEqualTo("‰");
        // 成年人 and 成为 are words, not tenths.
        assertThat(only("三成年人").implied()).isEmpty();
        assertThat(only("30%").implied()).isEmpty();
    }

    @Test
    void fractionsSpelledOut() {
        reads("四分之三", 0.75);
        assertThat(only("六分之一").low()).isCloseTo(1.0 / 6, within(1e-12));
    }

    @Test
    void scientificNotation() {
        reads("3×10⁸米/秒", 3e8);
        reads("3x10^8 m/s", 3e8);
        reads("3X10^8", 3e8);
        reads("3e8", 3e8);
        reads("6.02×10²³", 6.02e23);
        reads("6.02e23", 6.02e23);
        reads("1.6×10⁻¹⁹库", 1.6e-19);
        reads("6.67×10^-11", 6.67e-11);
        reads("9.46乘以10的15次方米", 9.46e15);
        // 1.496×108: a superscript lost in copying still reads as the exponent.
        reads("1.496×108千米", 1.496e8);
    }

    @Test
    void numbersInASentenceComeInOrderWithTheirSpans() {
        String text = "声音在15℃的空气中每秒传播约340米，在水中约1500米。";
        List<NumberReader.Token> tokens = NumberReader.read(text);
        assertThat(tokens).extracting(NumberReader.Token::low).containsExactly(15.0, 340.0, 1500.0);
        NumberReader.Token sound = tokens.get(1);
        assertThat(text.substring(sound.start(), sound.end())).isEqualTo("340");
    }
}
