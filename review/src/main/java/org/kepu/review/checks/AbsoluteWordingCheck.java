package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Absolute and miracle wording (包治百病, 根治, 100%有效, 无副作用 …).
 *
 * <p>Miracle claims are a warning anywhere and a blocker in a health work when asserted: the Advertising
 * Law forbids them for medicines, devices and health foods. Plain superlatives (最好的, 最有效) are
 * also how health authorities describe vaccination, so they block only when they praise a product or a
 * remedy; otherwise they stay a warning. Refuted wording (糖尿病目前无法根治) is not a finding, and
 * quoted or reported wording (号称“包治百病”) is only noted.
 */
final class AbsoluteWordingCheck implements Check {

    static final String RULE_MIRACLE = "absolute.miracle";
    static final String RULE_SUPERLATIVE = "absolute.superlative";
    private static final String SOURCE = "《中华人民共和国广告法》第九条、第十六条、第十八条；国家市场监督管理总局";

    private static final Pattern MIRACLE =
            Pattern.compile("包治百病|包治|百病全消|百病不生|根治(?!术|性|治疗|手术|率)|彻底治愈|彻底根除|治愈率(高达|达到|达)?\\s*\\d+"
                    + "|(100|百分之百|百分百)\\s*[%％]?\\s*(有效|治愈|安全|见效|康复|无毒)|(无|没有任何|没有|零|毫无)\\s*(任何)?\\s*(副作用|毒副作用|不良反应)"
                    + "|永不复发|不复发|断根|除根|神药|神效|奇效|特效药|灵丹妙药|药到病除|一次见效|立竿见影|当天见效|(一|三|七|1|3|7)(天|日|周|个疗程)(见效|痊愈|治愈|根治)"
                    + "|祖传秘方|宫廷秘方|秘方|纯天然无害|纯天然无毒|纯天然|无毒无害|绝对安全|完全无害|万能|无效退款|保证治愈|药效最强|起死回生|妙手回春");

    private static final Pattern SUPERLATIVE = Pattern.compile("最好的|最有效|最佳|最安全|最先进|最强|最权威|第一品牌|顶级|国家级|世界级|唯一");

    /** A product or remedy nearby makes a superlative sound like an advertisement. */
    private static final Pattern PRODUCT = Pattern.compile("药|保健品|保健食品|产品|疗法|偏方|秘方|神器|仪器|治疗仪|床垫|茶|胶囊|口服液|冲剂|膏|贴|品牌|配方");

    /** Terms where these words are ordinary clinical language, not promises. */
    private static final Pattern CLINICAL = Pattern.compile("根治术|根治性|根除治疗|根治治疗|幽门螺杆菌");

    @Override
    public List<Finding> check(ScreeningInput input) {
        String text = input.text();
        boolean health = HealthTopics.isHealthWork(input);
        List<Sentence> sentences = Sentences.split(text);
        List<Finding> out = new ArrayList<>();
        for (Sentence s : sentences) {
            scan(sentences, s, MIRACLE, health, true, text, out);
            scan(sentences, s, SUPERLATIVE, health, false, text, out);
        }
        return out;
    }

    private static void scan(
            List<Sentence> sentences,
            Sentence s,
            Pattern p,
            boolean health,
            boolean miracle,
            String text,
            List<Finding> out) {
        Matcher m = p.matcher(s.text());
        while (m.find()) {
            if (miracle && CLINICAL.matcher(s.text()).find() && m.group().startsWith("根")) {
                continue;
            }
            int from = Math.max(StanceClassifier.clauseStart(s.text(), m.start()), m.start() - 8);
            boolean negated = Cues.hasNegator(s.text().substring(from, m.start()));
            int start = s.global(m.start());
            int end = s.global(m.end());
            Stance stance = StanceClassifier.classify(sentences, s.index(), start, end, negated);
            if (stance == Stance.REFUTED || stance == Stance.MENTIONED) {
                continue;
            }
            String word = m.group();
            if (stance == Stance.REPORTED) {
                out.add(Finding.of(
                        miracle ? RULE_MIRACLE : RULE_SUPERLATIVE,
                        Severity.INFO,
                        text,
                        start,
                        end,
                        "这里引述了“" + word + "”之类的绝对化用语；请确认上下文明确表示不认同这种宣传。",
                        SOURCE));
                continue;
            }
            boolean productNearby = PRODUCT.matcher(s.text()).find();
            boolean block = health && (miracle || productNearby);
            out.add(Finding.of(
                    miracle ? RULE_MIRACLE : RULE_SUPERLATIVE,
                    block ? Severity.BLOCKER : Severity.WARNING,
                    text,
                    start,
                    end,
                    message(word, miracle, health),
                    SOURCE));
        }
    }

    private static String message(String word, boolean miracle, boolean health) {
        if (miracle) {
            return "“" + word + "”是绝对化、夸大疗效的用语，医学上几乎没有包治、根治、零副作用的疗法" + (health ? "，在健康类作品中不得使用" : "")
                    + "。请改为有依据的客观表述，例如说明适用范围、有效率和可能的不良反应，并注明出处。";
        }
        return "“" + word + "”是绝对化用语" + (health ? "，用于药品、保健品或疗法时属于违规宣传" : "") + "。请改为有依据的比较，例如“指南推荐的首选方法之一”，并注明出处。";
    }
}
