package org.kepu.review.checks;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which declared topics make a work a health or medical work, where miracle wording is a blocker and
 * sources are expected. Matching is by substring so 健康饮食, public-health and 医疗器械 all count.
 */
final class HealthTopics {

    private static final Pattern HEALTH = Pattern.compile(
            "health|medic|medicine|clinical|nutrition|disease|epidemic|pandemic|vaccin|drug|pharma|food.?safety"
                    + "|医|药|健康|卫生|疾病|疫|营养|养生|食品安全|保健|诊|病|临床|防控|康复|心理健康");

    private HealthTopics() {}

    static boolean isHealthWork(ScreeningInput input) {
        return input.topics().stream()
                .anyMatch(t -> HEALTH.matcher(t.toLowerCase(Locale.ROOT)).find());
    }
}
