package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownRumoursTest {

    @Test
    void starterCorpusHasAtLeastThirtyDebunkedClaims() {
        KnownRumours corpus = KnownRumours.builtIn();

        assertThat(corpus.size()).isGreaterThanOrEqualTo(30);
        assertThat(corpus.entries()).allSatisfy(r -> assertThat(r.source()).doesNotContain("http"));
    }

    @Test
    void builtInCorporaAreIndependent() {
        KnownRumours a = KnownRumours.builtIn();
        KnownRumours b = KnownRumours.builtIn();
        a.add(new KnownRumour("extra", "喝凉水会长胖", "水没有热量。", "中国营养学会"));

        assertThat(a.size()).isEqualTo(b.size() + 1);
    }

    @Test
    void assertedRumourIsBlockedAndCitesTheDebunking() {
        Check check = new KnownRumourCheck(new BigramClaimMatcher(KnownRumours.builtIn()));
        List<Finding> f = check.check(ScreeningInput.ofText("方便面里有一层蜡，吃一包要32天才能排出去。"));

        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("rumour.instant_noodle_wax");
            assertThat(x.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(x.message()).contains("并不添加蜡");
        });
    }

    @Test
    void hearsayRumourWithoutVerdictIsAWarning() {
        Check check = new KnownRumourCheck(new BigramClaimMatcher(KnownRumours.builtIn()));

        assertThat(check.check(ScreeningInput.ofText("听说方便面里有一层蜡，吃一包要32天才能排出去。")))
                .singleElement()
                .extracting(Finding::severity)
                .isEqualTo(Severity.WARNING);
    }

    @Test
    void negationTheClaimDoesNotHoldRefutesItEvenWhereTheClaimHasOtherNegation() {
        Check check = new KnownRumourCheck(new ParaphraseClaimMatcher(KnownRumours.builtIn()));

        // the claim's own 不 (排不出去) lies outside the matched words; the sentence's 并不 denies them
        assertThat(check.check(ScreeningInput.ofText("吞下的口香糖并不会黏在肠子上，它会随粪便在几天内排出体外。")))
                .noneMatch(Finding::isBlocker);
        assertThat(check.check(ScreeningInput.ofText("吞下的口香糖会黏在肠子上，七年都排不出去。"))).anyMatch(Finding::isBlocker);
        // advice against (千万不能咽下去) is not a denial that the claim is true
        assertThat(check.check(ScreeningInput.ofText("口香糖千万不能咽下去，它会缠在肠子上好几年都消化不掉。")))
                .anyMatch(Finding::isBlocker);
    }

    @Test
    void aVerdictNamingWhoRefutedTheClaimRefutesIt() {
        Check check = new KnownRumourCheck(new ParaphraseClaimMatcher(KnownRumours.builtIn()));

        assertThat(check.check(ScreeningInput.ofText("被蛇咬后用嘴吸毒不但吸不出多少毒液，还可能让施救者也中毒，这种做法早已被急救指南否定。")))
                .noneMatch(Finding::isBlocker);
        assertThat(check.check(ScreeningInput.ofText("被毒蛇咬伤后要马上用嘴把毒液吸出来。"))).anyMatch(Finding::isBlocker);
    }

    @Test
    void claimWithItsOwnNegationIsStillAnAssertion() {
        Check check = new KnownRumourCheck(new BigramClaimMatcher(KnownRumours.builtIn()));

        assertThat(check.check(ScreeningInput.ofText("被狗咬伤超过24小时，再打狂犬疫苗就没用了。"))).anyMatch(Finding::isBlocker);
        assertThat(check.check(ScreeningInput.ofText("“被狗咬伤超过24小时打狂犬疫苗就没用了”是谣言。")))
                .noneMatch(Finding::isBlocker);
    }

    @Test
    void rumoursAddedAtRunTimeAreMatched() {
        KnownRumours corpus = KnownRumours.empty();
        int read = corpus.importJson(new ByteArrayInputStream(
                "[{\"id\":\"cold_water_fat\",\"claim\":\"喝凉水也会长胖\",\"debunk\":\"水不含热量。\",\"source\":\"中国营养学会\"}]"
                        .getBytes(StandardCharsets.UTF_8)));
        Check check = new KnownRumourCheck(new BigramClaimMatcher(corpus));

        assertThat(read).isEqualTo(1);
        assertThat(check.check(ScreeningInput.ofText("减肥的人要注意，喝凉水也会长胖。")))
                .singleElement()
                .extracting(Finding::rule, Finding::severity)
                .containsExactly("rumour.cold_water_fat", Severity.BLOCKER);
    }

    @Test
    void invalidImportIsRejectedWhole() {
        KnownRumours corpus = KnownRumours.empty();

        assertThatThrownBy(() -> corpus.importJson(new ByteArrayInputStream(
                        "[{\"id\":\"Bad Id\",\"claim\":\"x\",\"debunk\":\"y\",\"source\":\"z\"}]"
                                .getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(corpus.size()).isZero();
    }

    @Test
    void customClaimMatcherPortIsUsed() {
        KnownRumour r = new KnownRumour("r1", "某说法", "事实如此。", "某机构");
        ClaimMatcher everything = sentence -> List.of(new ClaimMatch(r, 0, sentence.length(), 1.0));
        Screening screening = Screening.builder().claimMatcher(everything).build();

        assertThat(screening.check(ScreeningInput.ofText("任意一句话。")))
                .anyMatch(f -> f.rule().equals("rumour.r1"));
    }
}
