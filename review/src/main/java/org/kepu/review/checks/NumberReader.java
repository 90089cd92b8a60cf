package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads numbers as Chinese popular science writes them: 340, 3,400, 38.4万, 1.5亿, 三十万, 一亿五千万,
 * 3×10^8, 3×10⁸, 6.02e23, 零下273.15, 36～37 and 30多万. Units are left to the caller, which knows
 * which units make sense for the quantity at hand.
 */
final class NumberReader {

    /** A number (or range) at {@code [start, end)}; {@code end} is where a unit would start. */
    record Token(int start, int end, double low, double high) {}

    private static final String CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点";
    private static final String SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private static final String NUM =
            "(?:\\d+(?:,\\d{3})*(?:\\.\\d+)?|[" + CN_DIGITS + "]*[一二两三四五六七八九十][" + CN_DIGITS + "]*)";
    private static final String SCI = "(?:\\s*(?:[×xX*✕]|乘以?)\\s*10\\s*(?:\\^|的)?\\s*(?:[-−]?\\d+|[⁻" + SUPERSCRIPT
            + "]+)\\s*(?:次方|次幂)?|[eE][-+]?\\d+)?";
    private static final String MULT = "(?:多|余)?(万亿|亿|万|千(?![米克瓦帕焦卡])|百(?![米分]))?(?:多|余)?";
    private static final String ONE = "(零下|负|[-−－](?=\\s*\\d))?\\s*(" + NUM + ")(" + SCI + ")" + MULT;
    private static final Pattern NUMBER =
            Pattern.compile(ONE + "(?:\\s*(?:℃|°C|度|%|％|摄氏度)?\\s*[～~〜\\-—–至到]\\s*" + ONE + ")?");

    private NumberReader() {}

    static List<Token> read(String text) {
        List<Token> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            if (m.end() == m.start()) {
                from = m.start() + 1;
                continue;
            }
            double low = value(m.group(1), m.group(2), m.group(3), m.group(4));
            double high = low;
            if (m.group(6) != null) {
                high = value(m.group(5), m.group(6), m.group(7), m.group(8));
                if (m.group(4) == null && m.group(8) != null) {
                    // 38～40万: the multiplier of the second number applies to both.
                    low *= multiplier(m.group(8));
                }
            }
            if (!Double.isNaN(low) && !Double.isNaN(high)) {
                int start = m.start();
                int end = m.end();
                // Trailing 多/余 or spaces belong to the number; the unit starts after them.
                out.add(new Token(start, end, Math.min(low, high), Math.max(low, high)));
            }
            from = m.end();
        }
        return out;
    }

    private static double value(String sign, String num, String sci, String mult) {
        double v = Character.isDigit(num.charAt(0)) ? Double.parseDouble(num.replace(",", "")) : chinese(num);
        if (sci != null && !sci.isBlank()) {
            v *= Math.pow(10, exponent(sci));
        }
        v *= multiplier(mult);
        return sign != null ? -v : v;
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
