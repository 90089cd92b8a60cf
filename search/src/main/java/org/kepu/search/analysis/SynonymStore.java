package org.kepu.search.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.PreconditionFailedException;

/**
 * The synonym rules admins add at run time, kept in the object store ({@code search/synonyms.txt}, one
 * rule a line as in the shipped list) so that every instance searches with the same list. Writes go by
 * compare-and-set, so two admins adding at once on two instances both keep their rules; each instance
 * reads the object again on {@link #refresh()} (polled) and after its own writes. Blocking.
 */
public final class SynonymStore {

    static final String KEY = "search/synonyms.txt";
    private static final String TEXT = "text/plain;charset=UTF-8";
    private static final int ATTEMPTS = 5;

    /** The most rules admins may add: the list is read on every query and kept whole in memory. */
    public static final int MAX_RULES = 5000;

    private final ObjectStore store;
    private final Synonyms synonyms;

    public SynonymStore(ObjectStore store, Synonyms synonyms) {
        this.store = store;
        this.synonyms = synonyms;
    }

    /** Reads the stored rules and puts them in force. */
    public List<Synonyms.Rule> refresh() {
        List<Synonyms.Rule> rules = read().map(blob -> parse(blob.content())).orElse(List.of());
        synonyms.replaceAdded(rules);
        return rules;
    }

    /** Adds rules not stored yet (the same line twice is kept once); returns the rules now stored. */
    public List<Synonyms.Rule> add(List<Synonyms.Rule> added) {
        return update(current -> distinct(current, added));
    }

    /** Replaces every added rule with {@code rules}: how an admin corrects or removes one. */
    public List<Synonyms.Rule> replace(List<Synonyms.Rule> rules) {
        List<Synonyms.Rule> next = distinct(List.of(), rules);
        return update(current -> next);
    }

    private static List<Synonyms.Rule> distinct(List<Synonyms.Rule> first, List<Synonyms.Rule> then) {
        Map<String, Synonyms.Rule> merged = new LinkedHashMap<>();
        first.forEach(rule -> merged.putIfAbsent(rule.line(), rule));
        then.forEach(rule -> merged.putIfAbsent(rule.line(), rule));
        return List.copyOf(merged.values());
    }

    private List<Synonyms.Rule> update(UnaryOperator<List<Synonyms.Rule>> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ObjectStore.Blob> blob = read();
            List<Synonyms.Rule> next =
                    change.apply(blob.map(b -> parse(b.content())).orElse(List.of()));
            if (next.size() > MAX_RULES) {
                throw new IllegalArgumentException("the synonym list holds at most " + MAX_RULES + " added rules");
            }
            byte[] content = serialise(next);
            try {
                if (blob.isPresent()) {
                    store.putIfMatch(KEY, content, TEXT, blob.get().etag());
                } else {
                    store.putIfAbsent(KEY, content, TEXT);
                }
                synonyms.replaceAdded(next);
                return next;
            } catch (PreconditionFailedException e) {
                // another instance wrote in between: read its list and apply the change to that
            }
        }
        throw new IllegalStateException("the synonym list kept changing under this write; try again");
    }

    private Optional<ObjectStore.Blob> read() {
        return store.read(KEY);
    }

    private static List<Synonyms.Rule> parse(byte[] content) {
        List<Synonyms.Rule> rules = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rules.add(Synonyms.Rule.parse(line));
            }
        }
        return rules;
    }

    private static byte[] serialise(List<Synonyms.Rule> rules) {
        StringBuilder out = new StringBuilder();
        rules.forEach(rule -> out.append(rule.line()).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
