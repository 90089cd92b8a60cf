package org.kepu.review.checks;

import java.util.List;
import java.util.Locale;

/**
 * Readability thresholds per declared audience. Elderly readers and farmers get the shortest sentences
 * and fewest rare characters; officials read policy prose daily, so only the loosest limits apply and
 * jargon is not flagged for them.
 */
enum Audience {
    ELDERLY("老年人", 25, 60, 0.010, true),
    FARMERS("农民", 25, 60, 0.010, true),
    YOUTH("青少年", 30, 80, 0.015, true),
    WORKERS("产业工人", 35, 90, 0.020, true),
    PUBLIC("公众", 40, 100, 0.020, true),
    OFFICIALS("领导干部", 50, 150, 0.030, false);

    final String label;
    final int maxAverageSentence;
    final int maxSentence;
    final double maxRareShare;
    final boolean flagJargon;

    Audience(String label, int maxAverageSentence, int maxSentence, double maxRareShare, boolean flagJargon) {
        this.label = label;
        this.maxAverageSentence = maxAverageSentence;
        this.maxSentence = maxSentence;
        this.maxRareShare = maxRareShare;
        this.flagJargon = flagJargon;
    }

    /** The strictest of the declared audiences; the general public when none is declared or known. */
    static Audience strictest(List<String> declared) {
        Audience best = null;
        for (String d : declared) {
            Audience a = parse(d);
            if (a != null && (best == null || a.ordinal() < best.ordinal())) {
                best = a;
            }
        }
        return best == null ? PUBLIC : best;
    }

    static Audience parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.contains("elder") || v.contains("senior") || v.contains("老")) {
            return ELDERLY;
        }
        if (v.contains("farmer") || v.contains("rural") || v.contains("农")) {
            return FARMERS;
        }
        if (v.contains("youth")
                || v.contains("teen")
                || v.contains("student")
                || v.contains("child")
                || v.contains("少")
                || v.contains("学生")
                || v.contains("儿童")) {
            return YOUTH;
        }
        if (v.contains("worker") || v.contains("工人") || v.contains("职工")) {
            return WORKERS;
        }
        if (v.contains("official") || v.contains("干部") || v.contains("公务员")) {
            return OFFICIALS;
        }
        if (v.contains("public") || v.contains("公众") || v.contains("大众")) {
            return PUBLIC;
        }
        return null;
    }
}
