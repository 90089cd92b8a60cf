package org.kepu.review.knowledge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.kepu.review.checks.KnownRumour;
import org.kepu.review.checks.KnownRumours;
import org.kepu.review.checks.MythRule;
import org.kepu.review.checks.MythRulePack;
import org.kepu.review.checks.ReferenceValue;
import org.kepu.review.checks.ReferenceValues;
import org.kepu.review.checks.Screening;

/**
 * The entries in force and the rules built from them, for a running {@link Screening} to read: the myth
 * pack and value table are swapped whole (each screening reads the ones in force when it starts), the
 * rumour corpus is the one object the claim matchers hold and is brought up to date entry by entry.
 * Thread-safe.
 */
public final class KnowledgeBase {

    /** Everything built from one list of entries, swapped as one. */
    private record InForce(
            List<KnowledgeEntry> entries,
            MythRulePack myths,
            ReferenceValues values,
            Map<String, Screening.Citation> citations) {}

    private final AtomicReference<InForce> current = new AtomicReference<>();
    private final KnownRumours rumours = KnownRumours.empty();
    /** Entries put in force at the first read, unless {@link #apply} came first; null once either happened. */
    private volatile Supplier<List<KnowledgeEntry>> initial;

    public KnowledgeBase(List<KnowledgeEntry> entries) {
        apply(entries);
    }

    private KnowledgeBase(Supplier<List<KnowledgeEntry>> initial) {
        this.initial = initial;
    }

    /**
     * A base holding what kepu ships, until the stored entries are read. The shipped rules are built at
     * the first read rather than here: a running kepu reads its stored entries moments after it starts,
     * which replaces them, so building them while it starts would mostly be wasted start-up time.
     */
    public static KnowledgeBase shipped() {
        return new KnowledgeBase(() -> ShippedKnowledge.entries(java.time.Instant.EPOCH));
    }

    /**
     * Puts these entries in force (retired ones are kept for reading but take no part in screening).
     *
     * @throws IllegalStateException or {@link IllegalArgumentException} when they cannot be built; what
     *     was in force stays
     */
    public synchronized void apply(List<KnowledgeEntry> entries) {
        InForce next = build(entries);
        current.set(next);
        initial = null;
        Map<String, KnownRumour> wanted = new HashMap<>();
        for (KnowledgeEntry e : next.entries()) {
            if (!e.retired() && e.kind() == KnowledgeEntry.Kind.RUMOUR) {
                KnownRumour r = KnowledgeRules.rumour(e.id(), e.draft());
                wanted.put(r.id(), r);
            }
        }
        // Added or replaced before the stale ones go, so a rumour being edited is never missing meanwhile.
        wanted.values().forEach(rumours::add);
        Set<String> stale = rumours.entries().stream()
                .map(KnownRumour::id)
                .filter(id -> !wanted.containsKey(id))
                .collect(Collectors.toSet());
        stale.forEach(rumours::remove);
    }

    /** Builds the rules of a list of entries without putting them in force: the check before a write. */
    static void verify(List<KnowledgeEntry> entries) {
        build(entries);
    }

    private static InForce build(List<KnowledgeEntry> entries) {
        List<MythRule> myths = new ArrayList<>();
        List<KnowledgeEntry> mythEntries = new ArrayList<>();
        List<ReferenceValue> values = new ArrayList<>();
        Map<String, Screening.Citation> citations = new HashMap<>();
        for (KnowledgeEntry e : entries) {
            if (e.retired()) {
                continue;
            }
            switch (e.kind()) {
                case MYTH -> {
                    myths.add(KnowledgeRules.myth(e.id(), e.draft()));
                    mythEntries.add(e);
                }
                case RUMOUR -> KnowledgeRules.rumour(e.id(), e.draft());
                case VALUE -> values.add(KnowledgeRules.value(e.id(), e.draft()));
            }
            citations.put(
                    e.id(),
                    new Screening.Citation(
                            e.id(), e.source().title(), e.source().url()));
        }
        return new InForce(
                List.copyOf(entries),
                MythRulePack.of("knowledge", myths, KnowledgeRules.directions(mythEntries)),
                ReferenceValues.of("knowledge", values),
                Map.copyOf(citations));
    }

    public List<KnowledgeEntry> entries() {
        return inForce().entries();
    }

    public MythRulePack myths() {
        return inForce().myths();
    }

    public ReferenceValues referenceValues() {
        return inForce().values();
    }

    /** The corpus the rumour check's matcher reads; kept current by {@link #apply}. */
    public KnownRumours rumours() {
        inForce();
        return rumours;
    }

    /** What a finding of {@code rule} cites: the entry of that id, or null. */
    public Screening.Citation citation(String rule) {
        return inForce().citations().get(rule);
    }

    private InForce inForce() {
        if (initial != null) {
            synchronized (this) {
                Supplier<List<KnowledgeEntry>> entries = initial;
                if (entries != null) {
                    apply(entries.get());
                }
            }
        }
        return current.get();
    }

    /**
     * Wires this base into a screening: its myths, values, rumour corpus and citations. The corpus is
     * handed over as it stands; every screening reads the myths in force first (its first check and the
     * semantic matching both do), which fills it if nothing was put in force yet.
     */
    public Screening.Builder into(Screening.Builder builder) {
        return builder.liveMyths(this::myths)
                .liveReferenceValues(this::referenceValues)
                .knownRumours(rumours)
                .citations(this::citation);
    }
}
