package org.kepu.api.review;

import java.util.List;
import java.util.Map;
import org.kepu.api.problem.Problem;
import org.kepu.api.problem.ReviewProblems;
import org.kepu.api.security.Caller;
import org.kepu.api.works.WorkService;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.Screening;
import org.kepu.review.checks.ScreeningInput;
import org.kepu.review.checks.ScreeningReport;
import org.kepu.review.diff.TextDiff;
import org.kepu.review.screening.FindingsStore;
import org.springframework.stereotype.Service;

/** What reviewers read besides the work: findings, ad-hoc checks and diffs between versions. Blocking. */
@Service
class TextReviewService {

    /** Ad-hoc checks run synchronously on a request; longer texts belong in an upload. */
    static final int MAX_CHECK_CHARS = 200_000;

    private final WorkRepository works;
    private final WorkService visibility;
    private final FindingsStore findings;
    private final Screening screening;
    private final FindingsView view;
    private final FindingRegions regions;

    TextReviewService(
            WorkRepository works,
            WorkService visibility,
            FindingsStore findings,
            Screening screening,
            FindingsView view,
            FindingRegions regions) {
        this.regions = regions;
        this.works = works;
        this.visibility = visibility;
        this.findings = findings;
        this.screening = screening;
        this.view = view;
    }

    record CheckResult(boolean hasBlocker, List<Finding> findings) {}

    record DiffResult(int from, int to, String fromDigest, String toDigest, List<TextDiff.Chunk> chunks) {}

    CheckResult check(Caller caller, String text) {
        if (!caller.has(Caller.CREATOR) && !caller.has(Caller.REVIEWER) && !caller.has(Caller.EDITOR)) {
            throw Problem.forbidden("Checks are for creators, reviewers and editors.");
        }
        if (text == null || text.isBlank()) {
            throw ReviewProblems.invalid("'text' is required and must not be blank.");
        }
        if (text.length() > MAX_CHECK_CHARS) {
            throw ReviewProblems.invalid("'text' is longer than " + MAX_CHECK_CHARS + " characters.");
        }
        ScreeningReport report = screening.screen(ScreeningInput.ofText(text));
        return new CheckResult(report.hasBlocker(), view.asSeenBy(caller, report.findings()));
    }

    /** The stored findings; those in text OCR read from a picture carry where on it they are. */
    List<FindingRegions.LocatedFinding> findings(Caller caller, String id, int number) {
        Version version = version(visibility.visible(caller, id), number);
        List<Finding> stored = findings.read(id, version.number())
                .orElseThrow(() -> Problem.conflict(
                        "Version " + number + " has not been screened yet"
                                + (version.failure() != null
                                        ? ": its text could not be extracted."
                                        : "; try again shortly."),
                        Map.of()))
                .findings();
        return regions.locate(id, version.number(), view.asSeenBy(caller, stored));
    }

    DiffResult diff(Caller caller, String id, int from, int to) {
        Work work = visibility.visible(caller, id);
        Version a = version(work, from);
        Version b = version(work, to);
        return new DiffResult(from, to, a.digest(), b.digest(), TextDiff.lines(text(a), text(b)));
    }

    private String text(Version v) {
        if (v.textKey() == null) {
            throw Problem.conflict("Version " + v.number() + " has no extracted text.", Map.of());
        }
        return works.readText(v.textKey()).orElseThrow(() -> Problem.notFound("The text of version " + v.number()));
    }

    private static Version version(Work work, int number) {
        return work.version(number).orElseThrow(() -> Problem.notFound("Version " + number));
    }
}
