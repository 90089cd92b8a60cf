package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pseudoscience and superstition: finds myth families and tells assertion from mention. */
final class MythCheck implements Check {

    /** Words that recommend or credit a named practice (能, 有效, 推荐 …). */
    private static final Pattern ENDORSEMENT = Pattern.compile(
            "能|可以|可|有效|有用|有助|帮助|提高|提升|治|疗效|效果|确实|神奇|推荐|建议|快来|报名|让孩子|激发|值得|相信|科学的|有道理|靠谱|是真的|证明|证实|原理|奥秘|讲究|应该|要|多吃|多喝|就得|想让|想要");

    /**
     * Telling readers not to do something (千万别学网上喝尿治病, 不要用白酒擦身) in the clause of the
     * claim: when the family promises that the practice helps, advice against the practice denies it.
     * A prohibition in another clause is about another action (千万别烤火，抓把雪搓).
     */
    private static final Pattern PROHIBITION =
            Pattern.compile("(千万|可|一定|最好|切记)?(别|不要|不能|不可|切忌|切勿|勿|不宜|禁止|不该|不应)(再)?(?![的人处样说看慌急怕担])");

    /** Words after a prohibition that deny a belief rather than an action: 别指望, 不要以为. */
    private static final Pattern DISBELIEF =
            Pattern.compile("(别|不要|不能|不可|切勿|千万别|千万不要)(再)?(指望|以为|相信|信|迷信|听信|幻想|寄希望|寄托希望|当真|被[^，。！？；]{0,6}骗)");

    /** How many characters may separate the prohibition from the claim it scopes over (别学网上…). */
    private static final int PROHIBITION_REACH = 6;

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
                if (stance == Stance.ASSERTED && advisedAgainst(s.text(), c.start(), cand.rule())) {
                    stance = Stance.REFUTED;
                }
                if (c.nameOnly()
                        && stance == Stance.ASSERTED
                        && !ENDORSEMENT.matcher(s.text()).find()) {
                    // Naming a practice (顺势疗法起源于德国) is not claiming that it works.
                    stance = Stance.MENTIONED;
                }
                current.put(rule.id(), stance);
                if (c.inferred() && !c.strong() && stance == Stance.ASSERTED) {
                    // A loose subject with an effect word the family does not list: a question for the
                    // editor, not a verdict.
                    out.add(Finding.of(
                            rule.id(),
                            Severity.WARNING,
                            text,
                            start,
                            end,
                            "这句话似乎在说“" + rule.name() + "”（用词与常见说法不同）。如果是在陈述效果，请核实：" + rule.fact(),
                            rule.source()));
                } else {
                    out.add(finding(rule, stance, text, start, end));
                }
            }
            previous = current;
        }
        return out;
    }

    /**
     * True when the sentence tells readers not to believe the claim (别指望…), or not to do the practice
     * a benefit family recommends, in the claim's own clause just before it.
     */
    static boolean advisedAgainst(String sentence, int claimStart, MythRulePack.Compiled rule) {
        int clause = StanceClassifier.clauseStart(sentence, claimStart);
        if (DISBELIEF.matcher(sentence.substring(clause, claimStart)).find()) {
            return true;
        }
        if (!rule.promisesBenefit()) {
            // For a feared harm, 别 + the practice (手机别放在枕边) repeats the fear as advice.
            return false;
        }
        Matcher m = PROHIBITION.matcher(sentence.substring(clause, claimStart));
        while (m.find()) {
            if (claimStart - (clause + m.end()) <= PROHIBITION_REACH) {
                return true;
            }
        }
        return false;
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

    static Finding finding(MythRule rule, Stance stance, String text, int start, int end) {
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
