package org.kepu.ingestion.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;

/** The repository hands each revision's events to its journal before a later revision replaces them. */
class WorkRepositoryJournalTest {

    @TempDir
    Path root;

    /** Remembers what it was handed, in order, and counts its head up by the events of each revision. */
    private static final class Remembering implements WorkRepository.Journal {
        final List<String> handed = new ArrayList<>();

        @Override
        public ChainHead head(String workId) {
            return ChainHead.EMPTY;
        }

        @Override
        public synchronized ChainHead flush(Work work) {
            work.events().forEach(e -> handed.add(work.revision() + ":" + e.type()));
            ChainHead before = work.anchor() == null ? ChainHead.EMPTY : work.anchor();
            return new ChainHead(before.seq() + work.events().size(), "sha256:" + work.revision());
        }
    }

    @Test
    void aChangeRecordsOnlyItsOwnEventsAndIsAnchoredAfterThoseBeforeIt() {
        Remembering journal = new Remembering();
        WorkRepository works = new WorkRepository(new FileSystemObjectStore(root), Clock.systemUTC(), journal);

        Work created = works.create(work().recording("upload", "alice", 1, Map.of("size", 3)));
        List<List<PendingEvent>> seen = new ArrayList<>();
        Work changed = works.update("w1", w -> {
            seen.add(w.events());
            return w.withStatus(WorkStatus.IN_REVIEW, null).recording("findings", "system", 1, Map.of());
        });
        Work quiet = works.update("w1", w -> w.withLease(new Lease("i1", Instant.now())));
        Work unchanged = works.update("w1", w -> w);

        assertThat(created.anchor()).isEqualTo(ChainHead.EMPTY);
        assertThat(seen).as("the change starts from no events").containsOnly(List.of());
        assertThat(changed.events()).extracting(PendingEvent::type).containsExactly("findings");
        assertThat(changed.anchor()).isEqualTo(new ChainHead(1, "sha256:1"));
        assertThat(quiet.events()).isEmpty();
        assertThat(quiet.anchor()).isEqualTo(new ChainHead(2, "sha256:2"));
        assertThat(unchanged.revision()).as("nothing to write").isEqualTo(3);
        // each revision handed over once by its writer right after the write, once before the next write
        assertThat(journal.handed).containsExactly("1:upload", "1:upload", "2:findings", "2:findings");
        assertThat(works.find("w1").orElseThrow()).isEqualTo(quiet);
    }

    @Test
    void aManifestWithoutEventsOrAnchorReads() {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        String old = """
                {"id":"w1","revision":7,"owner":"alice",
                 "metadata":{"title":"光速","kind":"article","topics":["physics"],"audiences":[],"emergency":false},
                 "status":"PROCESSING","versions":[],"createdAt":"2026-03-01T08:00:00Z",
                 "updatedAt":"2026-03-01T08:00:00Z"}
                """;
        store.put(
                WorkRepository.manifestKey("w1"),
                new ByteArrayInputStream(old.getBytes(StandardCharsets.UTF_8)),
                -1,
                "application/json");

        Work read = new WorkRepository(store, Clock.systemUTC()).find("w1").orElseThrow();

        assertThat(read.revision()).isEqualTo(7);
        assertThat(read.events()).isEmpty();
        assertThat(read.anchor()).isNull();
    }

    private static Work work() {
        Instant now = Instant.parse("2026-03-01T08:00:00Z");
        return new Work(
                "w1",
                0,
                "alice",
                new WorkMetadata("光速", null, "article", List.of("physics"), List.of(), null, null, false),
                WorkStatus.PROCESSING,
                null,
                List.of(),
                null,
                now,
                now);
    }
}
