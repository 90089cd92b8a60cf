package org.kepu.review.checks;

import java.io.InputStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * The corpus of known rumours: the starter corpus shipped as {@code rumours.json} plus whatever an
 * admin adds at run time. Thread-safe; adding a rumour with an existing id replaces it.
 */
public final class KnownRumours {

    record File(String version, List<KnownRumour> rumours) {}

    private final Map<String, KnownRumour> byId = new ConcurrentHashMap<>();

    private KnownRumours() {}

    public static KnownRumours empty() {
        return new KnownRumours();
    }

    /** A new corpus holding the starter rumours; each call returns an independent corpus. */
    public static KnownRumours builtIn() {
        KnownRumours corpus = new KnownRumours();
        corpus.addAll(StarterCorpus.RUMOURS);
        return corpus;
    }

    private static final class StarterCorpus {
        static final List<KnownRumour> RUMOURS = load();

        private static List<KnownRumour> load() {
            File file = Resources.json("rumours.json", new TypeReference<File>() {});
            if (file.rumours() == null || file.rumours().isEmpty()) {
                throw new IllegalStateException("rumours.json holds no rumours");
            }
            return List.copyOf(file.rumours());
        }
    }

    public void add(KnownRumour rumour) {
        byId.put(rumour.id(), rumour);
    }

    public void addAll(Collection<KnownRumour> rumours) {
        rumours.forEach(this::add);
    }

    /**
     * Imports a JSON array of {@code {id, claim, debunk, source}} objects (the stream is not closed).
     * Nothing is added when any entry is invalid.
     *
     * @return how many rumours were read
     */
    public int importJson(InputStream json) {
        List<KnownRumour> list;
        try {
            list = Resources.JSON.readValue(json, new TypeReference<List<KnownRumour>>() {});
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON list of rumours: " + e.getOriginalMessage(), e);
        }
        addAll(list);
        return list.size();
    }

    public boolean remove(String id) {
        return byId.remove(id) != null;
    }

    /** A snapshot, sorted by id. */
    public List<KnownRumour> entries() {
        return byId.values().stream()
                .sorted(Comparator.comparing(KnownRumour::id))
                .toList();
    }

    public int size() {
        return byId.size();
    }
}
