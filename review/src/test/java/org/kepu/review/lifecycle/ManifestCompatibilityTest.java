package org.kepu.review.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.assign.Reviewer;

/** Manifests written before review state existed still load, and review state survives a round trip. */
class ManifestCompatibilityTest {

    @TempDir
    Path root;

    @Test
    void aManifestWithoutReviewStateLoadsWithTheEmptyDefaultAndGainsItOnUpdate() throws Exception {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        String old =
                "{\"id\":\"w1\",\"revision\":3,\"owner\":\"alice\",\"metadata\":{\"title\":\"光速\",\"kind\":\"article\","
                        + "\"topics\":[\"physics\"],\"emergency\":false},\"status\":\"PROCESSING\",\"versions\":[{\"number\":1,\"digest\":\"sha256:a\","
                        + "\"size\":3,\"mediaType\":\"text/plain\",\"fileName\":\"a.txt\",\"objectKey\":\"works/w1/uploads/u\","
                        + "\"uploadedAt\":\"2025-01-01T00:00:00Z\",\"textKey\":\"t\",\"textChars\":3}],"
                        + "\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":\"2025-01-01T00:00:00Z\"}";
        store.putIfAbsent(WorkRepository.manifestKey("w1"), old.getBytes(StandardCharsets.UTF_8), "application/json");
        WorkRepository works = new WorkRepository(store, Clock.systemUTC());

        Work loaded = works.find("w1").orElseThrow();
        assertThat(loaded.review()).isEqualTo(Review.NONE);

        Instant now = Instant.now();
        works.update(
                "w1",
                w -> new ReviewFlow(Duration.ofHours(1))
                        .screened(
                                w,
                                new FindingsSummary(1, "sha256:a", 0, 1, 0, now),
                                List.of(new Reviewer("rita", List.of("physics"), List.of(), now)),
                                Map.of(),
                                now));
        Work reread = works.find("w1").orElseThrow();
        assertThat(reread.status()).isEqualTo(WorkStatus.IN_REVIEW);
        assertThat(reread.review().assignments())
                .singleElement()
                .satisfies(a -> assertThat(a.reviewer()).isEqualTo("rita"));
        assertThat(reread.review().findingsOf(1))
                .hasValueSatisfying(f -> assertThat(f.warnings()).isEqualTo(1));
    }

    @Test
    void assignmentsAndFindingsWrittenBeforeDeadlinesAndTextSensitivityStillLoad() throws Exception {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        String old = "{\"id\":\"w2\",\"revision\":5,\"owner\":\"alice\",\"metadata\":{\"title\":\"光速\","
                + "\"kind\":\"article\",\"topics\":[\"physics\"],\"emergency\":false},\"status\":\"IN_REVIEW\","
                + "\"versions\":[{\"number\":1,\"digest\":\"sha256:a\",\"size\":3,\"mediaType\":\"text/plain\","
                + "\"fileName\":\"a.txt\",\"objectKey\":\"k\",\"uploadedAt\":\"2025-01-01T00:00:00Z\",\"textKey\":\"t\","
                + "\"textChars\":3}],\"review\":{\"requiredApprovals\":1,\"assignments\":[{\"reviewer\":\"rita\","
                + "\"assignedAt\":\"2025-01-01T00:00:00Z\"}],\"findings\":[{\"version\":1,\"digest\":\"sha256:a\","
                + "\"blockers\":0,\"warnings\":0,\"infos\":0,\"screenedAt\":\"2025-01-01T00:00:00Z\"}]},"
                + "\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":\"2025-01-01T00:00:00Z\"}";
        store.putIfAbsent(WorkRepository.manifestKey("w2"), old.getBytes(StandardCharsets.UTF_8), "application/json");
        WorkRepository works = new WorkRepository(store, Clock.systemUTC());

        Work loaded = works.find("w2").orElseThrow();
        assertThat(loaded.review().assignments()).singleElement().satisfies(a -> {
            assertThat(a.reviewer()).isEqualTo("rita");
            assertThat(a.replaces()).isNull();
            assertThat(a.overdueSince()).isNull();
        });
        assertThat(loaded.review().findingsOf(1).orElseThrow().sensitiveTerms()).isEmpty();

        ReviewFlow flow = new ReviewFlow(Duration.ofHours(1), Duration.ofDays(3));
        Instant late = Instant.parse("2025-01-04T00:00:00Z");
        works.update("w2", w -> flow.replaceOverdue(w, List.of(), Map.of(), late));
        assertThat(works.find("w2").orElseThrow().review().assignments().get(0).overdueSince())
                .isEqualTo(late);
    }
}
