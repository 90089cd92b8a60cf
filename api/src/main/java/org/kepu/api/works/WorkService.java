package org.kepu.api.works;

import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.kepu.api.operations.KepuMetrics;
import org.kepu.api.problem.Problem;
import org.kepu.api.problem.ReviewProblems;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.extraction.OcrLayout;
import org.kepu.ingestion.pipeline.ExtractionPipeline;
import org.kepu.ingestion.upload.IncomingFile;
import org.kepu.ingestion.upload.StoredFile;
import org.kepu.ingestion.upload.UploadService;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkNotFoundException;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.assign.AssignmentPolicy;
import org.kepu.review.assign.ReviewerRegistry;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.lifecycle.ReviewFlow;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Creating works and versions, and reading them as the caller may. All methods block. */
@Service
public class WorkService {

    private final WorkRepository works;
    private final UploadService uploads;
    private final ExtractionPipeline extraction;
    private final Clock clock;
    private final ReviewFlow flow;
    private final ReviewerRegistry reviewers;
    private final KepuMetrics metrics;

    WorkService(
            WorkRepository works,
            UploadService uploads,
            ExtractionPipeline extraction,
            Clock clock,
            ReviewFlow flow,
            ReviewerRegistry reviewers,
            KepuMetrics metrics) {
        this.metrics = metrics;
        this.works = works;
        this.uploads = uploads;
        this.extraction = extraction;
        this.clock = clock;
        this.flow = flow;
        this.reviewers = reviewers;
    }

    String newId() {
        return UUID.randomUUID().toString();
    }

    IncomingFile receiveOriginal(String workId, String fileName) {
        return uploads.receive(workId, fileName);
    }

    IncomingFile receiveSubtitles(String workId, String fileName) {
        return uploads.receiveSubtitles(workId, fileName);
    }

    void discard(StoredFile file) {
        uploads.discard(file);
    }

    /**
     * Commits a new work of {@code owner} after its file is stored; the work becomes visible only now. Throws
     * {@link org.kepu.ingestion.work.ConcurrentChangeException} when a work with this id exists.
     */
    Work create(
            Caller caller,
            String owner,
            String id,
            WorkMetadata metadata,
            StoredFile file,
            Optional<StoredFile> subtitles) {
        Version first = version(1, file, subtitles);
        extraction.pending(id, file.objectKey());
        Map<String, Object> data = uploaded(first);
        if (!owner.equals(caller.id())) {
            data = new java.util.HashMap<>(data);
            data.put("onBehalfOf", owner);
        }
        Work work = works.create(new Work(
                        id,
                        0,
                        owner,
                        metadata,
                        WorkStatus.PROCESSING,
                        null,
                        List.of(first),
                        null,
                        clock.instant(),
                        clock.instant())
                .recording(AuditEvent.UPLOAD, caller.id(), first.number(), data));
        metrics.uploaded("work", file.size() + subtitles.map(StoredFile::size).orElse(0L));
        extraction.submit(id);
        return work;
    }

    /**
     * The work an earlier upload with the same idempotency key made. A work of that id with another owner
     * cannot come from the same key, so it is a conflict rather than an answer.
     */
    Optional<Work> existing(String id, String owner) {
        Optional<Work> found = works.find(id);
        if (found.isPresent() && !found.get().owner().equals(owner)) {
            throw Problem.conflict("This idempotency key was used for another work.", Map.of());
        }
        return found;
    }

    /** Checks before the upload streams that the caller may add a version. */
    Work ownedForUpdate(Caller caller, String id) {
        Work work = visible(caller, id);
        if (!work.owner().equals(caller.id())) {
            throw Problem.forbidden("Only the creator of a work can upload new versions of it.");
        }
        if (work.status() == WorkStatus.RETRACTED) {
            throw Problem.conflict(
                    "The work was retracted; upload it as a new work.", Map.of("currentStatus", work.status()));
        }
        return work;
    }

    Work addVersion(Caller caller, String id, StoredFile file, Optional<StoredFile> subtitles) {
        extraction.pending(id, file.objectKey());
        // Decisions are bound to a version and digest, so the new version starts without approvals.
        Work updated = ReviewProblems.translated(() -> works.update(id, w -> {
            if (!w.owner().equals(caller.id())) {
                throw Problem.forbidden("Only the creator of a work can upload new versions of it.");
            }
            Version added = version(w.currentVersion() + 1, file, subtitles);
            return flow.newVersion(w.plusVersion(added), clock.instant())
                    .recording(AuditEvent.UPLOAD, caller.id(), added.number(), uploaded(added));
        }));
        metrics.uploaded(
                "version", file.size() + subtitles.map(StoredFile::size).orElse(0L));
        extraction.submit(id);
        return updated;
    }

    /** The work if the caller may see it; otherwise not found, so ids of others' drafts leak nothing. */
    public Work visible(Caller caller, String id) {
        return visible(caller, id, false);
    }

    /**
     * As {@link #visible(Caller, String)}, but a reviewer assigned to the work finds it even after declaring
     * a conflict with its creator, so that a decision can be refused with the reason rather than a 404.
     */
    public Work visibleToAssignee(Caller caller, String id) {
        return visible(caller, id, true);
    }

    private Work visible(Caller caller, String id, boolean assigneeToo) {
        if (!id.matches("[0-9a-f-]{36}")) {
            throw Problem.notFound("The work");
        }
        Work work = works.find(id).orElseThrow(() -> new WorkNotFoundException(id));
        boolean assignee =
                assigneeToo && caller.has(Caller.REVIEWER) && work.review().isAssigned(caller.id());
        if (!assignee && !mayRead(caller, work)) {
            throw Problem.notFound("The work");
        }
        return work;
    }

    Version version(Caller caller, String id, int number) {
        return visible(caller, id).version(number).orElseThrow(() -> Problem.notFound("Version " + number));
    }

    Optional<InputStream> open(String key) {
        return works.store().open(key);
    }

    /** Where OCR read each line of a version's text from a picture; empty when no text came from OCR. */
    public List<OcrLayout.Line> ocrLines(String id, int number) {
        return new JsonObjects(works.store())
                .read(OcrLayout.key(id, number), OcrLayout.class)
                .map(OcrLayout::lines)
                .orElse(List.of());
    }

    Optional<java.net.URI> presigned(String key) {
        return works.store().presignedGet(key, java.time.Duration.ofMinutes(5));
    }

    /**
     * Creators read their own works; editors and admins all; reviewers all but the drafts of creators they
     * declared a conflict of interest with.
     */
    private boolean mayRead(Caller caller, Work work) {
        if (work.owner().equals(caller.id()) || caller.has(Caller.EDITOR) || caller.has(Caller.ADMIN)) {
            return true;
        }
        return caller.has(Caller.REVIEWER)
                && reviewers
                        .find(caller.id())
                        .map(r -> AssignmentPolicy.mayRead(r, work))
                        .orElse(true);
    }

    private Version version(int number, StoredFile file, Optional<StoredFile> subtitles) {
        return new Version(
                number,
                file.digest(),
                file.size(),
                file.mediaType(),
                file.fileName(),
                file.objectKey(),
                subtitles.map(StoredFile::objectKey).orElse(null),
                clock.instant(),
                null,
                null,
                null);
    }

    private static Map<String, Object> uploaded(Version v) {
        return Map.of("digest", v.digest(), "size", v.size(), "mediaType", v.mediaType(), "fileName", v.fileName());
    }

    static Problem missing(String part) {
        return new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-upload", "The '" + part + "' part is required.");
    }
}
