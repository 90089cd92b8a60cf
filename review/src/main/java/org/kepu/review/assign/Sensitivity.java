package org.kepu.review.assign;

import java.util.Locale;
import java.util.regex.Pattern;
import org.kepu.ingestion.work.WorkMetadata;

/**
 * Which works need two independent approvals: health and medical works, where a wrong claim can hurt
 * someone, and emergency science (应急科普), which is read widely and fast.
 */
public final class Sensitivity {

    /** Substrings of topics that make a work a health or medical one, in English and Chinese. */
    private static final Pattern HEALTH =
            Pattern.compile("health|medic|clinical|nutrition|disease|epidemic|pandemic|vaccin|drug|pharma|food.?safety"
                    + "|医|药|健康|卫生|疾病|疫|营养|养生|食品安全|保健|诊|病|临床|康复");

    private Sensitivity() {}

    public static boolean isHealth(WorkMetadata metadata) {
        return metadata.topics().stream()
                .anyMatch(t -> HEALTH.matcher(t.toLowerCase(Locale.ROOT)).find());
    }

    public static int requiredApprovals(WorkMetadata metadata) {
        return metadata.emergency() || isHealth(metadata) ? 2 : 1;
    }
}
