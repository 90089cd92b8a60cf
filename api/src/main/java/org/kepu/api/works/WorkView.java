package org.kepu.api.works;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;

/** A work as the API shows it: storage keys and leases stay inside. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WorkView(
        String id,
        long revision,
        String owner,
        WorkStatus status,
        String statusReason,
        WorkMetadata metadata,
        int currentVersion,
        List<VersionView> versions,
        Instant createdAt,
        Instant updatedAt) {

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

    static WorkView of(Work w) {
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
                w.updatedAt());
    }
}
