package org.kepu.review.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.StoredWorks;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.Screening;
import org.kepu.review.checks.Severity;

class ScreeningStepTest {

    /** A blocker wherever the text says so, to tell the two outcomes apart. */
    private static final String BLOCKED = "永远不会错";

    @TempDir
    Path root;

    private StoredWorks stored;
    private FindingsStore findings;
    private final List<List<Finding>> screened = new ArrayList<>();
    private ScreeningStep step;

    @BeforeEach
    void setUp() {
        stored = new StoredWorks(root);
        findings = new FindingsStore(stored.store, stored.clock);
        Screening screening = Screening.builder()
                .addCheck(input -> input.text().contains(BLOCKED)
                        ? List.of(new Finding("test.blocked", Severity.BLOCKER, 0, 1, "x", "blocked", null, null))
                        : List.of())
                .build();
        step = new ScreeningStep(
                stored.works, screening, findings, stored.load, stored.flow, stored.clock, screened::add);
    }

    @Test
    void aCleanVersionGoesToReviewWithItsFindingsAndEventsInTheSameWrite() {
        stored.registry.register("rita", List.of("physics"));
        Work work = stored.processing("w1", "alice", StoredWorks.physics(), "光速约为每秒三十万公里。");

        Work after = extracted(work);

        assertThat(after.status()).isEqualTo(WorkStatus.IN_REVIEW);
        assertThat(after.review().assignments())
                .extracting(Assignment::reviewer)
                .containsExactly("rita");
        assertThat(after.review().findingsOf(1))
                .hasValueSatisfying(s -> assertThat(s.blockers()).isZero());
        assertThat(findings.read("w1", 1)).isPresent();
        assertThat(stored.eventTypes("w1"))
                .containsExactly(AuditEvent.EXTRACTION, AuditEvent.FINDINGS, AuditEvent.ASSIGNMENT);
        assertThat(stored.lastEvent("w1", AuditEvent.FINDINGS)).containsEntry("status", "IN_REVIEW");
        assertThat(stored.lastEvent("w1", AuditEvent.ASSIGNMENT)).containsEntry("reviewers", List.of("rita"));
        assertThat(screened).hasSize(1);
    }

    @Test
    void aBlockerSendsTheWorkBackToItsCreatorWithoutAssigningAnyone() {
        stored.registry.register("rita", List.of("physics"));
        Work work = stored.processing("w1", "alice", StoredWorks.physics(), "光速" + BLOCKED + "。");

        Work after = extracted(work);

        assertThat(after.status()).isEqualTo(WorkStatus.CHANGES_REQUESTED);
        assertThat(after.review().assignments()).isEmpty();
        assertThat(stored.eventTypes("w1")).containsExactly(AuditEvent.EXTRACTION, AuditEvent.FINDINGS);
        assertThat(stored.lastEvent("w1", AuditEvent.FINDINGS)).containsEntry("blockers", 1);
    }

    @Test
    void aVersionIsScreenedOnceHoweverOftenItsChangeIsPrepared() {
        Work work = stored.processing("w1", "alice", StoredWorks.physics(), "光速约为每秒三十万公里。");
        step.prepare("w1", work.current());
        step.prepare("w1", work.current());
        assertThat(screened).hasSize(1);
    }

    @Test
    void aFailedExtractionIsRecordedWithItsReason() {
        Work work = stored.processing("w1", "alice", StoredWorks.physics(), "");
        Version failed = work.current().withFailure("unreadable");
        Work after = stored.works.update("w1", w -> step.recorded(step.failed(w.withVersion(failed), failed), failed));

        assertThat(after.status()).isEqualTo(WorkStatus.FAILED);
        assertThat(stored.eventTypes("w1")).containsExactly(AuditEvent.EXTRACTION);
        assertThat(stored.lastEvent("w1", AuditEvent.EXTRACTION))
                .containsEntry("outcome", "FAILED")
                .containsEntry("reason", "unreadable");
    }

    /** What the extraction pipeline does with its hook once the current version's text is stored. */
    private Work extracted(Work work) {
        Version done = work.current();
        UnaryOperator<Work> decide = step.prepare(work.id(), done);
        return stored.works.update(work.id(), w -> step.recorded(decide.apply(w), done));
    }
}
