package org.kepu.review.screening;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.kepu.ingestion.pipeline.ExtractionPipeline;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.assign.Reviewer;
import org.kepu.review.assign.ReviewerLoad;
import org.kepu.review.assign.Sensitivity;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.Screening;
import org.kepu.review.checks.ScreeningInput;
import org.kepu.review.lifecycle.ReviewFlow;

/**
 * Screens each extracted version: reads its text, runs the automated checks, stores the findings beside
 * the version and, inside the extraction's compare-and-set, sends the work to its creator (blockers) or
 * to review with reviewers assigned, and records all that in the same write.
 */
public class ScreeningStep implements ExtractionPipeline.Hook {

    /** Told of each version's findings when they are first screened, before they are stored. */
    public interface Listener {
        void screened(List<Finding> findings);
    }

    private final WorkRepository works;
    private final Screening screening;
    private final FindingsStore findings;
    private final ReviewerLoad pool;
    private final ReviewFlow flow;
    private final Clock clock;
    private final Listener listener;

    public ScreeningStep(
            WorkRepository works,
            Screening screening,
            FindingsStore findings,
            ReviewerLoad pool,
            ReviewFlow flow,
            Clock clock,
            Listener listener) {
        this.works = works;
        this.screening = screening;
        this.findings = findings;
        this.pool = pool;
        this.flow = flow;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public UnaryOperator<Work> prepare(String workId, Version extracted) {
        Optional<Work> work = works.find(workId);
        if (work.isEmpty()) {
            return UnaryOperator.identity();
        }
        String text = works.readText(extracted.textKey()).orElse("");
        // Decided here, where the text is at hand, and kept in the manifest with the version's findings.
        List<String> sensitiveTerms = Sensitivity.sensitiveTerms(text);
        FindingsSummary summary = findings.storeOnce(workId, extracted, () -> {
                    List<Finding> screened = screening
                            .screen(ScreeningInput.of(text, workId, work.get().metadata()))
                            .findings();
                    listener.screened(screened);
                    return screened;
                })
                .summary()
                .withSensitiveTerms(sensitiveTerms);
        List<Reviewer> reviewers = pool.reviewers();
        Map<String, Integer> load = ReviewerLoad.load(pool.inReview());
        Instant now = clock.instant();
        return w -> flow.screened(w, summary, reviewers, load, now);
    }

    /** A failed extraction moves the work through the lifecycle like every other change. */
    @Override
    public Work failed(Work work, Version failed) {
        return flow.extractionFailed(work, failed.failure());
    }

    /** The extraction's outcome, and what screening made of it, recorded with the extraction's change. */
    @Override
    public Work recorded(Work work, Version version) {
        Version done = work.version(version.number()).orElse(version);
        if (done.failure() != null) {
            return work.recording(
                    AuditEvent.EXTRACTION,
                    AuditEvent.SYSTEM,
                    done.number(),
                    Map.of("outcome", "FAILED", "reason", done.failure()));
        }
        Work recorded = work.recording(
                AuditEvent.EXTRACTION,
                AuditEvent.SYSTEM,
                done.number(),
                Map.of("outcome", "DONE", "chars", done.textChars() == null ? 0 : done.textChars()));
        Optional<FindingsSummary> summary = work.review().findingsOf(done.number());
        if (summary.isEmpty() || work.currentVersion() != done.number()) {
            return recorded;
        }
        recorded = recorded.recording(
                AuditEvent.FINDINGS,
                AuditEvent.SYSTEM,
                done.number(),
                Map.of(
                        "blockers", summary.get().blockers(),
                        "warnings", summary.get().warnings(),
                        "infos", summary.get().infos(),
                        "sensitiveTerms", summary.get().sensitiveTerms(),
                        "status", work.status().name()));
        if (work.status() == WorkStatus.IN_REVIEW) {
            recorded = recorded.recording(
                    AuditEvent.ASSIGNMENT,
                    AuditEvent.SYSTEM,
                    done.number(),
                    Map.of(
                            "reviewers",
                            work.review().assignments().stream()
                                    .map(Assignment::reviewer)
                                    .toList(),
                            "requiredApprovals",
                            work.review().requiredApprovals()));
        }
        return recorded;
    }
}
