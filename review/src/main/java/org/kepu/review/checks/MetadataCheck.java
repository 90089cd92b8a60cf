package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Metadata and licence: what an editor needs before publishing, and third-party material without a licence. */
final class MetadataCheck implements Check {

    static final String RULE_LICENSE = "meta.license.missing";
    static final String RULE_REFERENCES = "meta.references.missing";
    static final String RULE_TITLE = "meta.title.missing";
    static final String RULE_THIRD_PARTY = "meta.third_party.unlicensed";
    private static final String SOURCE = "《中华人民共和国著作权法》；kepu 发布规范";

    private static final Pattern THIRD_PARTY =
            Pattern.compile("图片来源|图源|图片来自|视频来源|素材来源|转载|转自|摘自|引自|来源\\s*[：:]|版权归|版权所有|©|\\(c\\)|（图/");

    /** Whether a finding of the rule is about the work as a whole: its span is only where it is shown. */
    static boolean aboutTheWholeWork(String rule) {
        return rule.equals(RULE_LICENSE) || rule.equals(RULE_REFERENCES) || rule.equals(RULE_TITLE);
    }

    @Override
    public List<Finding> check(ScreeningInput input) {
        String text = input.text();
        List<Finding> out = new ArrayList<>();
        int headEnd = Math.min(text.length(), firstSentenceEnd(text));
        if (!input.hasLicense()) {
            out.add(Finding.of(
                    RULE_LICENSE,
                    Severity.INFO,
                    text,
                    0,
                    headEnd,
                    "作品没有声明许可协议。请选择许可（如 CC BY 4.0 或“保留所有权利”），以便渠道判断能否转载。",
                    SOURCE));
        }
        if (input.references().isEmpty() && !HealthTopics.isHealthWork(input)) {
            // Health works get the stronger warning from the medical-sources check instead.
            out.add(Finding.of(
                    RULE_REFERENCES,
                    input.emergency() ? Severity.WARNING : Severity.INFO,
                    text,
                    0,
                    headEnd,
                    input.emergency()
                            ? "应急科普作品没有列出信息来源。请注明权威发布机构（如应急管理部、中国气象局、国家卫生健康委员会）的原始信息。"
                            : "作品没有列出参考资料。请为关键事实和数据注明出处，方便审核专家核对。",
                    SOURCE));
        }
        if (input.title() != null && input.title().isBlank()) {
            out.add(Finding.of(RULE_TITLE, Severity.INFO, text, 0, headEnd, "作品标题为空，请补充标题。", SOURCE));
        }
        Matcher m = THIRD_PARTY.matcher(text);
        if (m.find() && !input.hasLicense()) {
            out.add(Finding.of(
                    RULE_THIRD_PARTY,
                    Severity.WARNING,
                    text,
                    m.start(),
                    m.end(),
                    "文中使用了第三方素材（“" + m.group() + "”），但作品没有声明许可。请确认已获得授权，并在许可信息中写明第三方素材的授权方式和署名。",
                    SOURCE));
        }
        return out;
    }

    private static int firstSentenceEnd(String text) {
        List<Sentence> sentences = Sentences.split(text);
        return sentences.isEmpty() ? 0 : sentences.get(0).end();
    }
}
