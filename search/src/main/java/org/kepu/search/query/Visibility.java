package org.kepu.search.query;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the caller may see, decided by the caller: a work is visible when any grant admits it; a grant
 * admits a work when every one of its fields has one of the allowed values. A creator:
 * {@code anyOf(Grant.of(OWNER_ID, "alice"), Grant.of(STATUS, "PUBLISHED"))}; an outlet:
 * {@code anyOf(Grant.of(STATUS, "PUBLISHED").and(CHANNELS, "kids", "health"))}.
 */
public final class Visibility {

    private static final Visibility EVERYTHING = new Visibility(List.of(), true);

    private final List<Grant> grants;
    private final boolean everything;

    private Visibility(List<Grant> grants, boolean everything) {
        this.grants = List.copyOf(grants);
        this.everything = everything;
    }

    /** For editors and admins, and internal callers such as duplicate detection. */
    public static Visibility everything() {
        return EVERYTHING;
    }

    /** Visible when any grant admits the work; no grants means nothing is visible. */
    public static Visibility anyOf(Grant... grants) {
        return new Visibility(Arrays.asList(grants), false);
    }

    public boolean isEverything() {
        return everything;
    }

    public List<Grant> grants() {
        return grants;
    }

    /** The fields a visibility rule may test. */
    public enum Field {
        OWNER_ID("ownerId"),
        STATUS("status"),
        CHANNELS("channels");

        private final String indexField;

        Field(String indexField) {
            this.indexField = indexField;
        }

        public String indexField() {
            return indexField;
        }
    }

    /**
     * A conjunction of field conditions: each field has one of its allowed values and none of its excluded
     * ones. A grant of exclusions only admits every work but those.
     */
    public record Grant(Map<Field, Set<String>> conditions, Map<Field, Set<String>> excluded) {

        public Grant {
            if (conditions.isEmpty() && excluded.isEmpty()) {
                throw new IllegalArgumentException("a grant needs at least one condition");
            }
            conditions = Map.copyOf(conditions);
            excluded = Map.copyOf(excluded);
        }

        public Grant(Map<Field, Set<String>> conditions) {
            this(conditions, Map.of());
        }

        public static Grant of(Field field, String... allowed) {
            return new Grant(Map.of(field, Set.of(allowed)));
        }

        /** Every work whose field has none of these values. */
        public static Grant excluding(Field field, Set<String> values) {
            return new Grant(Map.of(), Map.of(field, Set.copyOf(values)));
        }

        public Grant and(Field field, String... allowed) {
            Map<Field, Set<String>> map = new EnumMap<>(Field.class);
            map.putAll(conditions);
            map.put(field, Set.of(allowed));
            return new Grant(map, excluded);
        }
    }
}
