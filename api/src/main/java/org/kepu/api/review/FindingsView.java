package org.kepu.api.review;

import java.util.List;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.checks.Finding;
import org.springframework.stereotype.Component;

/**
 * Findings as one reader may see them. A finding about another work (a near-duplicate) is stored in full,
 * so reviewers see which work it is; it names that work only to readers who may read it, decided when
 * read, since the other work may have been published or deleted since the screening. Blocking.
 */
@Component
class FindingsView {

    private final WorkRepository works;

    FindingsView(WorkRepository works) {
        this.works = works;
    }

    List<Finding> asSeenBy(Caller caller, List<Finding> findings) {
        if (caller.seesAllWorks()) {
            return findings;
        }
        return findings.stream()
                .map(f -> f.otherWorkId() != null && mayRead(caller, f.otherWorkId()) ? f : f.withoutOtherWork())
                .toList();
    }

    /** A creator may read her own works and published ones, whichever channels they went to. */
    private boolean mayRead(Caller caller, String workId) {
        return works.find(workId)
                .filter(w -> w.owner().equals(caller.id()) || w.status() == WorkStatus.PUBLISHED)
                .isPresent();
    }
}
