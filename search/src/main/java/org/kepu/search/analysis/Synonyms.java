package org.kepu.search.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The synonym list searches expand with: the shipped {@code synonyms.txt} beside this class plus the rules
 * admins added at run time (kept by the caller, e.g. in the object store, and handed in with
 * {@link #replaceAdded}). Each change makes a new immutable {@link Snapshot}; queries read the newest one.
 * Words are kept in the character-folded form ({@link TextNormalizer}); the query planner matches them
 * against analysed query words.
 */
public final class Synonyms {

    static final String SHIPPED = "synonyms.txt";

    /** Longest word of a rule, in characters: keeps the lists of a search box, not sentences. */
    public static final int MAX_WORD = 20;

    private final List<Rule> shipped;
    private volatile Snapshot snapshot;

    private Synonyms(List<Rule> shipped) {
        this.shipped = List.copyOf(shipped);
        this.snapshot = new Snapshot(this.shipped, List.of(), 0);
    }

    public static Synonyms shipped() {
        return new Synonyms(loadShipped());
    }

    /** Only the given rules: for tests that need a list of their own. */
    public static Synonyms of(List<Rule> rules) {
        return new Synonyms(rules);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Makes {@code added} the run-time rules, replacing those before; the shipped ones stay. */
    public synchronized void replaceAdded(List<Rule> added) {
        Snapshot current = snapshot;
        if (!current.added.equals(added)) {
            snapshot = new Snapshot(shipped, List.copyOf(added), current.version + 1);
        }
    }

    /**
     * One line of the list: {@code words} that a search for any of {@code from} also looks for. For
     * {@code a,b,c} every word is in both lists; for {@code a => b,c} only {@code a} is in {@code from}.
     */
    public record Rule(List<String> from, List<String> to) {
        public Rule {
            from = normalized(from);
            to = normalized(to);
            if (from.isEmpty() || to.isEmpty()) {
                throw new IllegalArgumentException("a synonym rule needs words on both sides");
            }
        }

        /** {@code a,b,c}: each word finds the others. */
        public static Rule equivalent(List<String> words) {
            return new Rule(words, words);
        }

        /** Parses one line of the list: {@code a,b,c} or {@code a => b,c} (also with {@code ，}). */
        public static Rule parse(String line) {
            int arrow = line.indexOf("=>");
            if (arrow >= 0) {
                return new Rule(split(line.substring(0, arrow)), split(line.substring(arrow + 2)));
            }
            List<String> words = split(line);
            if (words.size() < 2) {
                throw new IllegalArgumentException("a synonym line names at least two words: " + line);
            }
            return equivalent(words);
        }

        /** The line this rule reads as in the list. */
        public String line() {
            return from.equals(to) ? String.join(",", from) : String.join(",", from) + " => " + String.join(",", to);
        }

        private static List<String> split(String words) {
            List<String> list = new ArrayList<>();
            for (String word : words.split("[,，]")) {
                if (!word.isBlank()) {
                    list.add(word);
                }
            }
            return list;
        }

        private static List<String> normalized(List<String> words) {
            Set<String> set = new LinkedHashSet<>();
            for (String word : words) {
                String normal = TextNormalizer.normalize(word.strip()).replaceAll("\\s+", "");
                if (normal.isEmpty() || normal.length() > MAX_WORD) {
                    throw new IllegalArgumentException("a synonym is 1 to " + MAX_WORD + " characters: " + word);
                }
                set.add(normal);
            }
            return List.copyOf(set);
        }
    }

    /** The rules in force, and for each word the others a search for it also looks for. */
    public static final class Snapshot {
        private final List<Rule> shipped;
        private final List<Rule> added;
        private final long version;
        private final Map<String, Set<String>> expansions;

        Snapshot(List<Rule> shipped, List<Rule> added, long version) {
            this.shipped = shipped;
            this.added = added;
            this.version = version;
            Map<String, Set<String>> map = new HashMap<>();
            for (List<Rule> rules : List.of(shipped, added)) {
                for (Rule rule : rules) {
                    for (String from : rule.from()) {
                        for (String to : rule.to()) {
                            if (!to.equals(from)) {
                                map.computeIfAbsent(from, k -> new LinkedHashSet<>())
                                        .add(to);
                            }
                        }
                    }
                }
            }
            map.replaceAll((k, v) -> Set.copyOf(v));
            this.expansions = Map.copyOf(map);
        }

        public long version() {
            return version;
        }

        public List<Rule> added() {
            return added;
        }

        public int size() {
            return shipped.size() + added.size();
        }

        /** The words (folded) that sit on the left of some rule. */
        public Set<String> words() {
            return expansions.keySet();
        }

        /** What a search for {@code word} (folded) also looks for; empty when it has no synonyms. */
        public Set<String> of(String word) {
            return expansions.getOrDefault(word, Set.of());
        }
    }

    private static List<Rule> loadShipped() {
        List<Rule> rules = new ArrayList<>();
        try (InputStream in = Synonyms.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("missing analysis resource " + SHIPPED);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                try {
                    rules.add(Rule.parse(line));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(SHIPPED + " line " + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SHIPPED, e);
        }
        return rules;
    }
}
