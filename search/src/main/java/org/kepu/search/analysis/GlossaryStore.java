package org.kepu.search.analysis;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.PreconditionFailedException;

/**
 * The glossary terms admins add at run time, kept in the object store ({@code search/glossary.txt}, one
 * term a line) so that every instance analyses text with the same terms. Writes go by compare-and-set,
 * so two admins adding at once on two instances both keep their terms; each instance reads the object
 * again on {@link #refresh()} (polled) and puts the terms it lacks in force, which reindexes the works
 * that contain them. Blocking.
 */
public final class GlossaryStore {

    static final String KEY = "search/glossary.txt";
    private static final String TEXT = "text/plain;charset=UTF-8";
    private static final int ATTEMPTS = 5;

    private final ObjectStore store;
    private final Glossary glossary;

    public GlossaryStore(ObjectStore store, Glossary glossary) {
        this.store = store;
        this.glossary = glossary;
    }

    /** Reads the stored terms and puts those this instance lacks in force; returns those. */
    public Set<String> refresh() {
        Set<String> stored = store.read(KEY).map(blob -> parse(blob.content())).orElse(Set.of());
        return stored.isEmpty() ? Set.of() : glossary.add(stored);
    }

    /** Stores the terms for every instance and puts them in force here; returns those new to this instance. */
    public Set<String> add(Collection<String> terms) {
        Set<String> normal = new LinkedHashSet<>();
        for (String term : terms) {
            String n = Glossary.normalizeTerm(term);
            if (n.length() > 1) {
                normal.add(n);
            }
        }
        if (normal.isEmpty()) {
            return Set.of();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ObjectStore.Blob> blob = store.read(KEY);
            Set<String> next =
                    new LinkedHashSet<>(blob.map(b -> parse(b.content())).orElse(Set.of()));
            if (!next.addAll(normal)) {
                return glossary.add(normal);
            }
            byte[] content = (String.join("\n", next) + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                if (blob.isPresent()) {
                    store.putIfMatch(KEY, content, TEXT, blob.get().etag());
                } else {
                    store.putIfAbsent(KEY, content, TEXT);
                }
                return glossary.add(normal);
            } catch (PreconditionFailedException e) {
                // another instance wrote in between: read its terms and add to those
            }
        }
        throw new IllegalStateException("the glossary kept changing under this write; try again");
    }

    private static Set<String> parse(byte[] content) {
        Set<String> terms = new LinkedHashSet<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                terms.add(line.strip());
            }
        }
        return terms;
    }
}
