package org.kepu.review.assign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.WorkMetadata;

class SensitivityTest {

    private static final WorkMetadata TECH =
            new WorkMetadata("新技术", null, "article", List.of("tech"), List.of("public"), null, null, false);

    @Test
    void aTextAboutDosageAndTreatmentReadsAsHealthWhateverTheDeclaredTopic() {
        String text = "这种新药的推荐剂量是每天两次。医生会根据症状调整治疗方案，患者不要自行加量。";
        List<String> terms = Sensitivity.sensitiveTerms(text);

        assertThat(terms).containsExactly("剂量", "医生", "症状", "治疗", "患者");
        assertThat(Sensitivity.requiredApprovals(TECH)).isEqualTo(1);
        assertThat(Sensitivity.requiredApprovals(TECH, terms)).isEqualTo(2);
    }

    @Test
    void epidemicAndEmergencyTextsCountTooInChineseAndEnglish() {
        assertThat(Sensitivity.sensitiveTerms("疫情期间要按时接种疫苗，出现发热请就医。")).containsExactly("疫情", "接种", "疫苗", "就医");
        assertThat(Sensitivity.sensitiveTerms("地震发生时先避险，震后有序疏散，学会心肺复苏等急救技能。"))
                .containsExactly("地震", "避险", "疏散", "心肺复苏", "急救");
        assertThat(Sensitivity.sensitiveTerms(
                        "Vaccines reduce disease; the usual Dose is one shot, then CPR training."))
                .containsExactly("vaccine", "disease", "dose", "cpr");
        assertThat(Sensitivity.sensitiveTerms("进行CPR急救")).containsExactly("cpr", "急救");
    }

    @Test
    void onePassingMentionOrWordsThatMerelyContainATermAreNotEnough() {
        List<String> physics = Sensitivity.sensitiveTerms("地震波分为纵波和横波，纵波传播得更快。");
        assertThat(physics).containsExactly("地震");
        assertThat(Sensitivity.readsAsSensitive(physics)).isFalse();
        assertThat(Sensitivity.requiredApprovals(TECH, physics)).isEqualTo(1);

        // A longer term is one term, and English words only count whole: doses yes, overdosed or endosed no.
        assertThat(Sensitivity.sensitiveTerms("传染病")).containsExactly("传染病");
        assertThat(Sensitivity.sensitiveTerms("two doses, the patients")).containsExactly("dose", "patient");
        assertThat(Sensitivity.sensitiveTerms("diseased overdosed endosed floods"))
                .containsExactly("flood");
        assertThat(Sensitivity.sensitiveTerms("计算机病毒会感染文件，杀毒软件能清除它。")).isEmpty();
        assertThat(Sensitivity.sensitiveTerms("")).isEmpty();
        assertThat(Sensitivity.sensitiveTerms(null)).isEmpty();
    }

    @Test
    void declaredHealthOrEmergencyStillNeedsTwo() {
        WorkMetadata health =
                new WorkMetadata("洗手", null, "article", List.of("公共卫生"), List.of("public"), null, null, false);
        WorkMetadata emergency =
                new WorkMetadata("避险", null, "article", List.of("tech"), List.of("public"), null, null, true);
        assertThat(Sensitivity.requiredApprovals(health, List.of())).isEqualTo(2);
        assertThat(Sensitivity.requiredApprovals(emergency, List.of())).isEqualTo(2);
    }

    @Test
    void manyTermsKeepOnlyTheFirstFew() {
        String text = String.join(
                "，", List.of("剂量", "用药", "处方", "疫苗", "接种", "治疗", "疗法", "患者", "症状", "诊断", "手术", "医院", "医生", "临床"));
        assertThat(Sensitivity.sensitiveTerms(text)).hasSize(Sensitivity.MAX_KEPT);
    }
}
