package org.kepu.review.checks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads numbers as Chinese popular science writes them: 340, 3,400, ３４０, 38.4万, 1.5亿, 三十万, 一亿五千万,
 * 一百零八, 一点五, 3×10^8, 3×10⁸, 3x10^8, 6.02e23, 零下273.15, ranges (36～37, 3-5, 3至5, 三到五, 36.1℃至37.2℃,
 * 5克至10克), 30多万 and 两百余 (read as the range they name), 百分之三十, 七成, 四分之三, 一个半 and 半. Words of
 * approximation (约, 左右, 上下, 近, 超过) leave the number as written. Units are left to the caller, which knows
 * which units make sense for the quantity at hand.
 */
final class NumberReader {

    /**
     * A number (or range) at {@code [start, end)}; {@code end} is where a unit would start.
     *
     * @param implied a unit the wording itself carries (百分之三十 and 七成 are percentages), or empty
     */
    record Token(int start, int end, double low, double high, String implied) {
        Token(int start, int end, double low, double high) {
            this(start, end, low, high, "");
        }
    }

    private static final String CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点";
    private static final String SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private static final String CN_NUM = "[" + CN_DIGITS + "]*[一二两三四五六七八九十][" + CN_DIGITS + "]*";
    private static final String NUM = "(?:\\d+(?:,\\d{3})*(?:\\.\\d+)?|" + CN_NUM + ")";
    private static final String SCI = "(?:\\s*(?:[×xX*✕]|乘以?)\\s*10\\s*(?:\\^|的)?\\s*(?:[-−]?\\d+|[⁻" + SUPERSCRIPT
            + "]+)\\s*(?:次方|次幂)?|[eE][-+]?\\d+)?";

    /**
     * One number: sign, digits, scientific part, 多/余, multiplier, 多/余, then 38万4千's thousands, 一个半's
     * half or 七成's tenths.
     */
    private static final String ONE = "(?<sign>零下|负|[-−](?=\\s*\\d))?\\s*(?<num>" + NUM + ")(?<sci>" + SCI + ")"
            + "(?<more1>多|余)?(?<mult>万亿|亿|万|千(?![米克瓦帕焦卡])|百(?![米分]))?(?<more2>多|余)?"
            + "(?:(?<=万)(?<kilo>\\d)千(?![米克瓦帕焦卡]))?"
            + "(?<half>个半)?(?<tenths>成(?![为年功分立本员果熟就绩长人都了型品像不千]))?";

    private static final Pattern SINGLE = Pattern.compile(ONE);

    /** 百分之三十, 千分之三点五: a percentage written out. */
    private static final Pattern SPELLED_PERCENT = Pattern.compile("(百分之|千分之)(" + NUM + ")");

    /** 四分之三: a fraction written out (百分之 is read above). */
    private static final Pattern FRACTION = Pattern.compile("(" + CN_NUM + ")分之(" + CN_NUM + ")");

    /** 半小时, 半升: a half standing alone before a unit it plainly counts. */
    private static final Pattern HALF =
            Pattern.compile("(?<![\\d零〇一二两三四五六七八九十百千万])半(?=个?(?:小时|钟头|升|公斤|千克|斤|米|公里|天|年|月))");

    /**
     * Between the two ends of a range: an optional unit repeated after the second end (5克至10克), or one of
     * the units often left on the first end only (36℃～37, 20%～30%), then the range mark.
     */
    private static final Pattern RANGE_MARK = Pattern.compile(
            "\\s*(?<mid>℃|°C|度|%|％|摄氏度|[^\\d\\s～~〜\\-—–－至到，,。；;、：:（）()]{1,6}?)?\\s*(?:[～~〜\\-—–－至到]|或)\\s*");

    private static final Set<String> LOOSE_MIDDLE_UNITS = Set.of("℃", "°C", "度", "%", "％", "摄氏度");

    private NumberReader() {}

    /**
     * Full-width digits and points as ASCII, and 億, 萬, 兩 as 亿, 万, 两: one char for one char, so offsets stay
     * those of the text.
     */
    static String normalise(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '０' && c <= '９') {
                sb.append((char) ('0' + (c - '０')));
            } else if (c == '．') {
                sb.append('.');
            } else if (c == '億') {
                sb.append('亿');
            } else if (c == '萬') {
                sb.append('万');
            } else if (c == '兩') {
                sb.append('两');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static List<Token> read(String raw) {
        String text = normalise(raw);
        List<Token> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            Token t = at(text, from);
            if (t == null) {
                from++;
                continue;
            }
            out.add(t);
            from = t.end();
        }
        return out;
    }

    /** The number starting exactly at {@code pos}, or null. */
    private static Token at(String text, int pos) {
        Matcher p = SPELLED_PERCENT.matcher(text).region(pos, text.length());
        if (p.lookingAt()) {
            double v = plain(p.group(2));
            if (Double.isNaN(v)) {
                return null;
            }
            String implied = p.group(1).equals("百分之") ? "%" : "‰";
            return new Token(pos, p.end(), v, v, implied);
        }
        Matcher f = FRACTION.matcher(text).region(pos, text.length());
        if (f.lookingAt()) {
            double den = chinese(f.group(1));
            double num = chinese(f.group(2));
            if (Double.isNaN(den) || Double.isNaN(num) || den == 0) {
                return null;
            }
            return new Token(pos, f.end(), num / den, num / den, "");
        }
        // Transparent bounds, so the look-behind sees the numeral of 一半 before the region.
        Matcher h = HALF.matcher(text).region(pos, text.length()).useTransparentBounds(true);
        if (h.lookingAt()) {
            return new Token(pos, pos + 1, 0.5, 0.5, "");
        }
        Matcher m = SINGLE.matcher(text).region(pos, text.length());
        if (!m.lookingAt() || m.end() == pos) {
            return null;
        }
        Single first = single(m);
        if (first == null) {
            return null;
        }
        int end = m.end();
        double low = first.low();
        double high = first.high();
        Matcher r = RANGE_MARK.matcher(text).region(end, text.length());
        if (!first.percent() && r.lookingAt()) {
            Matcher m2 = SINGLE.matcher(text).region(r.end(), text.length());
            if (m2.lookingAt() && m2.end() > r.end()) {
                Single second = single(m2);
                String mid = r.group("mid");
                boolean unitFits = mid == null
                        || LOOSE_MIDDLE_UNITS.contains(mid)
                        || text.startsWith(mid, skipSpaces(text, m2.end()));
                // 三到五 and 3至5 are ranges; 3或5 only with figures on both sides, since 一或二 reads as words.
                boolean mark = !text.substring(r.start(), r.end()).contains("或")
                        || (Character.isDigit(text.charAt(pos)) && Character.isDigit(text.charAt(r.end())));
                if (second != null && unitFits && mark && !second.percent()) {
                    double lo = low;
                    if (first.mult() == 1 && second.mult() != 1) {
                        // 38～40万: the multiplier of the second number applies to both.
                        lo *= second.mult();
                        high *= second.mult();
                    }
                    low = Math.min(lo, second.low());
                    high = Math.max(high, second.high());
                    end = m2.end();
                }
            }
        }
        return new Token(pos, end, low, high, first.percent() ? "%" : "");
    }

    private static int skipSpaces(String text, int pos) {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    /** One number read: its range (多 and 余 widen it), its multiplier, and whether 成 made it a percentage. */
    private record Single(double low, double high, double mult, boolean percent) {}

    private static Single single(Matcher m) {
        String num = m.group("num");
        double v = plain(num);
        if (Double.isNaN(v)) {
            return null;
        }
        String sci = m.group("sci");
        if (sci != null && !sci.isBlank()) {
            v *= Math.pow(10, exponent(sci));
        }
        double mult = multiplier(m.group("mult"));
        boolean more = m.group("more1") != null || m.group("more2") != null;
        double step = more ? step(num, v) : 0;
        double low = v;
        double high = v + step;
        if (m.group("kilo") != null) {
            // 38万4千: the thousands after 万 belong to the same number.
            low += (m.group("kilo").charAt(0) - '0') / 10.0;
            high = Math.max(high, low);
        }
        if (m.group("half") != null) {
            low += 0.5;
            high += 0.5;
        }
        low *= mult;
        high *= mult;
        boolean percent = m.group("tenths") != null;
        if (percent) {
            low *= 10;
            high *= 10;
        }
        if (m.group("sign") != null) {
            double l = -high;
            high = -low;
            low = l;
        }
        return new Single(low, high, mult, percent);
    }

    private static double plain(String num) {
        return Character.isDigit(num.charAt(0)) ? Double.parseDouble(num.replace(",", "")) : chinese(num);
    }

    /**
     * How far 多 reaches above a number: one unit of its last significant place, so 30多 is 30 to 40, 两百多
     * 200 to 300, 7000多 7000 to 8000 and 1.5多 1.5 to 1.6.
     */
    static double step(String num, double v) {
        if (Character.isDigit(num.charAt(0))) {
            String digits = num.replace(",", "");
            int dot = digits.indexOf('.');
            if (dot >= 0) {
                return Math.pow(10, -(digits.length() - dot - 1));
            }
        }
        if (v != Math.rint(v) || v == 0) {
            return 0.1;
        }
        double step = 1;
        long n = (long) v;
        while (n % 10 == 0) {
            n /= 10;
            step *= 10;
        }
        return step;
    }

    /** {@link #step(String, double)} for a number already read: 1 for 1, 10 for 30, 0.1 for 1.5. */
    static double step(double v) {
        if (v == 0) {
            return 1;
        }
        BigDecimal d = BigDecimal.valueOf(Math.abs(v)).stripTrailingZeros();
        return Math.pow(10, -d.scale());
    }

    private static double multiplier(String mult) {
        if (mult == null) {
            return 1;
        }
        return switch (mult) {
            case "万亿" -> 1e12;
            case "亿" -> 1e8;
            case "万" -> 1e4;
            case "千" -> 1e3;
            case "百" -> 1e2;
            default -> 1;
        };
    }

    private static int exponent(String sci) {
        String s = sci.strip();
        int e = s.indexOf('e') >= 0 ? s.indexOf('e') : s.indexOf('E');
        if (e >= 0 && !s.contains("10")) {
            return Integer.parseInt(s.substring(e + 1).replace("+", ""));
        }
        int ten = s.indexOf("10");
        StringBuilder digits = new StringBuilder();
        for (int i = ten + 2; i < s.length(); i++) {
            char c = s.charAt(i);
            int sup = SUPERSCRIPT.indexOf(c);
            if (sup >= 0) {
                digits.append((char) ('0' + sup));
            } else if (c == '⁻' || c == '-' || c == '−') {
                digits.append('-');
            } else if (Character.isDigit(c)) {
                digits.append(c);
            }
        }
        return Integer.parseInt(digits.toString());
    }

    /** Chinese numerals, including 点 for the decimal point: 三十八万四千, 一亿五千万, 二百七十三点一五. */
    static double chinese(String s) {
        int point = s.indexOf('点');
        if (point >= 0) {
            double whole = point == 0 ? 0 : chinese(s.substring(0, point));
            StringBuilder frac = new StringBuilder("0.");
            for (char c : s.substring(point + 1).toCharArray()) {
                int d = digit(c);
                if (d < 0) {
                    return Double.NaN;
                }
                frac.append(d);
            }
            return whole + (frac.length() > 2 ? Double.parseDouble(frac.toString()) : 0);
        }
        double total = 0;
        double section = 0;
        double number = 0;
        for (char c : s.toCharArray()) {
            int d = digit(c);
            if (d >= 0) {
                number = d;
                continue;
            }
            switch (c) {
                case '十' -> {
                    section += (number == 0 ? 1 : number) * 10;
                    number = 0;
                }
                case '百' -> {
                    section += number * 100;
                    number = 0;
                }
                case '千' -> {
                    section += number * 1000;
                    number = 0;
                }
                case '万' -> {
                    total += (section + number) * 1e4;
                    section = 0;
                    number = 0;
                }
                case '亿' -> {
                    total = (total + section + number) * 1e8;
                    section = 0;
                    number = 0;
                }
                default -> {
                    return Double.NaN;
                }
            }
        }
        return total + section + number;
    }

    private static int digit(char c) {
        return switch (c) {
            case '零', '〇' -> 0;
            case '一' -> 1;
            case '二', '两' -> 2;
            case '三' -> 3;
            case '四' -> 4;
            case '五' -> 5;
            case '六' -> 6;
            case '七' -> 7;
            case '八' -> 8;
            case '九' -> 9;
            default -> -1;
        };
    }
}
