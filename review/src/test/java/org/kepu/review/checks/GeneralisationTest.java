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

    private boolean blocks(String text, String rule) {
        return science(text).stream().anyMatch(f -> f.isBlocker() && f.rule().equals(rule));
    }

    private boolean clean(String text) {
        return science(text).stream().allMatch(f -> f.severity() == Severity.INFO);
    }

    @Test
    void effectClassesReachEveryFamilyThatNamesThem() {
        // Replacement of medicine, immunity and onset wordings that no single family lists literally.
        assertThat(blocks("吃了一年蜂胶，他的降糖药都扔了。", "myth.elderly.supplement_cure_all"))
                .isTrue();
        assertThat(blocks("用上这款能量手链以后，全家一个冬天都没感冒过。", "myth.product.energy")).isTrue();
        assertThat(blocks("微波炉热的菜天天吃，迟早吃出大病。", "myth.radiation.microwave")).isTrue();
        assertThat(blocks("大豆异黄酮吃多了，男生会变得越来越娘。", "myth.food.soy_estrogen")).isTrue();
    }

    @Test
    void subjectClassesCoverAnyOvernightFood() {
        assertThat(blocks("炖好的排骨放了一宿，再吃就是在吃毒药。", "myth.food.overnight_dishes")).isTrue();
        assertThat(clean("米饭在室温下放置过久会滋生蜡样芽孢杆菌，可能引起呕吐。")).isTrue();
    }

    @Test
    void adviceAgainstAFolkRemedyRefutesIt() {
        assertThat(clean("流鼻血仰头止血这种老办法千万别再用了，应该身体前倾捏住鼻翼。")).isTrue();
    }

    @Test
    void hearsayTakenUpByTheWriterIsAssertion() {
        assertThat(blocks("奶奶常说生鸡蛋最补人，我现在每天早上都喝一个。", "myth.food.raw_egg")).isTrue();
    }

    @Test
    void soCalledWithTheClaimAfterTheVerdictAsserts() {
        assertThat(blocks("所谓全球变暖，就是一场编出来的骗局。", "myth.climate.hoax")).isTrue();
        assertThat(clean("所谓量子水能治百病，完全是骗局。")).isTrue();
    }

    @Test
    void headlineQuestionAnsweredYesOrWithEvidence() {
        assertThat(blocks("喝醋能软化血管吗？是的，每天喝一点，血管会越来越软。", "myth.food.vinegar_vessels"))
                .isTrue();
        assertThat(clean("喝醋能软化血管吗？研究显示，醋进入胃里后很快被中和，到不了血管。")).isTrue();
    }

    @Test
    void negationBetweenAnEarlierEffectAndTheSubjectCounts() {
        assertThat(clean("航天员在太空中并没有看到长城。")).isTrue();
    }

    @Test
    void newFamiliesFromDebunkingPlatforms() {
        assertThat(blocks("蚯蚓切成两段以后会变成两条蚯蚓。", "myth.nature.earthworm_halves")).isTrue();
        assertThat(blocks("月球背面永远是一片黑暗。", "myth.space.moon_dark_side")).isTrue();
        assertThat(clean("驼峰里储存的主要是脂肪，而不是水。")).isTrue();
    }

    @Test
    void familySubjectWithAResultInTheFamilysDirectionIsTheClaim() {
        assertThat(science("用了这款磁疗护膝，膝盖里的积液一个月就消了。"))
                .anyMatch(f -> f.isBlocker() && f.rule().equals("myth.elderly.magnet_therapy"));
        assertThat(science("隔夜的卤味千万别给老人吃，吃了肝肾都受不了。"))
                .anyMatch(f -> f.isBlocker() && f.rule().equals("myth.food.overnight_dishes"));
    }

    @Test
    void aResultPointingTheOtherWayIsNotTheFamilysClaim() {
        assertThat(science("做完手术后复查，肿瘤明显缩小了。")).noneMatch(Finding::isBlocker);
        assertThat(science("这款磁疗床垫睡了一个月，腰反而更疼了。")).noneMatch(Finding::isBlocker);
    }

    @Test
    void aNegatedOrCounterResultIsNoClaim() {
        assertThat(science("住在基站旁边并不会让人血压升高。")).noneMatch(Finding::isBlocker);
        assertThat(science("孩子发烧时不要用酒精擦身，反而可能中毒。")).noneMatch(Finding::isBlocker);
    }

    @Test
    void advisingAgainstARecommendedPracticeRefutesIt() {
        assertThat(science("千万别学网上喝尿治胃病。")).noneMatch(f -> f.severity() != Severity.INFO);
        assertThat(science("别指望每天喝醋就能软化血管。")).noneMatch(f -> f.severity() != Severity.INFO);
    }

    @Test
    void aProhibitionScopedToAnotherActionDoesNotRefute() {
        assertThat(science("千万别乱吃药，每天早上喝一杯晨尿，胃病很快就好了。"))
                .anyMatch(f -> f.isBlocker() && f.rule().equals("myth.health.urine_therapy"));
    }

    @Test
    void aProhibitionRepeatingAFearAssertsIt() {
        assertThat(science("手机千万别放在枕头边，睡一夜脑子都要坏了。"))
                .anyMatch(f -> f.isBlocker() && f.rule().equals("myth.radiation.phone"));
    }

    @Test
    void someoneElsesFirmBeliefIsHearsay() {
        assertThat(science("我奶奶坚信喝醋能软化血管。"))
                .anyMatch(f -> f.severity() == Severity.WARNING && f.rule().equals("myth.food.vinegar_vessels"))
                .noneMatch(Finding::isBlocker);
    }

    @Test
    void ordinaryAdviceAboutTheSameSubjectsStaysClean() {
        assertThat(science("剩菜冷藏后吃前要热透，放太久就倒掉。")).isEmpty();
        assertThat(science("高血压患者服用降压药后，血压降到正常也不要自行停药。")).noneMatch(Finding::isBlocker);
        assertThat(science("夏天冷饮吃太多容易拉肚子。")).isEmpty();
        assertThat(science("孩子发烧超过三天，要去医院查清原因。")).isEmpty();
    }
}
