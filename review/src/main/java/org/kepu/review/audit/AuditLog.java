package org.kepu.review.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.Blob;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.kepu.ingestion.work.ChainHead;
import org.kepu.ingestion.work.ConcurrentChangeException;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.ingestion.work.PendingEvent;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tamper-evident trail of each work: {@code audit/{workId}/{seq}.json}, each event carrying the
 * SHA-256 of the one before. Events are written with {@code If-None-Match: *}, so two writers can never
 * both take the same sequence number and the chain cannot fork; the loser reads the new head and tries
 * again. Blocking.
 *
 * <p>Events come from the manifest ({@link Work#events}), where the change that records them put them
 * by its own compare-and-set. Copying them is idempotent: revision {@code r}'s events go right after
 * the head the manifest is anchored to, so whoever comes first (the writer, the next writer, a reader)
 * writes each, and the others find it there. Reads and {@link #verify} copy the manifest's events
 * first, so nobody sees a trail behind its work.
 */
public final class AuditLog implements WorkRepository.Journal {

    public static final String PREFIX = "audit/";
    private static final int MAX_ATTEMPTS = 64;
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final ObjectStore store;
    private final Clock clock;
    private final JsonMapper json = JsonObjects.MAPPER;
    private volatile Consumer<String> appended = workId -> {};

    public AuditLog(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Told the work's id whenever this instance added events to a trail, so that live streams wake. */
    public void onAppended(Consumer<String> listener) {
        this.appended = listener;
    }

    /** Appends an event that belongs to no manifest revision; only for trails of no work, as in tests. */
    AuditEvent append(String workId, String type, String actor, Integer version, Map<String, Object> data) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<ObjectInfo> existing = store.list(prefix(workId));
            Optional<ChainHead> head = headOf(existing);
            if (head.isEmpty()) {
                continue;
            }
            long seq = head.get().seq() + 1;
            AuditEvent event = new AuditEvent(
                    workId,
                    seq,
                    type,
                    actor,
                    clock.instant(),
                    version,
                    data,
                    head.get().sha256(),
                    null);
            try {
                store.putIfAbsent(key(workId, seq), json.writeValueAsBytes(event), "application/json");
                return event;
            } catch (PreconditionFailedException lost) {
                Thread.onSpinWait();
            }
        }
        throw new ConcurrentChangeException("the audit trail of work " + workId);
    }

    @Override
    public ChainHead head(String workId) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<ChainHead> head = headOf(store.list(prefix(workId)));
            if (head.isPresent()) {
                return head.get();
            }
        }
        throw new ConcurrentChangeException("the audit trail of work " + workId);
    }

    @Override
    public ChainHead flush(Work work) {
        if (work.events().isEmpty() && work.anchor() != null) {
            return work.anchor();
        }
        return copy(work, true).head();
    }

    /** The trail in order, with the events its work's manifest holds. */
    public List<AuditEvent> events(String workId) {
        return after(workId, 0);
    }

    /** Events with a sequence number above {@code seq}, in order, with the events the manifest holds. */
    public List<AuditEvent> after(String workId, long seq) {
        List<AuditEvent> out = new ArrayList<>();
        for (ObjectInfo info : flushed(workId)) {
            if (seqOf(info.key()) > seq) {
                store.read(info.key()).ifPresent(blob -> out.add(parse(blob.content())));
            }
        }
        return out;
    }

    /**
     * Re-reads the whole trail and checks every link and sequence number, then checks it against the
     * work's manifest: the event the manifest is anchored to must be the one it names, and the events
     * right after it must be those the manifest records. A trail rewritten with its digests recomputed
     * passes the first check but not the second.
     */
    public Verification verify(String workId) {
        Optional<Work> work;
        try {
            work = manifest(workId);
        } catch (RuntimeException e) {
            return Verification.broken(0, null, "the manifest of the work is not readable", null);
        }
        String notCopied = null;
        if (work.isPresent() && !work.get().events().isEmpty()) {
            try {
                copy(work.get(), false);
            } catch (RuntimeException e) {
                notCopied = e.getMessage();
            }
        }
        Anchor anchor = work.map(Anchor::of).orElse(null);
        List<AuditEvent> events = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        String previous = null;
        long expected = 1;
        for (ObjectInfo info : store.list(prefix(workId))) {
            Optional<Blob> blob = store.read(info.key());
            if (blob.isEmpty()) {
                return Verification.broken(expected - 1, previous, "event " + expected + " disappeared", anchor);
            }
            AuditEvent event;
            try {
                event = parse(blob.get().content());
            } catch (JacksonException e) {
                return Verification.broken(expected - 1, previous, "event " + expected + " is not readable", anchor);
            }
            if (seqOf(info.key()) != expected || event.seq() != expected || !workId.equals(event.workId())) {
                return Verification.broken(
                        expected - 1, previous, "event " + expected + " is missing or misplaced", anchor);
            }
            if (expected == 1 ? event.previous() != null : !previous.equals(event.previous())) {
                return Verification.broken(
                        expected - 1,
                        previous,
                        "event " + expected + " does not follow from the event before it",
                        anchor);
            }
            previous = sha256(blob.get().content());
            events.add(event);
            digests.add(previous);
            expected++;
        }
        if (work.isPresent() && work.get().anchor() != null) {
            String problem = againstManifest(work.get(), events, digests, notCopied);
            if (problem != null) {
                return Verification.broken(expected - 1, previous, problem, anchor);
            }
        }
        return new Verification(true, expected - 1, previous, null, anchor);
    }

    private String againstManifest(Work work, List<AuditEvent> events, List<String> digests, String notCopied) {
        ChainHead anchor = work.anchor();
        long revision = work.revision();
        if (anchor.seq() > events.size()) {
            return "the trail ends at event " + events.size() + " but revision " + revision
                    + " of the work follows event " + anchor.seq() + ": events were removed";
        }
        if (anchor.seq() > 0 && !digests.get((int) anchor.seq() - 1).equals(anchor.sha256())) {
            return "event " + anchor.seq() + " is not the event revision " + revision
                    + " of the work follows: the trail was rewritten";
        }
        List<PendingEvent> recorded = work.events();
        for (int i = 0; i < recorded.size(); i++) {
            long seq = anchor.seq() + 1 + i;
            if (seq > events.size()) {
                return "the events revision " + revision + " of the work records are not in the trail"
                        + (notCopied == null ? "" : " (" + notCopied + ")");
            }
            if (!records(events.get((int) seq - 1), recorded.get(i), work)) {
                return "event " + seq + " is not the event revision " + revision + " of the work records";
            }
        }
        for (long seq = anchor.seq() + recorded.size() + 1; seq <= events.size(); seq++) {
            Long later = events.get((int) seq - 1).revision();
            // A writer may have committed and copied a later revision since the manifest was read.
            if (later == null || later <= revision) {
                return "event " + seq + " records no change of the work after revision " + revision;
            }
        }
        return null;
    }

    private boolean records(AuditEvent event, PendingEvent recorded, Work work) {
        return Objects.equals(event.revision(), work.revision())
                && recorded.type().equals(event.type())
                && Objects.equals(recorded.actor(), event.actor())
                && Objects.equals(recorded.version(), event.version())
                && Objects.equals(work.updatedAt(), event.at())
                && json.valueToTree(recorded.data()).equals(json.valueToTree(event.data()));
    }

    /**
     * The result of {@link #verify}.
     *
     * @param events how many events verified before the first problem
     * @param head {@code sha256:…} of the last verified event, to compare with a copy kept elsewhere
     * @param anchor where the work's manifest says its trail stood before its latest change; null for a
     *     work whose manifest predates anchors
     */
    public record Verification(boolean valid, long events, String head, String problem, Anchor anchor) {
        static Verification broken(long events, String head, String problem, Anchor anchor) {
            return new Verification(false, events, head, problem, anchor);
        }
    }

    /**
     * The manifest's anchor: revision {@code revision} of the work follows event {@code seq}, whose
     * stored bytes have the digest {@code sha256}, and records {@code recorded} events after it.
     */
    public record Anchor(long revision, long seq, String sha256, int recorded) {
        static Anchor of(Work work) {
            ChainHead head = work.anchor();
            return head == null
                    ? null
                    : new Anchor(
                            work.revision(),
                            head.seq(),
                            head.sha256(),
                            work.events().size());
        }
    }

    /** The trail's keys after the manifest's events were copied to it; just the keys when that fails. */
    private List<ObjectInfo> flushed(String workId) {
        try {
            Optional<Work> work = manifest(workId);
            if (work.isPresent() && !work.get().events().isEmpty()) {
                return copy(work.get(), false).listing();
            }
        } catch (RuntimeException e) {
            log.warn("work {}: could not copy the events of its manifest to its audit trail", workId, e);
        }
        return store.list(prefix(workId));
    }

    /** The trail's keys, and its head right after the revision's events when asked for. */
    private record Copied(List<ObjectInfo> listing, ChainHead head) {}

    /**
     * Writes the revision's events that the trail lacks, right after the head the revision is anchored
     * to. Another writer taking a sequence number first means it wrote the same event: read again.
     */
    private Copied copy(Work work, boolean withHead) {
        String id = work.id();
        List<PendingEvent> recorded = work.events();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<ObjectInfo> listing = new ArrayList<>(store.list(prefix(id)));
            Optional<ChainHead> anchored =
                    work.anchor() != null ? Optional.of(work.anchor()) : before(listing, work.revision());
            if (anchored.isEmpty()) {
                continue;
            }
            ChainHead before = anchored.get();
            long last = listing.isEmpty()
                    ? 0
                    : seqOf(listing.get(listing.size() - 1).key());
            long through = before.seq() + recorded.size();
            if (last < before.seq()) {
                throw new BrokenTrailException(id, last, before.seq(), work.revision());
            }
            if (last >= through && !withHead) {
                return new Copied(listing, null);
            }
            long present = Math.min(last, through);
            Optional<ChainHead> head = present == before.seq() ? anchored : headAt(id, present);
            if (head.isEmpty()) {
                continue;
            }
            ChainHead now = head.get();
            boolean taken = false;
            for (long seq = present + 1; seq <= through; seq++) {
                PendingEvent e = recorded.get((int) (seq - before.seq() - 1));
                byte[] bytes = json.writeValueAsBytes(new AuditEvent(
                        id,
                        seq,
                        e.type(),
                        e.actor(),
                        work.updatedAt(),
                        e.version(),
                        e.data(),
                        now.sha256(),
                        work.revision()));
                try {
                    listing.add(store.putIfAbsent(key(id, seq), bytes, "application/json"));
                } catch (PreconditionFailedException lost) {
                    taken = true;
                    break;
                }
                now = new ChainHead(seq, sha256(bytes));
            }
            if (now.seq() > present) {
                appended.accept(id);
            }
            if (!taken) {
                return new Copied(listing, now);
            }
            Thread.onSpinWait();
        }
        throw new ConcurrentChangeException("the audit trail of work " + id);
    }

    /**
     * For a manifest without an anchor: the head before the events of {@code revision}, found by walking
     * back over the events of that and later revisions. Empty when an event vanished meanwhile.
     */
    private Optional<ChainHead> before(List<ObjectInfo> listing, long revision) {
        for (int i = listing.size() - 1; i >= 0; i--) {
            Optional<Blob> blob = store.read(listing.get(i).key());
            if (blob.isEmpty()) {
                return Optional.empty();
            }
            Long of = parse(blob.get().content()).revision();
            if (of == null || of < revision) {
                return Optional.of(new ChainHead(
                        seqOf(listing.get(i).key()), sha256(blob.get().content())));
            }
        }
        return Optional.of(ChainHead.EMPTY);
    }

    private Optional<ChainHead> headOf(List<ObjectInfo> listing) {
        if (listing.isEmpty()) {
            return Optional.of(ChainHead.EMPTY);
        }
        String last = listing.get(listing.size() - 1).key();
        return store.read(last).map(blob -> new ChainHead(seqOf(last), sha256(blob.content())));
    }

    private Optional<ChainHead> headAt(String workId, long seq) {
        return store.read(key(workId, seq)).map(blob -> new ChainHead(seq, sha256(blob.content())));
    }

    private Optional<Work> manifest(String workId) {
        return store.read(WorkRepository.manifestKey(workId)).map(blob -> json.readValue(blob.content(), Work.class));
    }

    private AuditEvent parse(byte[] content) {
        return json.readValue(content, AuditEvent.class);
    }

    private static String prefix(String workId) {
        return PREFIX + workId + "/";
    }

    /** Zero-padded so that key order, which both stores list in, is sequence order. */
    static String key(String workId, long seq) {
        return prefix(workId) + String.format("%012d", seq) + ".json";
    }

    private static long seqOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        try {
            return Long.parseLong(name.substring(0, name.length() - ".json".length()));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return -1;
        }
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
