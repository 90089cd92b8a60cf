package org.kepu.review.checks;

import java.util.List;
import java.util.Objects;

/**
 * One myth family of the rule pack.
 *
 * <p>A sentence matches when one of {@code phrasings} occurs, or when a subject term and a claimed-effect
 * term occur in the same sentence. Terms are literal text where {@code *} stands for a short gap within
 * a clause, {@code (a|b)} for alternatives and {@code ?} for an optional part. {@code names} name a practice or theory (顺势疗法, 地平说):
 * naming it alone is reported at most, unless the sentence also endorses it. A sentence holding one of
 * {@code excludes} is not a match (手机辐射被列为2B类 states a classification, not the myth).
 *
 * @param id rule id, {@code myth.<family>.<name>}
 * @param name the claim in a few words, quoted in messages
 */
public record MythRule(
        String id,
        String family,
        String name,
        List<String> subjects,
        List<String> effects,
        List<String> phrasings,
        List<String> names,
        List<String> excludes,
        String fact,
        String source) {

    public MythRule {
        Objects.requireNonNull(id, "id");
        if (!id.startsWith("myth.")) {
            throw new IllegalArgumentException("myth rule ids start with myth.: " + id);
        }
        Objects.requireNonNull(name, "name of " + id);
        Objects.requireNonNull(fact, "fact of " + id);
        Objects.requireNonNull(source, "source of " + id);
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        effects = effects == null ? List.of() : List.copyOf(effects);
        phrasings = phrasings == null ? List.of() : List.copyOf(phrasings);
        names = names == null ? List.of() : List.copyOf(names);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        if (phrasings.isEmpty() && names.isEmpty() && (subjects.isEmpty() || effects.isEmpty())) {
            throw new IllegalArgumentException(id + " needs phrasings, names or both subjects and effects");
        }
    }
}
