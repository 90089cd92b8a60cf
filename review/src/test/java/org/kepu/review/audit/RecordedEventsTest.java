package org.kepu.review.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.work.ChainHead;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events recorded in the manifest by the change they describe reach the trail in revision order,
 * whoever copies them and whatever crashed in between, and the manifest's anchor catches a trail
 * rewritten with its digests recomputed.
 */
class RecordedEventsTest {

    private static final JsonMapper JSON = JsonObjects.MAPPER;

    @TempDir
    Path root;

    private ObjectStore store;
    private AuditLog audit;
    private WorkRepository works;

    @BeforeEach
    void setUp() {
        store = new FileSystemObjectStore(root);
        audit = new AuditLog(store, Clock.systemUTC());
        works = new WorkRepository(store, Clock.systemUTC(), audit);
    }

    @Test
    void eachChangeRecordsItsEventsInTheTrailInRevisionOrder() {
        works.create(work("w1").recording(AuditEvent.UPLOAD, "alice", 1, Map.of("size", 3)));
        works.update(
                "w1",
                w -> w.withStatus(WorkStatus.IN_REVIEW, null)
                        .recording(AuditEvent.EXTRACTION, "system", 1, Map.of("outcome", "DONE"))
                        .recording(AuditEvent.ASSIGNMENT, "system", 1, Map.of("reviewers", List.of("rita"))));
        Work leased = works.update("w1", w -> w.withLease(null).withStatus(WorkStatus.APPROVED, null));

        assertThat(leased.events()).as("a change that records nothing").isEmpty();
        assertThat(audit.events("w1"))
                .extracting(AuditEvent::type, AuditEvent::revision)
                .containsExactly(
                        tuple(AuditEvent.UPLOAD, 1L),
                        tuple(AuditEvent.EXTRACTION, 2L),
                        tuple(AuditEvent.ASSIGNMENT, 2L));
        assertThat(leased.anchor().seq()).isEqualTo(3);
        AuditLog.Verification ok = audit.verify("w1");
        assertThat(ok.valid()).as(ok.problem()).isTrue();
        assertThat(ok.anchor()).isEqualTo(new AuditLog.Anchor(3, 3, ok.head(), 0));
    }

    @Test
    void eventsOfAChangeWhoseProcessDiedBeforeCopyingThemReachTheTrailWithTheNextReader() {
        WorkRepository crashing = new WorkRepository(store, Clock.systemUTC(), crashingAfterCommit());
        crashing.create(work("w1").recording(AuditEvent.UPLOAD, "alice", 1, Map.of()));
        crashing.update(
                "w1",
                w -> w.withStatus(WorkStatus.IN_REVIEW, null)
                        .recording(AuditEvent.FINDINGS, "system", 1, Map.of("blockers", 0)));
        assertThat(store.list(AuditLog.PREFIX + "w1/"))
                .as("the change is committed, its event not yet copied")
                .hasSize(1);

        assertThat(audit.events("w1")).extracting(AuditEvent::type).containsExactly("upload", "findings");
        assertThat(audit.after("w1", 1)).extracting(AuditEvent::seq).containsExactly(2L);
        AuditLog.Verification ok = audit.verify("w1");
        assertThat(ok.valid()).as(ok.problem()).isTrue();
        assertThat(ok.events()).isEqualTo(2);
    }

    @Test
    void eventsOfAChangeWhoseProcessDiedBeforeCopyingThemGoToTheTrailBeforeTheNextChange() {
        WorkRepository crashing = new WorkRepository(store, Clock.systemUTC(), crashingAfterCommit());
        crashing.create(work("w1").recording(AuditEvent.UPLOAD, "alice", 1, Map.of()));
        assertThat(store.list(AuditLog.PREFIX + "w1/")).isEmpty();

        works.update(
                "w1",
                w -> w.withStatus(WorkStatus.IN_REVIEW, null).recording(AuditEvent.EXTRACTION, "system", 1, Map.of()));

        assertThat(audit.events("w1"))
                .extracting(AuditEvent::type, AuditEvent::revision)
                .containsExactly(tuple(AuditEvent.UPLOAD, 1L), tuple(AuditEvent.EXTRACTION, 2L));
        assertThat(audit.verify("w1").valid()).isTrue();
    }

    @Test
    void verifyReportsARevisionWhoseEventsCannotBeCopied() {
        WorkRepository crashing = new WorkRepository(store, Clock.systemUTC(), crashingAfterCommit());
        crashing.create(work("w1").recording(AuditEvent.UPLOAD, "alice", 1, Map.of()));
        AuditLog refused = new AuditLog(refusingTrailWrites(store), Clock.systemUTC());

        assertThat(refused.events("w1"))
                .as("a reader sees what the trail holds")
                .isEmpty();
        AuditLog.Verification missing = refused.verify("w1");

        assertThat(missing.valid()).isFalse();
        assertThat(missing.problem()).contains("revision 1").contains("not in the trail");
        assertThat(audit.verify("w1").valid())
                .as("once the events can be copied")
                .isTrue();
    }

    @Test
    void aWriterThatLostItsCompareAndSetLeavesNoEventBehind() {
        works.create(work("w1").recording(AuditEvent.UPLOAD, "alice", 1, Map.of()));
        AtomicBoolean first = new AtomicBoolean(true);
        works.update("w1", w -> {
            if (first.getAndSet(false)) {
                // Another writer commits between this writer's read and its compare-and-set.
                works.update(
                        "w1",
                        other -> other.withStatus(WorkStatus.FAILED, "other")
                                .recording(AuditEvent.EXTRACTION, "system", 1, Map.of("outcome", "FAILED")));
            }
            return w.withStatus(WorkStatus.IN_REVIEW, null)
                    .recording(AuditEvent.DECISION, "rita", 1, Map.of("attempt", w.revision()));
        });

        assertThat(audit.events("w1"))
                .extracting(AuditEvent::type, e -> e.data().get("attempt"))
                .containsExactly(
                        tuple(AuditEvent.UPLOAD, null),
                        tuple(AuditEvent.EXTRACTION, null),
                        tuple(AuditEvent.DECISION, 2));
        assertThat(audit.verify("w1").valid()).isTrue();
    }

    @Test
    void aTrailRewrittenWithItsDigestsRecomputedFailsAgainstTheAnchor() {
        works.create(work("w1").recording(AuditEvent.UPLOAD, "alice", 1, Map.of()));
        works.update(
                "w1",
                w -> w.withStatus(WorkStatus.IN_REVIEW, null)
                        .recording(AuditEvent.DECISION, "rita", 1, Map.of("decision", "REJECT")));
        works.update(
                "w1",
                w -> w.withStatus(WorkStatus.REJECTED, null).recording(AuditEvent.PUBLICATION, "ed", 1, Map.of()));
        assertThat(audit.verify("w1").valid()).isTrue();

        rewrite("w1", 2, event -> event.putObject("data").put("decision", "APPROVE"));

        AuditLog.Verification forged = audit.verify("w1");
        assertThat(forged.valid()).isFalse();
        assertThat(forged.events()).as("every link holds").isEqualTo(3);
        assertThat(forged.problem()).contains("event 2").contains("rewritten");
        assertThat(forged.anchor().seq()).isEqualTo(2);
    }

    @Test
    void aRewrittenEventOfTheLatestRevisionFailsAgainstTheManifest() {
        works.create(work("w1").recording(AuditEvent.UPLOAD, "alice", 1, Map.of()));
        works.update(
                "w1",
                w -> w.withStatus(WorkStatus.IN_REVIEW, null)
                        .recording(AuditEvent.DECISION, "rita", 1, Map.of("decision", "REJECT")));

        rewrite("w1", 2, event -> event.putObject("data").put("decision", "APPROVE"));

        AuditLog.Verification forged = audit.verify("w1");
        assertThat(forged.valid()).isFalse();
        assertThat(forged.problem()).contains("event 2").contains("revision 2");
    }

    @Test
    void aTrailCutShorterThanItsAnchorRefusesFurtherChangesAndVerifyNamesTheBreak() {
        works.create(work("w1").recording(AuditEvent.UPLOAD, "alice", 1, Map.of()));
        works.update(
                "w1",
                w -> w.withStatus(WorkStatus.IN_REVIEW, null).recording(AuditEvent.EXTRACTION, "system", 1, Map.of()));
        works.update(
                "w1",
                w -> w.withStatus(WorkStatus.REJECTED, null)
                        .recording(AuditEvent.DECISION, "rita", 1, Map.of("decision", "REJECT")));
        List<String> keys = store.list(AuditLog.PREFIX + "w1/").stream()
                .map(info -> info.key())
                .toList();
        assertThat(keys).hasSize(3);
        store.delete(keys.get(2));
        store.delete(keys.get(1));

        assertThatThrownBy(() -> works.update(
                        "w1",
                        w -> w.withStatus(WorkStatus.IN_REVIEW, null)
                                .recording(AuditEvent.ASSIGNMENT, "system", 1, Map.of())))
                .isInstanceOf(BrokenTrailException.class)
                .hasMessageContaining("ends at event 1")
                .hasMessageContaining("follows event 2");
        assertThat(works.find("w1").orElseThrow().status())
                .as("the change was refused before it was written")
                .isEqualTo(WorkStatus.REJECTED);
        AuditLog.Verification broken = audit.verify("w1");
        assertThat(broken.valid()).isFalse();
        assertThat(broken.problem()).isNotBlank();
    }

    @Test
    void aManifestWrittenBeforeEventsWereRecordedReadsAndIsAnchoredByItsNextChange() throws Exception {
        audit.append("w1", AuditEvent.UPLOAD, "alice", 1, Map.of());
        audit.append("w1", AuditEvent.EXTRACTION, "system", 1, Map.of());
        ObjectNode old = JSON.valueToTree(work("w1"));
        old.put("revision", 4);
        old.remove("events");
        old.remove("anchor");
        store.put(
                WorkRepository.manifestKey("w1"),
                new ByteArrayInputStream(JSON.writeValueAsBytes(old)),
                -1,
                "application/json");

        Work read = works.find("w1").orElseThrow();
        assertThat(read.events()).isEmpty();
        assertThat(read.anchor()).isNull();
        assertThat(audit.verify("w1").anchor()).isNull();

        Work next = works.update(
                "w1",
                w -> w.withStatus(WorkStatus.IN_REVIEW, null).recording(AuditEvent.ASSIGNMENT, "system", 1, Map.of()));

        assertThat(next.anchor().seq()).isEqualTo(2);
        assertThat(audit.events("w1"))
                .extracting(AuditEvent::type, AuditEvent::revision)
                .containsExactly(
                        tuple(AuditEvent.UPLOAD, null),
                        tuple(AuditEvent.EXTRACTION, null),
                        tuple(AuditEvent.ASSIGNMENT, 5L));
        AuditLog.Verification ok = audit.verify("w1");
        assertThat(ok.valid()).as(ok.problem()).isTrue();
        assertThat(ok.anchor())
                .isEqualTo(new AuditLog.Anchor(5, 2, next.anchor().sha256(), 1));
    }

    /**
     * The journal of a process that dies right after each compare-and-set: the first copy of a revision's
     * events, which is its writer's, fails; the events stay in the manifest for whoever comes next.
     */
    private WorkRepository.Journal crashingAfterCommit() {
        Set<Long> tried = ConcurrentHashMap.newKeySet();
        return new WorkRepository.Journal() {
            @Override
            public ChainHead head(String workId) {
                return audit.head(workId);
            }

            @Override
            public ChainHead flush(Work work) {
                if (!work.events().isEmpty() && tried.add(work.revision())) {
                    throw new IllegalStateException("the process died");
                }
                return audit.flush(work);
            }
        };
    }

    /** A store that refuses to write audit events, as one out of space or out of reach would. */
    private static ObjectStore refusingTrailWrites(ObjectStore store) {
        return (ObjectStore) Proxy.newProxyInstance(
                ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("put") && ((String) args[0]).startsWith(AuditLog.PREFIX)) {
                        throw new UncheckedIOException(new IOException("no space left on device"));
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Changes an event and writes every later one again with the links recomputed, as a forger would. */
    private void rewrite(String workId, long seq, java.util.function.Consumer<ObjectNode> edit) {
        List<ObjectStore.ObjectInfo> keys = store.list(AuditLog.PREFIX + workId + "/");
        String previous = seq == 1
                ? null
                : AuditLog.sha256(
                        store.read(AuditLog.key(workId, seq - 1)).orElseThrow().content());
        for (long s = seq; s <= keys.size(); s++) {
            ObjectNode event = (ObjectNode) JSON.readTree(
                    store.read(AuditLog.key(workId, s)).orElseThrow().content());
            if (s == seq) {
                edit.accept(event);
            }
            event.put("previous", previous);
            byte[] bytes = JSON.writeValueAsBytes(event);
            store.put(AuditLog.key(workId, s), new ByteArrayInputStream(bytes), -1, "application/json");
            previous = AuditLog.sha256(bytes);
        }
    }

    private static Work work(String id) {
        Instant now = Instant.parse("2026-03-01T08:00:00Z");
        Version v1 = new Version(1, "sha256:v1", 3, "text/plain", "a.txt", "k", null, now, "t", 3L, null);
        return new Work(
                id,
                0,
                "alice",
                new WorkMetadata("光速", null, "article", List.of("physics"), List.of(), null, null, false),
                WorkStatus.PROCESSING,
                null,
                List.of(v1),
                null,
                now,
                now);
    }
}
