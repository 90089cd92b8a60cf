package org.kepu.review.knowledge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the screening knows, one item at a time: a myth family, a known rumour with its refutation, or a
 * reference value. Reviewers grow and correct these while kepu runs; every change is appended to
 * {@code history}, which is kept with the entry and never rewritten, and retiring an entry keeps it (and
 * its history) but takes it out of force.
 *
 * @param id the rule id findings carry: {@code myth.<family>.<name>}, {@code rumour.<slug>} or
 *     {@code value.<slug>}
 * @param revision 1 when created, one more with each change; what {@code If-Match} names
 */
public record KnowledgeEntry(
        String id,
        Kind kind,
        String discipline,
        Source source,
        Myth myth,
        Rumour rumour,
        Value value,
        boolean retired,
        int revision,
        List<Change> history) {

    public enum Kind {
        MYTH,
        RUMOUR,
        VALUE
    }

    /** Who says so: the title findings name and, when there is one, a link the creator can follow. */
    public record Source(String title, String url) {}

    /** A myth family; terms in the syntax of the shipped rule pack ({@code *}, {@code (a|b)}, {@code @set}). */
    public record Myth(
            String name,
            List<String> subjects,
            List<String> effects,
            List<String> phrasings,
            List<String> names,
            List<String> excludes,
            String fact,
            Direction direction) {

        /** What the family claims beyond its effect classes: a promised benefit or a feared harm. */
        public enum Direction {
            BENEFIT,
            HARM
        }

        public Myth {
            subjects = copy(subjects);
            effects = copy(effects);
            phrasings = copy(phrasings);
            names = copy(names);
            excludes = copy(excludes);
        }
    }

    /** A circulating claim and what is actually true. */
    public record Rumour(String claim, String refutation) {}

    /** A quantity: how texts name it, its unit set and accepted range in canonical units. */
    public record Value(
            String name,
            List<String> aliases,
            List<String> requires,
            List<String> excludes,
            String units,
            Double min,
            Double max,
            String display) {

        public Value {
            aliases = copy(aliases);
            requires = copy(requires);
            excludes = copy(excludes);
        }
    }

    /**
     * One change: who, when, what they did ({@code seed}, {@code create}, {@code update}, {@code retire})
     * and which parts it changed.
     */
    public record Change(int revision, String actor, Instant at, String action, List<String> changed) {
        public Change {
            changed = copy(changed);
        }
    }

    /** What a writer supplies: everything of an entry but its id, revision and history. */
    public record Draft(Kind kind, String discipline, Source source, Myth myth, Rumour rumour, Value value) {}

    public KnowledgeEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind of " + id);
        history = copy(history);
    }

    public Draft draft() {
        return new Draft(kind, discipline, source, myth, rumour, value);
    }

    /** The words a search over entries looks in. */
    String searchable() {
        StringBuilder out = new StringBuilder(id).append(' ');
        if (source != null) {
            out.append(source.title()).append(' ');
        }
        if (myth != null) {
            out.append(myth.name()).append(' ').append(myth.fact()).append(' ');
            myth.phrasings().forEach(p -> out.append(p).append(' '));
        }
        if (rumour != null) {
            out.append(rumour.claim()).append(' ').append(rumour.refutation()).append(' ');
        }
        if (value != null) {
            out.append(value.name()).append(' ').append(value.display()).append(' ');
        }
        return out.toString();
    }

    /** The entry with a new draft, one revision on, the change recorded. */
    KnowledgeEntry revised(Draft next, String actor, Instant at) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(discipline, next.discipline())) {
            changed.add("discipline");
        }
        if (!Objects.equals(source, next.source())) {
            changed.add("source");
        }
        if (!Objects.equals(myth, next.myth())) {
            changed.add("myth");
        }
        if (!Objects.equals(rumour, next.rumour())) {
            changed.add("rumour");
        }
        if (!Objects.equals(value, next.value())) {
            changed.add("value");
        }
        return appended(next, retired, "update", changed, actor, at);
    }

    KnowledgeEntry retiredBy(String actor, Instant at) {
        return appended(draft(), true, "retire", List.of("retired"), actor, at);
    }

    private KnowledgeEntry appended(
            Draft next, boolean nowRetired, String action, List<String> changed, String actor, Instant at) {
        List<Change> longer = new ArrayList<>(history);
        longer.add(new Change(revision + 1, actor, at, action, changed));
        return new KnowledgeEntry(
                id,
                kind,
                next.discipline(),
                next.source(),
                next.myth(),
                next.rumour(),
                next.value(),
                nowRetired,
                revision + 1,
                longer);
    }

    static KnowledgeEntry created(String id, Draft draft, String action, String actor, Instant at) {
        return new KnowledgeEntry(
                id,
                draft.kind(),
                draft.discipline(),
                draft.source(),
                draft.myth(),
                draft.rumour(),
                draft.value(),
                false,
                1,
                List.of(new Change(1, actor, at, action, List.of())));
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
