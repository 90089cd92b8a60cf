package org.kepu.review.checks;

import java.util.List;
import java.util.regex.Matcher;

/**
 * Decides whether a claim found in a sentence is asserted, reported or refuted.
 *
 * <p>Evidence is weighed in the sentence and its neighbours only, never across the document: a
 * refutation word in the same sentence (unless a 但/然而 turns to another claim after it), negation
 * scoped over the claim, a colon-ended refuting lead-in before it, and for reported speech, quotes and
 * questions a verdict that comes later in the sentence or in the next one.
 */
final class StanceClassifier {

    private StanceClassifier() {}

    /**
     * @param claimStart global offset of the claim
     * @param claimEnd global offset, exclusive
     * @param negatedInside the caller found negation scoped over the claimed effect
     */
    static Stance classify(List<Sentence> sentences, int index, int claimStart, int claimEnd, boolean negatedInside) {
        return classify(sentences, index, claimStart, claimEnd, negatedInside, "");
    }

    /**
     * @param ownWords the claim's own wording; refutation words inside the claim that are part of it
     *     (…打狂犬疫苗就没用了) are not a verdict
     */
    static Stance classify(
            List<Sentence> sentences, int index, int claimStart, int claimEnd, boolean negatedInside, String ownWords) {
        Sentence s = sentences.get(index);
        int cs = Math.max(0, claimStart - s.start());
        int ce = Math.min(s.text().length(), claimEnd - s.start());
        String text = ownWords.isEmpty() ? s.text() : maskOwnWords(s.text(), cs, ce, ownWords);
        return classifyMasked(sentences, index, cs, ce, negatedInside, text, !text.equals(s.text()), List.of());
    }

    /**
     * @param ownTerms ranges of the sentence (local offsets) that hold the rule's own terms; refutation
     *     words inside them are part of the claim (全球变暖是骗局), wherever in the sentence they are
     */
    static Stance classify(
            List<Sentence> sentences,
            int index,
            int claimStart,
            int claimEnd,
            boolean negatedInside,
            List<int[]> ownTerms) {
        Sentence s = sentences.get(index);
        int cs = Math.max(0, claimStart - s.start());
        int ce = Math.min(s.text().length(), claimEnd - s.start());
        StringBuilder sb = new StringBuilder(s.text());
        boolean masked = false;
        Matcher m = Cues.STRONG_REFUTE.matcher(s.text());
        while (m.find()) {
            for (int[] r : ownTerms) {
                if (r[0] <= m.start() && m.end() <= r[1]) {
                    for (int i = m.start(); i < m.end(); i++) {
                        sb.setCharAt(i, '□');
                    }
                    masked = true;
                    break;
                }
            }
        }
        return classifyMasked(sentences, index, cs, ce, negatedInside, sb.toString(), masked, ownTerms);
    }

    private static Stance classifyMasked(
            List<Sentence> sentences,
            int index,
            int cs,
            int ce,
            boolean negatedInside,
            String masked,
            boolean ownVerdict,
            List<int[]> ownTerms) {
        String text = sneerScope(masked, cs, ownVerdict);

        if (refutedInSentence(text, cs, ce) || negatedInside || negatedBefore(text, cs)) {
            return Stance.REFUTED;
        }
        if (index > 0) {
            String prev = sentences.get(index - 1).text().strip();
            boolean leadIn = prev.endsWith("：") || prev.endsWith(":");
            if (leadIn && Cues.strongRefutation(prev) >= 0) {
                return Stance.REFUTED;
            }
        }
        boolean question = Cues.isQuestion(text) && questionCovers(text, ce);
        // Hearsay counts before the claim, or after it only when it refers back (…的说法在流传).
        boolean framed = question
                || Cues.has(Cues.HEARSAY, text.substring(0, ce))
                || Cues.has(Cues.HEARSAY_AFTER, text.substring(ce))
                || quoted(text, cs, ce);
        if (Cues.deniedRefutation(text)) {
            return Stance.ASSERTED;
        }
        boolean confirmed = Cues.has(Cues.CONFIRM, text);
        String next = index + 1 < sentences.size() ? sentences.get(index + 1).text() : "";
        if (framed) {
            // The claim's own later terms (…冲冲血管，就不会中风) are not a verdict on it.
            StringBuilder rest = new StringBuilder(text);
            for (int[] r : ownTerms) {
                blank(rest, Math.min(r[0], rest.length()), Math.min(r[1], rest.length()));
            }
            String after = rest.substring(ce);
            if (Cues.has(Cues.CONTRAST, after) || Cues.has(Cues.NEGATOR_WORD, after)) {
                // The verdict comes late: 有人说…，其实… / “冲血管”并不能预防脑梗.
                return Stance.REFUTED;
            }
            if (nextRefutes(next, question)) {
                return Stance.REFUTED;
            }
            if (question && Cues.AFFIRM.matcher(next.strip()).find() && !Cues.hasNegator(next)) {
                // A headline question answered yes (…吗？是的，…) asserts the claim.
                return Stance.ASSERTED;
            }
            if (question && next.length() < 8 && index + 2 < sentences.size()) {
                // 吃猪蹄能美容吗？答案是：…  the verdict may sit one sentence further.
                if (nextRefutes(sentences.get(index + 2).text(), true)) {
                    return Stance.REFUTED;
                }
            }
            return confirmed ? Stance.ASSERTED : Stance.REPORTED;
        }
        String nextStripped = next.strip();
        if (Cues.NEXT_OPENER.matcher(nextStripped).find() && Cues.strongRefutation(nextStripped) >= 0) {
            return Stance.REFUTED;
        }
        return Stance.ASSERTED;
    }

    private static final java.util.regex.Pattern SNEER = java.util.regex.Pattern.compile("所谓的?|号称");

    /**
     * The scope of 所谓: in 所谓X是骗局 the verdict belongs to X. When the claim carries its own verdict
     * (所谓全球变暖就是骗局) 所谓 only sneers at the subject, and when the claim comes after the verdict
     * (所谓地球是圆的，不过是骗局，地球其实是平的) the verdict is about another statement; in both cases
     * the sentence makes the claim rather than reporting it.
     */
    private static String sneerScope(String text, int cs, boolean ownVerdict) {
        Matcher sneer = SNEER.matcher(text);
        if (!sneer.find() || sneer.start() > cs) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text);
        if (ownVerdict) {
            blank(sb, sneer.start(), sneer.end());
            return sb.toString();
        }
        int cue = Cues.strongRefutation(text.substring(sneer.end()));
        if (cue >= 0) {
            int at = sneer.end() + cue;
            Matcher m = Cues.STRONG_REFUTE.matcher(text);
            if (at < cs && m.find(at) && m.end() <= cs) {
                blank(sb, sneer.start(), sneer.end());
                blank(sb, m.start(), m.end());
            }
        }
        return sb.toString();
    }

    private static void blank(StringBuilder sb, int from, int to) {
        for (int i = from; i < to; i++) {
            sb.setCharAt(i, '□');
        }
    }

    /** Words of a closing question that refer back to a claim made in an earlier clause (…，这是真的吗？). */
    private static final java.util.regex.Pattern BACK_REFERENCE =
            java.util.regex.Pattern.compile("(这|此)(?![么样般])|真的|是真|靠谱|可信|有用|有效|有道理|对吗|对不对|科学吗|能信|信吗|真相");

    /**
     * A question frames the claim only when the claim reaches into the questioned clause or that clause
     * refers back to it; a rhetorical question after a plain statement (…拍出来的，国旗怎么会飘？) does not
     * turn the statement into a mention.
     */
    private static boolean questionCovers(String text, int ce) {
        int end = text.length();
        while (end > 0 && "？?吗么呢”」』）)】’\" ".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        int last = clauseStart(text, end);
        if (ce > last) {
            return true;
        }
        String clause = text.substring(last, end).strip();
        return clause.length() <= 8 || BACK_REFERENCE.matcher(clause).find();
    }

    private static String maskOwnWords(String text, int cs, int ce, String ownWords) {
        StringBuilder sb = new StringBuilder(text);
        Matcher m = Cues.STRONG_REFUTE.matcher(text);
        while (m.find()) {
            if (m.start() >= cs && m.end() <= ce && ownWords.contains(m.group())) {
                for (int i = m.start(); i < m.end(); i++) {
                    sb.setCharAt(i, '□');
                }
            }
        }
        return sb.toString();
    }

    /**
     * A refutation word anywhere in the sentence, unless the sentence turns (但, 然而 …) between that
     * word and the claim, in which case the word belongs to another clause's claim.
     */
    private static boolean refutedInSentence(String text, int cs, int ce) {
        int cue = Cues.strongRefutation(text);
        while (cue >= 0) {
            boolean turnsAway = cue < cs && turnBetween(text, cue, cs);
            if (!turnsAway) {
                return true;
            }
            int nextFrom = cue + 1;
            int rel = Cues.strongRefutation(text.substring(nextFrom));
            cue = rel < 0 ? -1 : nextFrom + rel;
        }
        return false;
    }

    private static boolean turnBetween(String text, int from, int to) {
        String between = text.substring(from, to);
        return between.matches(".*[，,；;]\\s*(但是|但|然而|可是|不过|而|反而).*");
    }

    /** Negation in the claim's clause just before it: 并不是吃猪蹄就能…, 没有证据表明…. */
    private static boolean negatedBefore(String text, int cs) {
        int clauseStart = clauseStart(text, cs);
        String before = text.substring(Math.max(clauseStart, cs - 12), cs);
        return Cues.PRE_CLAIM_NEGATION.matcher(before).find();
    }

    static int clauseStart(String text, int pos) {
        for (int i = pos - 1; i >= 0; i--) {
            if ("，,；;：:。！？!?".indexOf(text.charAt(i)) >= 0) {
                return i + 1;
            }
        }
        return 0;
    }

    private static boolean nextRefutes(String next, boolean question) {
        String n = next.strip();
        if (n.isEmpty()) {
            return false;
        }
        if (Cues.strongRefutation(n) >= 0) {
            return true;
        }
        Matcher opener = Cues.NEXT_OPENER.matcher(n);
        if (opener.find() && (Cues.hasNegator(n) || Cues.has(Cues.CONTRAST, n.substring(0, opener.end())))) {
            return true;
        }
        // A question is already sceptical; any negation in the answer settles it, and so does an answer
        // that turns to evidence without confirming the claim (…吗？研究显示，…).
        if (question && Cues.EVIDENCE_OPENER.matcher(n).find() && !Cues.has(Cues.CONFIRM, n)) {
            return true;
        }
        return question && Cues.hasNegator(n);
    }

    /**
     * Quotes around a short term inside a longer claim (“千滚水”含有…会致癌) only name the thing; quotes
     * that hold the end of the claim or a clause of their own mark the claim as mentioned.
     */
    private static boolean framesClaim(int open, int close, int ce) {
        return close >= ce - 1 || close - open - 1 >= 6;
    }

    /** True when a quoted stretch or a title overlaps the claim: “冲血管”, 《水知道答案》. */
    static boolean quoted(String text, int cs, int ce) {
        int depth = 0;
        int openedAt = -1;
        boolean ascii = false;
        int asciiAt = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("“「『《‘".indexOf(c) >= 0) {
                if (depth++ == 0) {
                    openedAt = i;
                }
            } else if ("”」』》’".indexOf(c) >= 0 && depth > 0) {
                if (--depth == 0 && openedAt < ce && i > cs && framesClaim(openedAt, i, ce)) {
                    return true;
                }
            } else if (c == '"' || c == '＂') {
                if (ascii && asciiAt < ce && i > cs && framesClaim(asciiAt, i, ce)) {
                    return true;
                }
                ascii = !ascii;
                asciiAt = i;
            }
        }
        return false;
    }
}
