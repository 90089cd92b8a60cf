package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Known rumours repeated in the text, weighed for mention and assertion like the myth families. */
final class KnownRumourCheck implements Check {

    private final ClaimMatcher matcher;

    KnownRumourCheck(ClaimMatcher matcher) {
        this.matcher = matcher;
    }

    @Override
    public List<Finding> check(ScreeningInput input) {
        String text = input.text();
        List<Sentence> sentences = Sentences.split(text);
        List<Finding> out = new ArrayList<>();
        for (Sentence s : sentences) {
            Set<String> seen = new HashSet<>();
            List<ClaimMatch> kept = new ArrayList<>();
            for (ClaimMatch m : matcher.match(s.text())) {
                KnownRumour rumour = m.rumour();
                // Matches come best first; a weaker match on the same words is the same claim read twice.
                if (!seen.add(rumour.id()) || kept.stream().anyMatch(k -> k.start() < m.end() && m.start() < k.end())) {
                    continue;
                }
                kept.add(m);
                int start = s.global(m.start());
                int end = s.global(m.end());
                // The claim may itself hold negation (不能养猫); only negation it does not have refutes it. Counted,
                // since a paraphrase words negation its own way (来不及 for 没用); but a 并-negation (并不, 并非 …)
                // is a denial wherever the claim's own negation lies (…七年都排不出去, outside the matched
                // words of 口香糖并不会黏在肠子上).
                String span = s.text().substring(m.start(), m.end());
                boolean negated = negators(span) > negators(rumour.claim())
                        || (DENIAL.matcher(span).find()
                                && !DENIAL.matcher(rumour.claim()).find());
                Stance stance = StanceClassifier.classify(sentences, s.index(), start, end, negated, rumour.claim());
                out.add(finding(rumour, stance, text, start, end));
            }
        }
        return out;
    }

    /** Negation that denies a statement rather than forbids or lacks: 并不会, 并非, 并没有. */
    private static final Pattern DENIAL = Pattern.compile("并(不|没有|没|非|未)");

    private static int negators(String text) {
        Matcher m = Cues.NEGATOR.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static Finding finding(KnownRumour rumour, Stance stance, String text, int start, int end) {
        String claim = "“" + rumour.claim() + "”";
        return switch (stance) {
            case ASSERTED ->
                Finding.of(
                        rumour.rule(),
                        Severity.BLOCKER,
                        text,
                        start,
                        end,
                        "这句话与已被辟谣的说法" + claim + "一致。辟谣结论：" + rumour.debunk() + " 请删除或改写，并引用权威来源。",
                        rumour.source());
            case REPORTED ->
                Finding.of(
                        rumour.rule(),
                        Severity.WARNING,
                        text,
                        start,
                        end,
                        "这里转述了已被辟谣的说法" + claim + "，但没有给出结论。请明确指出其为谣言：" + rumour.debunk(),
                        rumour.source());
            case REFUTED, MENTIONED ->
                Finding.of(
                        rumour.rule(),
                        Severity.INFO,
                        text,
                        start,
                        end,
                        "这里在辟谣" + claim + "。请核对表述与辟谣结论一致：" + rumour.debunk(),
                        rumour.source());
        };
    }
}
