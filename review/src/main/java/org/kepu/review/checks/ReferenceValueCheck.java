package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reference values: a named quantity near a number with a unit, converted to canonical units and compared
 * with the accepted range. 声速约为每秒3400米 is a blocker; 光速约为每秒30万公里 is not a finding.
 */
final class ReferenceValueCheck implements Check {

    private static final int AFTER_WINDOW = 30;
    private static final int BEFORE_WINDOW = 20;

    /** 每秒3400米: a rate written before the number, joined to the unit after it. */
    private static final Pattern RATE_PREFIX =
            Pattern.compile("(每秒钟?|一秒钟?(内)?|1秒钟?(内)?|每小时|每分钟|每分)[^0-9一二两三四五六七八九十，。]{0,7}$");

    /**
     * 不超过5克, 不低于7小时, 不宜超过25克: a limit is how guidelines state a value, not a negated claim, so it
     * is taken out before looking for a negator between the name and the number.
     */
    private static final Pattern LIMIT = Pattern.compile("不(?:应|应该|宜|要|能|可|得|会)?(?:超过|高于|低于|少于|多于|大于|小于|足|到|满)");

    /** 比…大了, 相差, 高出, 远超: the number is a difference, or a value compared with the quantity. */
    private static final Pattern DIFFERENCE = Pattern.compile(
            "比[^，,。；;]{0,10}?(?:大|小|多|少|高|低|长|短|快|慢|重|轻)(?:了|出)|相差|差了|之差|差值|高出|多出|超出" + "|远超|远高于|远大于|远低于|远小于");

    private final ReferenceValues table;

    ReferenceValueCheck(ReferenceValues table) {
        this.table = table;
    }

    @Override
    public List<Finding> check(ScreeningInput input) {
        String text = input.text();
        List<Sentence> sentences = Sentences.split(text);
        List<Finding> out = new ArrayList<>();
        for (Sentence s : sentences) {
            String st = s.text();
            List<NumberReader.Token> tokens = null;
            for (ReferenceValues.Compiled q : table.compiled()) {
                if (q.excludes() != null && q.excludes().matcher(st).find()) {
                    continue;
                }
                if (q.requires() != null && !q.requires().matcher(st).find()) {
                    continue;
                }
                Matcher alias = q.aliases().matcher(st);
                if (!alias.find()) {
                    continue;
                }
                if (tokens == null) {
                    tokens = NumberReader.read(st);
                }
                Optional<Reading> reading = nearest(q, st, tokens, alias.start(), alias.end());
                if (reading.isEmpty()) {
                    continue;
                }
                Reading r = reading.get();
                ReferenceValue v = q.value();
                boolean accepted = r.high() >= v.min() && r.low() <= v.max();
                if (accepted) {
                    continue;
                }
                int start = s.global(Math.min(alias.start(), r.start()));
                int end = s.global(Math.max(alias.end(), r.end()));
                int from = Math.min(alias.end(), r.start());
                int to = Math.max(alias.end(), r.start());
                if (DIFFERENCE.matcher(st.substring(from, to)).find()) {
                    // 赤道半径比极半径大了43千米: the number is a difference, not the quantity.
                    continue;
                }
                boolean negated =
                        Cues.hasNegator(LIMIT.matcher(st.substring(from, to)).replaceAll(""));
                Stance stance = StanceClassifier.classify(sentences, s.index(), start, end, negated);
                if (stance == Stance.REFUTED || stance == Stance.MENTIONED) {
                    continue;
                }
                String written = st.substring(r.start(), r.end());
                String message = "文中" + v.name() + "写作“" + written + "”（约合 " + format(r, q.canonicalUnit())
                        + "），与公认值不符：" + v.display() + "。请核对并改正"
                        + (stance == Stance.REPORTED ? "；如是在转述错误说法，请明确指出其错误" : "") + "。";
                out.add(Finding.of(
                        v.rule(),
                        stance == Stance.ASSERTED ? Severity.BLOCKER : Severity.WARNING,
                        text,
                        start,
                        end,
                        message,
                        v.source()));
            }
        }
        return out;
    }

    /** A number with a unit of the quantity, in canonical units, at {@code [start, end)} of the sentence. */
    private record Reading(int start, int end, double low, double high, String unit) {}

    /**
     * The reading nearest the alias, after it or before it in the same clause; on a tie the one after wins,
     * since 光速约为… names the quantity first. Nearest rather than first-after, so that in 拨打120急救电话和119火警电话
     * each number goes with its own name.
     */
    private static Optional<Reading> nearest(
            ReferenceValues.Compiled q, String st, List<NumberReader.Token> tokens, int aliasStart, int aliasEnd) {
        Reading best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (NumberReader.Token t : tokens) {
            if (notAValue(st, t)) {
                continue;
            }
            if (t.start() >= aliasEnd
                    && t.start() - aliasEnd <= AFTER_WINDOW
                    && !stopBetween(st, aliasEnd, t.start())) {
                // The rate may sit inside the alias itself (光每秒…, 声音一秒钟…).
                Optional<Reading> r = reading(q, st, t, aliasStart);
                if (r.isPresent()) {
                    // A number in the name's own clause binds tighter than one after a comma: in
                    // 2030年前实现碳达峰，2060年前实现碳中和 the 2060 is the next clause's.
                    int distance = t.start() - aliasEnd + (clauseBreak(st, aliasEnd, t.start()) ? CLAUSE_PENALTY : 0);
                    if (distance < bestDistance) {
                        best = r.get();
                        bestDistance = distance;
                    }
                    break;
                }
            }
        }
        for (int i = tokens.size() - 1; i >= 0; i--) {
            NumberReader.Token t = tokens.get(i);
            if (notAValue(st, t)) {
                continue;
            }
            if (t.end() <= aliasStart
                    && aliasStart - t.end() <= BEFORE_WINDOW
                    && !clauseBreak(st, t.end(), aliasStart)) {
                Optional<Reading> r = reading(q, st, t, 0);
                if (r.isPresent()) {
                    // 206块骨: the unit may be the alias's first character.
                    int distance = Math.max(0, aliasStart - r.get().end());
                    if (distance < bestDistance) {
                        best = r.get();
                    }
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static final int CLAUSE_PENALTY = 20;

    /** The 90 of 140/90, read with the first number, and the 三 of 第三颗, an ordinal: never a value. */
    private static boolean notAValue(String st, NumberReader.Token t) {
        if (t.start() >= 1 && st.charAt(t.start() - 1) == '第') {
            return true;
        }
        return t.start() >= 2 && st.charAt(t.start() - 1) == '/' && Character.isDigit(st.charAt(t.start() - 2));
    }

    /** 140/90毫米汞柱: the second number of a blood-pressure pair, skipped to reach the unit. */
    private static final Pattern PAIR_TAIL = Pattern.compile("\\s*/\\s*\\d+(?:\\.\\d+)?\\s*");

    private static Optional<Reading> reading(
            ReferenceValues.Compiled q, String st, NumberReader.Token t, int windowStart) {
        int pos = t.end();
        while (pos < st.length() && st.charAt(pos) == ' ') {
            pos++;
        }
        if (!t.implied().isEmpty()) {
            // 百分之三十, 七成: the wording is the unit.
            for (ReferenceValues.Unit u : q.units()) {
                if (u.text().equals(t.implied())) {
                    return Optional.of(
                            new Reading(t.start(), t.end(), u.toCanonical(t.low()), u.toCanonical(t.high()), u.text()));
                }
            }
            return Optional.empty();
        }
        Matcher pair = PAIR_TAIL.matcher(st).region(pos, st.length());
        int pairEnd = pair.lookingAt() ? pair.end() : -1;
        String before = st.substring(Math.max(windowStart, t.start() - 10), t.start());
        Matcher rate = RATE_PREFIX.matcher(before);
        String suffix = "";
        if (rate.find()) {
            String r = rate.group(1);
            suffix = r.contains("小时") ? "/小时" : r.contains("分") ? "/分钟" : "/秒";
        }
        for (ReferenceValues.Unit u : q.units()) {
            String unit = u.text();
            boolean withRate = !suffix.isEmpty();
            if (unit.isEmpty()) {
                if (!withRate && !startsWithLetterOrUnit(st, pos)) {
                    return Optional.of(
                            new Reading(t.start(), pos, u.toCanonical(t.low()), u.toCanonical(t.high()), ""));
                }
                continue;
            }
            if (withRate) {
                if (!unit.endsWith(suffix)) {
                    continue;
                }
                String bare = unit.substring(0, unit.length() - suffix.length());
                if (st.startsWith(bare, pos) && !bare.isEmpty()) {
                    return Optional.of(new Reading(
                            t.start(), pos + bare.length(), u.toCanonical(t.low()), u.toCanonical(t.high()), unit));
                }
                continue;
            }
            int at = st.regionMatches(true, pos, unit, 0, unit.length())
                    ? pos
                    : pairEnd >= 0 && st.regionMatches(true, pairEnd, unit, 0, unit.length()) ? pairEnd : -1;
            if (at >= 0) {
                double low = u.toCanonical(t.low());
                double high = u.toCanonical(t.high());
                int end = at + unit.length();
                // 8分20秒: a second count after minutes belongs to the same reading.
                Matcher sec = SECONDS_TAIL.matcher(st).region(end, st.length());
                if ((unit.equals("分") || unit.equals("分钟")) && sec.lookingAt()) {
                    double extra = Double.parseDouble(sec.group(1)) / 60.0;
                    low += extra;
                    high += extra;
                    end = sec.end();
                } else if (end < st.length() && st.charAt(end) == '半') {
                    // 一升半, 一米半: the half comes after the unit.
                    low = u.toCanonical(t.low() + 0.5);
                    high = u.toCanonical(t.high() + 0.5);
                    end++;
                } else if (end < st.length() && (st.charAt(end) == '多' || st.charAt(end) == '余')) {
                    // 1秒多, 8分钟多: 多 after the unit widens the reading as it does before it.
                    high = u.toCanonical(t.high() + NumberReader.step(t.high()));
                    end++;
                }
                return Optional.of(new Reading(t.start(), end, low, high, unit));
            }
        }
        return Optional.empty();
    }

    private static final Pattern SECONDS_TAIL = Pattern.compile("(?:零)?(\\d+(?:\\.\\d+)?)秒钟?");

    private static boolean startsWithLetterOrUnit(String st, int pos) {
        return pos < st.length() && (Character.isLetter(st.charAt(pos)) && st.charAt(pos) < 0x3000);
    }

    private static boolean stopBetween(String st, int from, int to) {
        for (int i = from; i < to; i++) {
            // 、 separates listed items: in 2030年前实现碳达峰、2060年前实现碳中和 the second year is not the first's.
            if ("。！？；!?;、".indexOf(st.charAt(i)) >= 0 || fullStop(st, i)) {
                return true;
            }
        }
        return false;
    }

    /** A Latin full stop ending a sentence (碳中和战略. 2020年), not a decimal point. */
    private static boolean fullStop(String st, int i) {
        return st.charAt(i) == '.' && (i + 1 == st.length() || Character.isWhitespace(st.charAt(i + 1)));
    }

    private static boolean clauseBreak(String st, int from, int to) {
        for (int i = from; i < to; i++) {
            if ("，,。！？；!?;、".indexOf(st.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String format(Reading r, String unit) {
        // pH, ratios and telephone numbers have no unit to write after the number.
        String suffix = unit.isEmpty() ? "" : " " + unit;
        if (r.low() == r.high()) {
            return number(r.low()) + suffix;
        }
        return number(r.low()) + "～" + number(r.high()) + suffix;
    }

    /** 3400, 38.4万, 1.5亿, 6.02×10^23: the way the accepted values are written. */
    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1e12) {
            int exp = (int) Math.floor(Math.log10(a));
            return trim(v / Math.pow(10, exp)) + "×10^" + exp;
        }
        if (a >= 1e8) {
            return trim(v / 1e8) + "亿";
        }
        if (a >= 1e5) {
            return trim(v / 1e4) + "万";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
