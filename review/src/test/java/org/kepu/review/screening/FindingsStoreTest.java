package org.kepu.review.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.Severity;

/** Findings objects written before findings cited knowledge entries still read, and can be screened again. */
class FindingsStoreTest {

    private static final String WORK = "3f2b8c1e-5d4a-4f7e-9c1b-2a6d8e0f4b7c";

    /** As kepu wrote a findings object before entries, citations and re-screening existed. */
    private static final String OLD = "{\"workId\":\"" + WORK + "\",\"version\":1,\"digest\":\"sha256:ab\","
            + "\"screenedAt\":\"2026-03-01T08:00:04Z\",\"findings\":[{\"rule\":\"rumour.sugar_hyperactivity\","
            + "\"severity\":\"WARNING\",\"start\":0,\"end\":4,\"excerpt\":\"孩子吃糖\",\"message\":\"m\","
            + "\"source\":\"中国营养学会\",\"otherWorkId\":null}]}";

    @TempDir
    Path dir;

    @Test
    void anOldObjectReadsWithoutCitationsOrNewFindingsAndIsReplacedByCompareAndSet() throws Exception {
        ObjectStore objects = new FileSystemObjectStore(dir);
        objects.putIfAbsent(FindingsStore.key(WORK, 1), OLD.getBytes(StandardCharsets.UTF_8), "application/json");
        FindingsStore store = new FindingsStore(objects, Clock.systemUTC());

        FindingsStore.StoredFindings old = store.read(WORK, 1).orElseThrow();
        assertThat(old.newFindings()).isZero();
        assertThat(old.rescreenedAt()).isNull();
        assertThat(old.findings()).singleElement().satisfies(f -> {
            assertThat(f.entryId()).isNull();
            assertThat(f.sourceUrl()).isNull();
        });

        Finding cited = new Finding(
                "rumour.sugar_hyperactivity",
                Severity.BLOCKER,
                0,
                4,
                "孩子吃糖",
                "m",
                "中国营养学会",
                null,
                "rumour.sugar_hyperactivity",
                "https://www.cnsoc.org/");
        assertThat(store.replace(WORK, 1, "sha256:other", s -> s))
                .as("another version's digest")
                .isEmpty();
        assertThat(store.replace(WORK, 1, "sha256:ab", s -> s))
                .as("nothing changed")
                .isEmpty();
        store.replace(
                        WORK,
                        1,
                        "sha256:ab",
                        s -> new FindingsStore.StoredFindings(
                                s.workId(), s.version(), s.digest(), s.screenedAt(), List.of(cited), 1, null))
                .orElseThrow();

        assertThat(store.read(WORK, 1).orElseThrow()).satisfies(s -> {
            assertThat(s.newFindings()).isEqualTo(1);
            assertThat(s.findings()).containsExactly(cited);
            assertThat(s.summary().blockers()).isEqualTo(1);
        });
    }
}
