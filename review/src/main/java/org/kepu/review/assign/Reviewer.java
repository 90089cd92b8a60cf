package org.kepu.review.assign;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A reviewer in the registry: the disciplines they review and the creators they must not review
 * (colleagues, co-authors, relatives), as declared to an admin.
 */
public record Reviewer(String id, List<String> disciplines, List<String> conflicts, Instant updatedAt) {

    public Reviewer {
        disciplines = disciplines == null ? List.of() : List.copyOf(disciplines);
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }

    public boolean conflictsWith(String creator) {
        return conflicts.contains(creator);
    }

    /**
     * Whether the reviewer's disciplines cover one of the topics. Matching ignores case and accepts
     * containment either way, so the discipline 医学 covers the topic 临床医学 and 营养 covers 营养学.
     */
    public boolean covers(List<String> topics) {
        for (String topic : topics) {
            String t = normalise(topic);
            for (String discipline : disciplines) {
                String d = normalise(discipline);
                if (!t.isEmpty() && !d.isEmpty() && (t.contains(d) || d.contains(t))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String normalise(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }
}
