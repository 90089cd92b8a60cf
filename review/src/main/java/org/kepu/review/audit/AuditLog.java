package org.kepu.review.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.Blob;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.kepu.ingestion.work.ConcurrentChangeException;
import org.kepu.ingestion.work.JsonObjects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tamper-evident trail of each work: {@code audit/{workId}/{seq}.json}, each event carrying the
 * SHA-256 of the one before. Events are written with {@code If-None-Match: *}, so two writers can never
 * both take the same sequence number and the chain cannot fork; the loser reads the new head and tries
 * again. Blocking.
 */
public final class AuditLog {

    public static final String PREFIX = "audit/";
    private static final int MAX_ATTEMPTS = 64;

    private final ObjectStore store;
    private final Clock clock;
    private final JsonMapper json = JsonObjects.MAPPER;

    public AuditLog(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public AuditEvent append(String workId, String type, String actor, Integer version, Map<String, Object> data) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<ObjectInfo> existing = store.list(prefix(workId));
            long seq = 1;
            String previous = null;
            if (!existing.isEmpty()) {
                ObjectInfo last = existing.get(existing.size() - 1);
                Optional<Blob> head = store.read(last.key());
                if (head.isEmpty()) {
                    continue;
                }
                seq = seqOf(last.key()) + 1;
                previous = sha256(head.get().content());
            }
            AuditEvent event = new AuditEvent(workId, seq, type, actor, clock.instant(), version, data, previous);
            try {
                store.putIfAbsent(key(workId, seq), json.writeValueAsBytes(event), "application/json");
                return event;
            } catch (PreconditionFailedException lost) {
                Thread.onSpinWait();
            }
        }
        throw new ConcurrentChangeException("the audit trail of work " + workId);
    }

    /** The trail in order. */
    public List<AuditEvent> events(String workId) {
        return after(workId, 0);
    }

    /** Events with a sequence number above {@code seq}, in order. */
    public List<AuditEvent> after(String workId, long seq) {
        List<AuditEvent> out = new ArrayList<>();
        for (ObjectInfo info : store.list(prefix(workId))) {
            if (seqOf(info.key()) > seq) {
                store.read(info.key()).ifPresent(blob -> out.add(parse(blob.content())));
            }
        }
        return out;
    }

    /** Re-reads the whole trail and checks every link and sequence number. */
    public Verification verify(String workId) {
        String previous = null;
        long expected = 1;
        for (ObjectInfo info : store.list(prefix(workId))) {
            Optional<Blob> blob = store.read(info.key());
            if (blob.isEmpty()) {
                return Verification.broken(expected - 1, previous, "event " + expected + " disappeared");
            }
            AuditEvent event;
            try {
                event = parse(blob.get().content());
            } catch (JacksonException e) {
                return Verification.broken(expected - 1, previous, "event " + expected + " is not readable");
            }
            if (seqOf(info.key()) != expected || event.seq() != expected || !workId.equals(event.workId())) {
                return Verification.broken(expected - 1, previous, "event " + expected + " is missing or misplaced");
            }
            if (expected == 1 ? event.previous() != null : !previous.equals(event.previous())) {
                return Verification.broken(
                        expected - 1, previous, "event " + expected + " does not follow from the event before it");
            }
            previous = sha256(blob.get().content());
            expected++;
        }
        return new Verification(true, expected - 1, previous, null);
    }

    /**
     * The result of {@link #verify}.
     *
     * @param events how many events verified before the first problem
     * @param head {@code sha256:…} of the last verified event, to compare with a copy kept elsewhere
     */
    public record Verification(boolean valid, long events, String head, String problem) {
        static Verification broken(long events, String head, String problem) {
            return new Verification(false, events, head, problem);
        }
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
