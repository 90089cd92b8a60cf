package org.kepu.review.assign;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kepu.ingestion.work.WorkMetadata;

/**
 * Which works need two independent approvals: health and medical works, where a wrong claim can hurt
 * someone, and emergency science (应急科普), which is read widely and fast. A work is one when its
 * metadata says so or when its text reads like one, so that declaring another topic does not halve its
 * review.
 */
public final class Sensitivity {

    /** Distinct terms a text needs before it reads as sensitive: one passing mention is not enough. */
    public static final int MIN_TERMS = 3;

    /** At most this many terms are kept as the reason; more would not change the outcome. */
    static final int MAX_KEPT = 12;

    /** Substrings of topics that make a work a health or medical one, in English and Chinese. */
    private static final Pattern HEALTH =
            Pattern.compile("health|medic|clinical|nutrition|disease|epidemic|pandemic|vaccin|drug|pharma|food.?safety"
                    + "|医|药|健康|卫生|疾病|疫|营养|养生|食品安全|保健|诊|病|临床|康复");

    private Sensitivity() {}

    public static boolean isHealth(WorkMetadata metadata) {
        return metadata.topics().stream()
                .anyMatch(t -> HEALTH.matcher(t.toLowerCase(Locale.ROOT)).find());
    }

    /** Approvals needed from the metadata alone. */
    public static int requiredApprovals(WorkMetadata metadata) {
        return metadata.emergency() || isHealth(metadata) ? 2 : 1;
    }

    /** Approvals needed from the metadata and the sensitive terms found in the text. */
    public static int requiredApprovals(WorkMetadata metadata, List<String> textTerms) {
        return readsAsSensitive(textTerms) ? 2 : requiredApprovals(metadata);
    }

    public static boolean readsAsSensitive(List<String> textTerms) {
        return textTerms.size() >= MIN_TERMS;
    }

    /**
     * The distinct health, medical and emergency terms in the text, in order of first use, at most
     * {@link #MAX_KEPT}. Longer terms are tried first and a match consumes its characters, so 传染病 counts
     * once, not also as a shorter term inside it.
     */
    public static List<String> sensitiveTerms(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = Cues.PATTERN.matcher(text == null ? "" : text);
        while (m.find() && found.size() < MAX_KEPT) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    found.add(Cues.TERMS.get(g - 1));
                    break;
                }
            }
        }
        return List.copyOf(found);
    }

    /** The shipped term list, loaded on first use. */
    private static final class Cues {

        static final List<String> TERMS = load("sensitive-terms.txt");
        static final Pattern PATTERN = compile(TERMS);

        private static List<String> load(String name) {
            try (InputStream in = Sensitivity.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource org/kepu/review/assign/" + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .map(l -> l.toLowerCase(Locale.ROOT))
                        .distinct()
                        .sorted(Comparator.comparingInt(String::length).reversed())
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + name, e);
            }
        }

        /**
         * One group per term, longest first; Latin terms only as whole words, optionally plural (a Chinese
         * character next to one is a boundary, as in 进行CPR急救).
         */
        private static Pattern compile(List<String> terms) {
            StringBuilder sb = new StringBuilder();
            for (String term : terms) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                boolean latin = term.chars().allMatch(c -> c < 0x80);
                sb.append(latin ? "(?<![a-z0-9])(" : "(")
                        .append(Pattern.quote(term))
                        .append(latin ? ")(?:e?s)?(?![a-z0-9])" : ")");
            }
            return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }
}
