package org.kepu.search.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The science glossary: terms the analyzer keeps whole on top of smartcn. The shipped list
 * ({@code glossary.txt} beside this class) can be extended at run time; added terms are appended to an
 * optional file so that they survive a restart. Every change makes a new immutable {@link Snapshot};
 * token streams pick up the newest one when they are reset, so no restart is needed. Listeners learn
 * which terms were added, so that the works containing them can be reindexed.
 */
public final class Glossary {

    static final String SHIPPED = "glossary.txt";

    private final Optional<Path> extraFile;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot;

    private Glossary(Optional<Path> extraFile) {
        this.extraFile = extraFile;
    }

    /** The shipped glossary only; additions live in memory. */
    public static Glossary shipped() {
        return new Glossary(Optional.empty());
    }

    /** The shipped glossary plus the terms in {@code extraFile} (UTF-8, one per line), where additions go. */
    public static Glossary withExtraFile(Path extraFile) {
        return new Glossary(Optional.of(extraFile));
    }

    /** Told about added terms (already normalised) after the new snapshot is in force. */
    @FunctionalInterface
    public interface Listener {
        void termsAdded(Set<String> added, long version);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The snapshot in force, loaded on first use. */
    public Snapshot snapshot() {
        Snapshot current = snapshot;
        if (current == null) {
            synchronized (this) {
                current = snapshot;
                if (current == null) {
                    current = load(0);
                    snapshot = current;
                }
            }
        }
        return current;
    }

    /** Adds terms (persisting them when there is an extra file) and returns those that were new. */
    public Set<String> add(Collection<String> terms) {
        Set<String> added = new LinkedHashSet<>();
        Snapshot next;
        synchronized (this) {
            Snapshot current = snapshot();
            for (String term : terms) {
                String normal = normalizeTerm(term);
                if (normal.length() > 1 && !current.contains(normal)) {
                    added.add(normal);
                }
            }
            if (added.isEmpty()) {
                return Set.of();
            }
            extraFile.ifPresent(file -> append(file, added));
            Set<String> all = new HashSet<>(current.terms);
            all.addAll(added);
            next = new Snapshot(all, current.version + 1);
            snapshot = next;
        }
        notifyListeners(added, next.version);
        return Set.copyOf(added);
    }

    /** Reads the shipped list and the extra file again, e.g. after the file was edited by hand. */
    public Snapshot reload() {
        Snapshot next;
        Set<String> added = new LinkedHashSet<>();
        synchronized (this) {
            Snapshot current = snapshot();
            next = load(current.version + 1);
            next.terms.stream().filter(t -> !current.contains(t)).forEach(added::add);
            snapshot = next;
        }
        if (!added.isEmpty()) {
            notifyListeners(added, next.version);
        }
        return next;
    }

    /** A term as the analyzer sees it: folded, simplified, lowercased, without whitespace. */
    static String normalizeTerm(String term) {
        return TextNormalizer.normalize(term.strip()).replaceAll("\\s+", "");
    }

    private void notifyListeners(Set<String> added, long version) {
        Set<String> copy = Set.copyOf(added);
        for (Listener listener : listeners) {
            listener.termsAdded(copy, version);
        }
    }

    private Snapshot load(long version) {
        Set<String> terms = new HashSet<>();
        try (InputStream in = Glossary.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("missing analysis resource " + SHIPPED);
            }
            readTerms(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), terms);
            if (extraFile.isPresent() && Files.exists(extraFile.get())) {
                try (BufferedReader reader = Files.newBufferedReader(extraFile.get(), StandardCharsets.UTF_8)) {
                    readTerms(reader, terms);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the glossary", e);
        }
        return new Snapshot(terms, version);
    }

    private static void readTerms(BufferedReader reader, Set<String> into) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String term = normalizeTerm(line);
            if (term.length() > 1) {
                into.add(term);
            }
        }
    }

    private static void append(Path file, Set<String> terms) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(
                    file,
                    List.copyOf(terms),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist glossary terms to " + file, e);
        }
    }

    /** An immutable version of the glossary with the prefix set that lets matching stop early. */
    public static final class Snapshot {
        private final Set<String> terms;
        private final Set<String> prefixes;
        private final long version;
        private final int maxLength;

        Snapshot(Set<String> terms, long version) {
            this.terms = Set.copyOf(terms);
            this.version = version;
            Set<String> p = new HashSet<>();
            int max = 0;
            for (String term : terms) {
                max = Math.max(max, term.length());
                for (int i = 1; i < term.length(); i++) {
                    p.add(term.substring(0, i));
                }
            }
            this.prefixes = Set.copyOf(p);
            this.maxLength = max;
        }

        public long version() {
            return version;
        }

        public int size() {
            return terms.size();
        }

        public boolean contains(String term) {
            return terms.contains(term);
        }

        /** Whether some term is longer than {@code token} and starts with it. */
        boolean startsLongerTerm(CharSequence token) {
            return prefixes.contains(token.toString());
        }

        int maxLength() {
            return maxLength;
        }

        /** Lengths of the terms that start {@code text} and are at least {@code minLength} long, longest first. */
        List<Integer> matches(CharSequence text, int minLength) {
            List<Integer> found = new ArrayList<>(2);
            int limit = Math.min(maxLength, text.length());
            for (int len = 1; len <= limit; len++) {
                String candidate = text.subSequence(0, len).toString();
                if (len >= minLength && terms.contains(candidate)) {
                    found.add(0, len);
                }
                if (!prefixes.contains(candidate)) {
                    break;
                }
            }
            return found;
        }
    }
}
