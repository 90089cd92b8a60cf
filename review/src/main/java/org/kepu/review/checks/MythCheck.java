package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Pseudoscience and superstition: finds myth families and tells assertion from mention. */
final class MythCheck implements Check {

    /** Words that recommend or credit a named practice (能, 有效, 推荐 …). */
    private static final Pattern ENDORSEMENT = Pattern.compile(
            "能|可以|可|有效|有用|有助|帮助|提高|提升|治|疗效|效果|确实|神奇|推荐|建议|快来|报名|让孩子|激发|值得|相信|科学的|有道理|靠谱|是真的|证明|证实|原理|奥秘|讲究|应该|要");

    private final MythRulePack pack;

    MythCheck(MythRulePack pack) {
        this.pack = pack;
    }

    @Override
    public List<Finding> check(ScreeningInput input) {
        String text = input.text();
        List<Sentence> sentences = Sentences.split(text);
        List<Finding> out = new ArrayList<>();
        for (Sentence s : sentences) {
            for (MythRulePack.Compiled rule : pack.compiled()) {
                Optional<ClaimSpan> claim = rule.match(s.text());
                if (claim.isEmpty()) {
                    continue;
                }
                ClaimSpan c = claim.get();
                int start = s.global(c.start());
                int end = s.global(c.end());
                Stance stance = StanceClassifier.classify(sentences, s.index(), start, end, c.negated());
                if (c.nameOnly()
                        && stance == Stance.ASSERTED
                        && !ENDORSEMENT.matcher(s.text()).find()) {
                    // Naming a practice (顺势疗法起源于德国) is not claiming that it works.
                    stance = Stance.MENTIONED;
                }
                out.add(finding(rule.rule(), stance, text, start, end));
            }
        }
        return out;
    }

    private static Finding finding(MythRule rule, Stance stance, String text, int start, int end) {
        return switch (stance) {
            case ASSERTED ->
                Finding.of(
                        rule.id(),
                        Severity.BLOCKER,
                        text,
                        start,
                        end,
                        "这里把“" + rule.name() + "”当作事实陈述，而这一说法已被辟谣：" + rule.fact() + " 请删除或改写这句话，并引用权威来源。",
                        rule.source());
            case REPORTED ->
                Finding.of(
                        rule.id(),
                        Severity.WARNING,
                        text,
                        start,
                        end,
                        "这里转述了“" + rule.name() + "”的说法，但前后没有给出结论，读者可能误以为它是真的。请明确说明这是谣言并给出依据：" + rule.fact(),
                        rule.source());
            case REFUTED ->
                Finding.of(
                        rule.id(),
                        Severity.INFO,
                        text,
                        start,
                        end,
                        "这里在辟谣“" + rule.name() + "”。请核对辟谣表述与权威结论一致：" + rule.fact(),
                        rule.source());
            case MENTIONED ->
                Finding.of(
                        rule.id(),
                        Severity.INFO,
                        text,
                        start,
                        end,
                        "这里提到了“" + rule.name() + "”。如果上下文没有说明，请向读者交代其缺乏科学依据：" + rule.fact(),
                        rule.source());
        };
    }
}
