package org.kepu.review.assign;

import java.text.Normalizer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A reviewer in the registry: the disciplines they review and the creators they must not review
 * (colleagues, co-authors, relatives), as declared to an admin.
 */
public record Reviewer(String id, List<String> disciplines, List<String> conflicts, Instant updatedAt) {

    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    public Reviewer {
        disciplines = disciplines == null ? List.of() : List.copyOf(disciplines);
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }

    public boolean conflictsWith(String creator) {
        return conflicts.contains(creator);
    }

    /**
     * Whether one of the reviewer's disciplines covers one of the topics. A discipline covers a topic that
     * contains each of its terms as a whole term, so medicine covers nuclear medicine, but art covers
     * neither cardiology nor earth, and chem not chemistry. The other way round does not hold: a vague
     * topic (medicine, science) must not reach every specialist whose discipline contains the word.
     * Chinese is written without spaces, so a Chinese term also covers a compound ending in it (医学 covers
     * 临床医学, 化学 covers 物理化学 but 物理 does not), and a trailing 学 is ignored (营养 and 营养学).
     */
    public boolean covers(List<String> topics) {
        for (String topic : topics) {
            List<String> topicTerms = terms(topic);
            for (String discipline : disciplines) {
                List<String> disciplineTerms = terms(discipline);
                if (!topicTerms.isEmpty()
                        && !disciplineTerms.isEmpty()
                        && disciplineTerms.stream()
                                .allMatch(d -> topicTerms.stream().anyMatch(t -> termCovers(d, t)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean termCovers(String discipline, String topic) {
        if (discipline.equals(topic)) {
            return true;
        }
        if (!isHan(discipline)) {
            return false;
        }
        return topic.endsWith(discipline) || withoutStudyOf(topic).endsWith(withoutStudyOf(discipline));
    }

    /** Lower-case terms split at anything that is not a letter or digit (spaces, hyphens, slashes, dots). */
    static List<String> terms(String s) {
        if (s == null) {
            return List.of();
        }
        return Arrays.stream(SEPARATORS.split(
                        Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)))
                .filter(t -> !t.isEmpty())
                .toList();
    }

    private static boolean isHan(String term) {
        return term.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    /** 营养学 is the study of 营养; a single character left over (医 of 医学) would be too broad. */
    private static String withoutStudyOf(String term) {
        return term.length() > 2 && term.endsWith("学") ? term.substring(0, term.length() - 1) : term;
    }
}
