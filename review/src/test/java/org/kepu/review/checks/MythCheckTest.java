package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MythCheckTest {

    private final MythCheck check = new MythCheck(MythRulePack.builtIn());

    private List<Finding> findings(String text) {
        return check.check(ScreeningInput.ofText(text));
    }

    @Test
    void rulePackHasManyFamiliesWithSources() {
        List<MythRule> rules = MythRulePack.builtIn().rules();

        assertThat(rules).hasSizeGreaterThanOrEqualTo(80);
        assertThat(rules).allSatisfy(r -> {
            assertThat(r.id()).startsWith("myth." + r.family() + ".");
            assertThat(r.fact()).isNotBlank();
            assertThat(r.source()).isNotBlank().doesNotContain("http");
        });
        assertThat(MythRulePack.builtIn().version()).isNotBlank();
    }

    @Test
    void assertedMythIsABlockerSpanningTheClaim() {
        String text = "每天吃一碗猪蹄,胶原蛋白就能直接补到脸上,皮肤越吃越年轻。";
        List<Finding> f = findings(text);

        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("myth.food.collagen");
            assertThat(x.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(text.substring(x.start(), x.end())).startsWith("猪蹄").isEqualTo(x.excerpt());
            assertThat(x.source()).contains("科学辟谣");
        });
    }

    @Test
    void refutedMythIsNotBlocked() {
        List<Finding> f = findings("有人说吃猪蹄能补充胶原蛋白,其实胶原蛋白吃下去会被消化分解成氨基酸,并不会直接补到皮肤上。");

        assertThat(f).isNotEmpty().noneMatch(Finding::isBlocker);
        assertThat(f).allMatch(x -> x.severity() == Severity.INFO);
    }

    @Test
    void reportedMythWithoutVerdictIsAWarning() {
        List<Finding> f = findings("网上流传\"吃猪蹄补胶原蛋白\"的说法。");

        assertThat(f).singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void negationScopesOverTheEffectOnly() {
        assertThat(findings("近视贴不能治愈近视。")).noneMatch(Finding::isBlocker);
        assertThat(findings("这款护眼仪不能错过，坚持使用一个月就能让近视彻底恢复正常。")).anyMatch(Finding::isBlocker);
    }

    @Test
    void questionHeadlineFollowedByAnAnswerIsRefuted() {
        assertThat(findings("喝醋能软化血管吗？醋进入胃里就被中和了，根本到不了血管。")).noneMatch(Finding::isBlocker);
        assertThat(findings("喝醋能软化血管吗？")).extracting(Finding::severity).containsOnly(Severity.WARNING);
    }

    @Test
    void lateVerdictInTheNextSentenceRefutes() {
        List<Finding> f = findings("吃核桃能补脑，让孩子变聪明。这其实是一个流传很广的误区。");

        assertThat(f).isNotEmpty().noneMatch(Finding::isBlocker);
    }

    @Test
    void deniedRefutationIsAnAssertion() {
        assertThat(findings("这可不是谣言，喝醋确实能软化血管。")).anyMatch(Finding::isBlocker);
    }

    @Test
    void generalisesToUnseenWordingOfAFamily() {
        List<Finding> f = findings("楼下新装的通信基站辐射太强，住在旁边的人晚上都失眠了。");

        assertThat(f).anyMatch(x -> x.rule().equals("myth.radiation.5g") && x.isBlocker());
    }

    @Test
    void namingAPracticeIsNotClaimingItWorks() {
        assertThat(findings("顺势疗法起源于18世纪末的德国。")).allMatch(x -> x.severity() == Severity.INFO);
        assertThat(findings("顺势疗法能治好过敏性鼻炎。")).anyMatch(Finding::isBlocker);
    }

    @Test
    void neutralScienceHasNoFinding() {
        assertThat(findings("胶原蛋白是人体皮肤真皮层的主要结构蛋白，它的合成需要维生素C参与。")).isEmpty();
        assertThat(findings("5G网络的下载速度比4G快得多。")).isEmpty();
    }
}
