package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readability for the declared audience: average and longest sentence length, share of rare characters,
 * and jargon used without an explanation. Each finding states the measure and the threshold.
 */
final class ReadabilityCheck implements Check {

    static final String RULE_AVERAGE = "readability.sentence.average";
    static final String RULE_LONG = "readability.sentence.long";
    static final String RULE_RARE = "readability.rare_characters";
    static final String RULE_JARGON = "readability.jargon";
    private static final String SOURCE = "kepu 可读性指标；常用字依据 GB/T 2312 一级汉字";

    /** Averages over fewer sentences, or rare-character shares over fewer characters, say little. */
    private static final int MIN_SENTENCES = 3;

    private static final int MIN_HAN = 100;
    private static final int MAX_LONG_FINDINGS = 5;
    private static final int MAX_JARGON_FINDINGS = 8;

    private static final String EXPLAIN_AFTER =
            "^\\s*(（|\\(|，?(即|也就是|也就是说|是指|指的是|就是|简单(来|地)说|通俗(地|来)?(说|讲)|俗称|又称|又叫|也叫|也称|"
                    + "是一种|是一类|意思是|可以理解为|好比|相当于|就像|是人体|是身体|是细胞|是由))";
    private static final String EXPLAIN_BEFORE = "(所谓(的)?|被称为|称为|叫做|叫作|名为|简称)[“\"「]?$";

    private static final class Glossary {
        static final List<String> TERMS = Resources.lines("glossary.txt");
    }

    @Override
    public List<Finding> check(ScreeningInput input) {
        String text = input.text();
        Audience audience = Audience.strictest(input.audiences());
        List<Sentence> sentences = Sentences.split(text);
        List<Finding> out = new ArrayList<>();
        sentenceLengths(text, sentences, audience, out);
        rareCharacters(text, audience, out);
        if (audience.flagJargon) {
            jargon(text, audience, out);
        }
        return out;
    }

    private static void sentenceLengths(String text, List<Sentence> sentences, Audience a, List<Finding> out) {
        if (sentences.isEmpty()) {
            return;
        }
        int total = 0;
        int longFindings = 0;
        for (Sentence s : sentences) {
            int len = visibleLength(s.text());
            total += len;
            if (len > a.maxSentence && longFindings < MAX_LONG_FINDINGS) {
                longFindings++;
                out.add(Finding.of(
                        RULE_LONG,
                        Severity.WARNING,
                        text,
                        s.start(),
                        s.end(),
                        "这句话有 " + len + " 个字，超过面向" + a.label + "的上限 " + a.maxSentence + " 字。请拆成几个短句。",
                        SOURCE));
            }
        }
        double average = (double) total / sentences.size();
        if (sentences.size() >= MIN_SENTENCES && average > a.maxAverageSentence) {
            out.add(Finding.of(
                    RULE_AVERAGE,
                    Severity.WARNING,
                    text,
                    sentences.get(0).start(),
                    sentences.get(0).end(),
                    String.format(
                            Locale.ROOT,
                            "全文平均句长 %.1f 字，面向%s的作品建议不超过 %d 字。请把长句拆短，一句话只讲一件事。",
                            average,
                            a.label,
                            a.maxAverageSentence),
                    SOURCE));
        }
    }

    private static void rareCharacters(String text, Audience a, List<Finding> out) {
        int han = 0;
        int rare = 0;
        int firstRare = -1;
        StringBuilder examples = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (CommonCharacters.isHan(cp)) {
                han++;
                if (CommonCharacters.isRare(cp)) {
                    rare++;
                    if (firstRare < 0) {
                        firstRare = i;
                    }
                    String ch = new String(Character.toChars(cp));
                    if (examples.length() < 20 && examples.indexOf(ch) < 0) {
                        examples.append(ch);
                    }
                }
            }
            i += Character.charCount(cp);
        }
        if (han < MIN_HAN || rare == 0) {
            return;
        }
        double share = (double) rare / han;
        if (share > a.maxRareShare) {
            int end = firstRare + Character.charCount(text.codePointAt(firstRare));
            out.add(Finding.of(
                    RULE_RARE,
                    Severity.WARNING,
                    text,
                    firstRare,
                    end,
                    String.format(
                            Locale.ROOT,
                            "生僻字占比 %.1f%%（%d/%d，如“%s”），面向%s的作品建议不超过 %.1f%%。请换用常用字或加注拼音和解释。",
                            share * 100,
                            rare,
                            han,
                            examples,
                            a.label,
                            a.maxRareShare * 100),
                    SOURCE));
        }
    }

    private static void jargon(String text, Audience a, List<Finding> out) {
        int found = 0;
        for (String term : Glossary.TERMS) {
            if (found >= MAX_JARGON_FINDINGS) {
                return;
            }
            int first = text.indexOf(term);
            if (first < 0 || explained(text, term)) {
                continue;
            }
            found++;
            out.add(Finding.of(
                    RULE_JARGON,
                    Severity.WARNING,
                    text,
                    first,
                    first + term.length(),
                    "专业术语“" + term + "”没有解释，面向" + a.label + "的读者可能看不懂。请在首次出现时用一句话说明，例如“" + term + "（即……）”或“" + term
                            + "，也就是……”。",
                    SOURCE));
        }
    }

    private static boolean explained(String text, String term) {
        Pattern after = Pattern.compile(EXPLAIN_AFTER);
        Pattern before = Pattern.compile(EXPLAIN_BEFORE);
        Matcher m = Pattern.compile(Pattern.quote(term)).matcher(text);
        while (m.find()) {
            String tail = text.substring(m.end(), Math.min(text.length(), m.end() + 12));
            String head = text.substring(Math.max(0, m.start() - 6), m.start());
            if (after.matcher(tail).find() || before.matcher(head).find()) {
                return true;
            }
        }
        return false;
    }

    /** Characters a reader reads: punctuation and spaces do not count. */
    static int visibleLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                n++;
            }
            i += Character.charCount(cp);
        }
        return n;
    }
}
