package org.kepu.review.deadlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.review.StoredWorks;
import org.kepu.review.audit.AuditEvent;

class DeadlinesTest {

    @TempDir
    Path root;

    private StoredWorks stored;
    private final List<String> missed = new ArrayList<>();
    private Deadlines deadlines;

    @BeforeEach
    void setUp() {
        stored = new StoredWorks(root);
        deadlines = new Deadlines(stored.works, stored.load, stored.flow, stored.clock, missed::add);
    }

    @Test
    void aLateReviewerIsReplacedWhereSomeoneMayTakeOverAndReportedOverdueWhereNobodyMay() {
        stored.registry.register("dina", List.of("古生物"));
        stored.registry.register("erin", List.of("恐龙"));
        stored.inReview("movable", "carol", about("古生物"));
        stored.inReview("stuck", "carol", about("恐龙"));
        stored.registry.register("dave", List.of("古生物"));

        assertThat(deadlines.sweep()).as("nobody is late yet").isZero();
        stored.clock.advance(Duration.ofDays(3).plusMinutes(1));
        assertThat(deadlines.sweep()).isEqualTo(2);
        assertThat(deadlines.sweep()).as("each miss is handled once").isZero();

        assertThat(stored.works.find("movable").orElseThrow().review().assignments())
                .filteredOn(a -> a.reason() != null)
                .extracting(Assignment::reviewer)
                .containsExactly("dave");
        assertThat(stored.eventTypes("movable")).containsExactly(AuditEvent.REASSIGNMENT);
        assertThat(stored.lastEvent("movable", AuditEvent.REASSIGNMENT))
                .containsEntry("from", "dina")
                .containsEntry("to", "dave")
                .containsEntry("reason", "deadline")
                .containsKey("dueAt");
        assertThat(stored.eventTypes("stuck")).containsExactly(AuditEvent.REVIEW_OVERDUE);
        assertThat(stored.lastEvent("stuck", AuditEvent.REVIEW_OVERDUE)).containsEntry("reviewer", "erin");
        assertThat(missed).containsExactlyInAnyOrder("reassigned", "overdue");
    }

    private static WorkMetadata about(String discipline) {
        return new WorkMetadata("化石", null, "article", List.of(discipline), List.of("public"), null, null, false);
    }
}
