package org.kepu.review.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Health and medical claims need sources: a health work, or a text making medical claims, without references. */
final class MedicalSourcesCheck implements Check {

    static final String RULE = "sources.medical.missing";

    private static final Pattern MEDICAL_CLAIM = Pattern.compile("治疗|疗效|治愈|预防|剂量|服用|用药|药物|药品|处方|副作用|不良反应|疫苗"
            + "|毫克|mg|每日[0-9一二三四五六七八九十两]|降压|降糖|降脂|抗癌|缓解|症状|诊断|手术|感染|病毒|细菌|抗生素|激素|患者");

    @Override
    public List<Finding> check(ScreeningInput input) {
        if (!input.references().isEmpty()) {
            return List.of();
        }
        String text = input.text();
        List<Sentence> sentences = Sentences.split(text);
        Optional<Sentence> claim = sentences.stream()
                .filter(s -> MEDICAL_CLAIM.matcher(s.text()).find())
                .findFirst();
        boolean health = HealthTopics.isHealthWork(input);
        if (claim.isEmpty() && !(health && !sentences.isEmpty())) {
            return List.of();
        }
        Sentence s = claim.orElse(sentences.get(0));
        String why = health ? "这是健康/医学类作品" : "文中包含医学方面的说法";
        return List.of(Finding.of(
                RULE,
                Severity.WARNING,
                text,
                s.start(),
                s.end(),
                why + "，但没有列出参考文献。请为疗效、剂量、预防措施等说法补充权威来源（如临床指南、国家卫生健康委员会或中国疾病预防控制中心发布的资料、同行评议论文），从这句话开始核对。",
                "原国家卫生计生委《健康科普信息生成与传播指南（试行）》"));
    }
}
