package org.kepu.review.checks;

import java.util.List;
import java.util.Objects;

/**
 * A well-known quantity with its accepted range in canonical units.
 *
 * @param aliases how texts name the quantity (rule-pack term syntax)
 * @param requires when non-empty, one of these must occur in the sentence (人体 for 206 块骨)
 * @param excludes a sentence holding one of these talks about another quantity (水中的光速)
 * @param units name of a unit set of the table
 * @param min lowest accepted value in canonical units
 * @param max highest accepted value in canonical units
 * @param display the accepted value as a creator should write it
 * @param source title of the authority, standard or guideline behind the accepted value
 * @param sourceUrl a link to that source (its page, or the authority's top page), or null when there is none
 */
public record ReferenceValue(
        String id,
        String name,
        List<String> aliases,
        List<String> requires,
        List<String> excludes,
        String units,
        double min,
        double max,
        String display,
        String source,
        String sourceUrl) {

    /** A quantity without a link to its source. */
    public ReferenceValue(
            String id,
            String name,
            List<String> aliases,
            List<String> requires,
            List<String> excludes,
            String units,
            double min,
            double max,
            String display,
            String source) {
        this(id, name, aliases, requires, excludes, units, min, max, display, source, null);
    }

    public ReferenceValue {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name of " + id);
        Objects.requireNonNull(units, "units of " + id);
        Objects.requireNonNull(display, "display of " + id);
        Objects.requireNonNull(source, "source of " + id);
        if (aliases == null || aliases.isEmpty()) {
            throw new IllegalArgumentException(id + " has no aliases");
        }
        if (min > max) {
            throw new IllegalArgumentException(id + ": min > max");
        }
        aliases = List.copyOf(aliases);
        requires = requires == null ? List.of() : List.copyOf(requires);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        sourceUrl = sourceUrl == null || sourceUrl.isBlank() ? null : sourceUrl;
        if (sourceUrl != null && !sourceUrl.startsWith("https://") && !sourceUrl.startsWith("http://")) {
            throw new IllegalArgumentException(id + ": source link is not a web address: " + sourceUrl);
        }
    }

    public String rule() {
        return "value." + id;
    }
}
