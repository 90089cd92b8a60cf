package org.kepu.review.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;

class AuditLogTest {

    @TempDir
    Path root;

    @Test
    void eachEventCarriesTheDigestOfTheOneBefore() {
        AuditLog log = new AuditLog(new FileSystemObjectStore(root), Clock.systemUTC());
        AuditEvent first = log.append("w1", AuditEvent.UPLOAD, "alice", 1, Map.of("digest", "sha256:aa"));
        AuditEvent second = log.append("w1", AuditEvent.EXTRACTION, "system", 1, Map.of("chars", 12));
        log.append("w2", AuditEvent.UPLOAD, "bob", 1, Map.of());

        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.previous()).isNull();
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.previous()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(log.events("w1")).extracting(AuditEvent::type).containsExactly("upload", "extraction");
        assertThat(log.after("w1", 1)).extracting(AuditEvent::seq).containsExactly(2L);
        AuditLog.Verification ok = log.verify("w1");
        assertThat(ok.valid()).isTrue();
        assertThat(ok.events()).isEqualTo(2);
        assertThat(log.verify("nothing-yet").valid()).isTrue();
    }

    @Test
    void concurrentWritersNeverForkTheChain() throws Exception {
        AuditLog log = new AuditLog(new FileSystemObjectStore(root), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AuditEvent>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> log.append("w1", AuditEvent.DECISION, "r" + n, 1, Map.of("n", n))));
            }
            for (Future<AuditEvent> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.events("w1")).extracting(AuditEvent::seq).containsExactlyElementsOf(range(1, 40));
        assertThat(log.verify("w1").valid()).isTrue();
    }

    @Test
    void anEditedOrRemovedEventBreaksTheChain() {
        ObjectStore store = new FileSystemObjectStore(root);
        AuditLog log = new AuditLog(store, Clock.systemUTC());
        for (int i = 0; i < 4; i++) {
            log.append("w1", AuditEvent.DECISION, "rita", 1, Map.of("decision", "APPROVE"));
        }
        String second = AuditLog.key("w1", 2);
        String forged = new String(store.read(second).orElseThrow().content(), StandardCharsets.UTF_8)
                .replace("APPROVE", "REJECT");
        store.put(
                second,
                new java.io.ByteArrayInputStream(forged.getBytes(StandardCharsets.UTF_8)),
                -1,
                "application/json");

        AuditLog.Verification edited = log.verify("w1");
        assertThat(edited.valid()).isFalse();
        assertThat(edited.events()).isEqualTo(2);
        assertThat(edited.problem()).contains("event 3");

        store.delete(second);
        AuditLog.Verification removed = log.verify("w1");
        assertThat(removed.valid()).isFalse();
        assertThat(removed.problem()).contains("event 2");
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
