package org.kepu.api.works;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.distribution.Distribution;

/** A work as the API shows it: storage keys and leases stay inside. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkView(
        String id,
        long revision,
        String owner,
        WorkStatus status,
        String statusReason,
        WorkMetadata metadata,
        int currentVersion,
        List<VersionView> versions,
        Instant createdAt,
        Instant updatedAt,
        ReviewView review) {

    /**
     * Where the review stands: approvals count only for the current version; {@code openBlockers} are the
     * blocking findings of the current version.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReviewView(
            int requiredApprovals,
            long approvals,
            Integer openBlockers,
            Instant deadline,
            List<Review.Assignment> assignments,
            List<Review.Decision> decisions,
            List<Review.FindingsSummary> findings,
            Review.Publication publication,
            Review.Retraction retraction,
            List<Review.Placement> distribution) {

        static ReviewView of(Work w) {
            Review r = w.review();
            boolean any = !w.versions().isEmpty();
            return new ReviewView(
                    r.requiredApprovals(),
                    any ? r.approvalsFor(w.current()) : 0,
                    r.findingsOf(w.currentVersion())
                            .map(Review.FindingsSummary::blockers)
                            .orElse(null),
                    r.deadline(),
                    r.assignments(),
                    r.decisions(),
                    r.findings(),
                    r.publication(),
                    r.retraction(),
                    Distribution.placements(w));
        }

        /** Where the review stands without who reviews: reviewers stay anonymous to creators. */
        ReviewView blind() {
            return new ReviewView(
                    requiredApprovals,
                    approvals,
                    openBlockers,
                    deadline,
                    assignments.stream()
                            .map(a -> new Review.Assignment(null, a.assignedAt()))
                            .toList(),
                    decisions.stream()
                            .map(d -> new Review.Decision(
                                    null,
                                    d.version(),
                                    d.digest(),
                                    d.decision(),
                                    d.summary(),
                                    d.comments(),
                                    d.decidedAt()))
                            .toList(),
                    findings,
                    publication,
                    retraction,
                    distribution);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VersionView(
            int number,
            String digest,
            long size,
            String mediaType,
            String fileName,
            boolean subtitles,
            Instant uploadedAt,
            String extraction,
            Long textChars,
            String failure) {

        static VersionView of(Version v) {
            String extraction = v.textKey() != null ? "DONE" : v.failure() != null ? "FAILED" : "PENDING";
            return new VersionView(
                    v.number(),
                    v.digest(),
                    v.size(),
                    v.mediaType(),
                    v.fileName(),
                    v.subtitlesKey() != null,
                    v.uploadedAt(),
                    extraction,
                    v.textChars(),
                    v.failure());
        }
    }

    /** The work as the caller may see it: staff see who reviews it, creators only how the review stands. */
    public WorkView seenBy(Caller caller) {
        if (caller.seesAllWorks() || review == null) {
            return this;
        }
        return new WorkView(
                id,
                revision,
                owner,
                status,
                statusReason,
                metadata,
                currentVersion,
                versions,
                createdAt,
                updatedAt,
                review.blind());
    }

    public static WorkView of(Work w) {
        return new WorkView(
                w.id(),
                w.revision(),
                w.owner(),
                w.status(),
                w.statusReason(),
                w.metadata(),
                w.currentVersion(),
                w.versions().stream().map(VersionView::of).toList(),
                w.createdAt(),
                w.updatedAt(),
                ReviewView.of(w));
    }
}
