package org.kepu.review.knowledge;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.kepu.review.knowledge.KnowledgeEntry.Draft;
import org.kepu.review.knowledge.KnowledgeEntry.Kind;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The knowledge base in the object store: one object ({@code knowledge/entries.json}) holding every
 * entry with its history, so that every instance screens with the same entries. Writes go by
 * compare-and-set on the object's ETag and are retried on a race, so two reviewers changing different
 * entries on two instances both keep their change; a change to the same entry is decided by the entry's
 * revision ({@link KnowledgeException.Stale}). The first start seeds the shipped knowledge with
 * {@code If-None-Match: *}, so instances starting together seed once. Each instance reads the object
 * again on {@link #refresh()} (polled) and after its own writes. Blocking.
 */
public final class KnowledgeStore {

    static final String KEY = "knowledge/entries.json";
    private static final String TYPE = "application/json";
    private static final int ATTEMPTS = 8;

    /** The stored object. {@code format} is 1; a reader meeting a higher one knows the file is newer than it. */
    record StoredEntries(int format, List<KnowledgeEntry> entries) {
        StoredEntries {
            entries = entries == null ? List.of() : List.copyOf(entries);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final ObjectStore store;
    private final Clock clock;
    private final KnowledgeBase base;
    private final SecureRandom random = new SecureRandom();
    private volatile String appliedEtag;

    public KnowledgeStore(ObjectStore store, Clock clock, KnowledgeBase base) {
        this.store = store;
        this.clock = clock;
        this.base = base;
    }

    public KnowledgeBase base() {
        return base;
    }

    /** Writes the shipped knowledge unless the store holds entries already; true when this call wrote them. */
    public boolean seed() {
        if (store.stat(KEY).isPresent()) {
            return false;
        }
        byte[] content = JSON.writeValueAsBytes(new StoredEntries(1, ShippedKnowledge.entries(clock.instant())));
        try {
            store.putIfAbsent(KEY, content, TYPE);
            return true;
        } catch (PreconditionFailedException seededMeanwhile) {
            return false;
        }
    }

    /**
     * Reads the stored entries and puts them in force when they changed since the last read; true when
     * they did.
     */
    public boolean refresh() {
        Optional<ObjectStore.Blob> blob = store.read(KEY);
        if (blob.isEmpty() || blob.get().etag().equals(appliedEtag)) {
            return false;
        }
        base.apply(parse(blob.get().content()));
        appliedEtag = blob.get().etag();
        return true;
    }

    public KnowledgeEntry create(Draft draft, String actor) {
        String id = newId(draft);
        requireValid(id, draft);
        return write(entries -> {
            List<KnowledgeEntry> next = new ArrayList<>(entries);
            KnowledgeEntry made = KnowledgeEntry.created(id, draft, "create", actor, clock.instant());
            next.add(made);
            return new Change(next, made);
        });
    }

    /** Replaces the entry's content, if it is still at {@code revision}. The kind cannot change. */
    public KnowledgeEntry update(String id, int revision, Draft draft, String actor) {
        requireValid(id, draft);
        return write(entries -> {
            KnowledgeEntry old = current(entries, id, revision);
            if (old.kind() != draft.kind()) {
                throw new KnowledgeException.Invalid(List.of("kind: an entry stays " + old.kind()));
            }
            return replace(entries, old.revised(draft, actor, clock.instant()));
        });
    }

    /** Takes the entry out of force, if it is still at {@code revision}; it stays readable with its history. */
    public KnowledgeEntry retire(String id, int revision, String actor) {
        return write(entries -> {
            KnowledgeEntry old = current(entries, id, revision);
            if (old.retired()) {
                return new Change(entries, old);
            }
            return replace(entries, old.retiredBy(actor, clock.instant()));
        });
    }

    /** The entry as stored now (read again, not the copy in force). */
    public Optional<KnowledgeEntry> find(String id) {
        return stored().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /**
     * Entries in force on this instance matching every filter given (null for none): kind, discipline,
     * and words ({@code q}) in the id, claim, name, fact or source.
     */
    public List<KnowledgeEntry> list(Kind kind, String discipline, String q, boolean withRetired) {
        String needle = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        return base.entries().stream()
                .filter(e -> withRetired || !e.retired())
                .filter(e -> kind == null || e.kind() == kind)
                .filter(e -> discipline == null || discipline.equals(e.discipline()))
                .filter(e -> needle == null
                        || e.searchable().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
    }

    private static void requireValid(String id, Draft draft) {
        List<String> problems = KnowledgeRules.problems(id, draft);
        if (!problems.isEmpty()) {
            throw new KnowledgeException.Invalid(problems);
        }
    }

    private record Change(List<KnowledgeEntry> entries, KnowledgeEntry result) {}

    private static Change replace(List<KnowledgeEntry> entries, KnowledgeEntry changed) {
        List<KnowledgeEntry> next = new ArrayList<>(entries.size());
        for (KnowledgeEntry e : entries) {
            next.add(e.id().equals(changed.id()) ? changed : e);
        }
        return new Change(next, changed);
    }

    private static KnowledgeEntry current(List<KnowledgeEntry> entries, String id, int revision) {
        KnowledgeEntry old = entries.stream()
                .filter(e -> e.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new KnowledgeException.Unknown(id));
        if (old.revision() != revision) {
            throw new KnowledgeException.Stale(id, old.revision());
        }
        return old;
    }

    private KnowledgeEntry write(Function<List<KnowledgeEntry>, Change> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ObjectStore.Blob> blob = store.read(KEY);
            List<KnowledgeEntry> entries =
                    blob.map(b -> parse(b.content())).orElseGet(() -> ShippedKnowledge.entries(clock.instant()));
            Change next = change.apply(entries);
            if (next.entries() == entries) {
                return next.result();
            }
            // Built before it is written, so nothing stored ever fails to build on another instance.
            KnowledgeBase.verify(next.entries());
            byte[] content = JSON.writeValueAsBytes(new StoredEntries(1, next.entries()));
            try {
                if (blob.isPresent()) {
                    store.putIfMatch(KEY, content, TYPE, blob.get().etag());
                } else {
                    store.putIfAbsent(KEY, content, TYPE);
                }
            } catch (PreconditionFailedException raced) {
                continue;
            }
            refresh();
            return next.result();
        }
        throw new KnowledgeException.Busy();
    }

    private List<KnowledgeEntry> stored() {
        return store.read(KEY).map(b -> parse(b.content())).orElseGet(base::entries);
    }

    private static List<KnowledgeEntry> parse(byte[] content) {
        StoredEntries file = JSON.readValue(content, StoredEntries.class);
        return Objects.requireNonNullElse(file.entries(), List.of());
    }

    /** {@code rumour.kb_…}, {@code value.kb_…}, {@code myth.<discipline or kb>.kb_…}: never a shipped id. */
    private String newId(Draft draft) {
        byte[] bytes = new byte[5];
        random.nextBytes(bytes);
        String slug = "kb_" + HexFormat.of().formatHex(bytes);
        if (draft == null || draft.kind() == null) {
            return "entry." + slug;
        }
        return switch (draft.kind()) {
            case RUMOUR -> "rumour." + slug;
            case VALUE -> "value." + slug;
            case MYTH -> {
                String d = draft.discipline() == null
                        ? ""
                        : draft.discipline().strip().toLowerCase(Locale.ROOT);
                yield "myth." + (d.matches("[a-z0-9_]{1,32}") ? d : "kb") + "." + slug;
            }
        };
    }
}
