package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Pseudoscience and superstition: finds myth families and tells assertion from mention. */
final class MythCheck implements Check {

    /** Words that recommend or credit a named practice (能, 有效, 推荐 …). */
    private static final Pattern ENDORSEMENT = Pattern.compile(
            "能|可以|可|有效|有用|有助|帮助|提高|提升|治|疗效|效果|确实|神奇|推荐|建议|快来|报名|让孩子|激发|值得|相信|科学的|有道理|靠谱|是真的|证明|证实|原理|奥秘|讲究|应该|要|多吃|多喝|就得|想让|想要");

    private final MythRulePack pack;

    MythCheck(MythRulePack pack) {
        this.pack = pack;
    }

    @Override
    public List<Finding> check(ScreeningInput input) {
        String text = input.text();
        List<Sentence> sentences = Sentences.split(text);
        List<Finding> out = new ArrayList<>();
        Map<String, Stance> previous = new HashMap<>();
        for (Sentence s : sentences) {
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < pack.compiled().size(); i++) {
                MythRulePack.Compiled rule = pack.compiled().get(i);
                rule.match(s.text()).ifPresent(c -> candidates.add(new Candidate(rule, c)));
            }
            Map<String, Stance> current = new HashMap<>();
            for (Candidate cand : oneFamilyPerClaim(candidates)) {
                ClaimSpan c = cand.claim();
                MythRule rule = cand.rule().rule();
                int start = s.global(c.start());
                int end = s.global(c.end());
                // A refutation word inside the claim (…是一场骗局, 登月是造假) is what the claim says, not a verdict.
                Stance stance = StanceClassifier.classify(
                        sentences,
                        s.index(),
                        start,
                        end,
                        c.negated(),
                        cand.rule().ownTerms(s.text()));
                if (stance != Stance.REFUTED
                        && previous.get(rule.id()) == Stance.REFUTED
                        && Cues.has(Cues.NEGATOR_WORD, s.text())) {
                    // The answer after a refuted headline restates the claim to deny it (…？医生指出，…并不…).
                    stance = Stance.REFUTED;
                }
                if (c.nameOnly()
                        && stance == Stance.ASSERTED
                        && !ENDORSEMENT.matcher(s.text()).find()) {
                    // Naming a practice (顺势疗法起源于德国) is not claiming that it works.
                    stance = Stance.MENTIONED;
                }
                current.put(rule.id(), stance);
                out.add(finding(rule, stance, text, start, end));
            }
            previous = current;
        }
        return out;
    }

    private record Candidate(MythRulePack.Compiled rule, ClaimSpan claim) {}

    /**
     * Families overlap on purpose (能量床垫 is both a 量子 and a 磁疗 product); one claim gets one finding,
     * from the family whose subject matched most specifically, the earlier family on a tie.
     */
    private static List<Candidate> oneFamilyPerClaim(List<Candidate> candidates) {
        if (candidates.size() < 2) {
            return candidates;
        }
        List<Candidate> ranked = new ArrayList<>(candidates);
        ranked.sort(Comparator.comparingInt((Candidate c) -> c.claim().specificity())
                .reversed());
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : ranked) {
            if (kept.stream().noneMatch(k -> k.claim().overlaps(c.claim()))) {
                kept.add(c);
            }
        }
        kept.sort(Comparator.comparingInt((Candidate c) -> c.claim().start()));
        return kept;
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
