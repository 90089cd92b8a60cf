package org.kepu.api.review;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.Review.Placement;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.assign.AssignmentPolicy;
import org.kepu.review.assign.Reviewer;
import org.kepu.review.assign.ReviewerRegistry;
import org.kepu.review.channels.Channel;
import org.kepu.review.channels.ChannelRegistry;
import org.kepu.review.checks.Finding;
import org.kepu.review.distribution.Distribution;
import org.springframework.stereotype.Component;

/**
 * Findings as one reader may see them. A finding about another work (a near-duplicate) is stored in full,
 * so reviewers see which work it is; it names that work only to readers who may read it, decided when
 * read, since the other work may have been published or deleted since the screening. Blocking.
 */
@Component
class FindingsView {

    private final WorkRepository works;
    private final ChannelRegistry channels;
    private final ReviewerRegistry reviewers;

    FindingsView(WorkRepository works, ChannelRegistry channels, ReviewerRegistry reviewers) {
        this.works = works;
        this.channels = channels;
        this.reviewers = reviewers;
    }

    List<Finding> asSeenBy(Caller caller, List<Finding> findings) {
        if (caller.has(Caller.EDITOR) || caller.has(Caller.ADMIN)) {
            return findings;
        }
        Optional<Reviewer> reviewer = caller.has(Caller.REVIEWER) ? reviewers.find(caller.id()) : Optional.empty();
        if (caller.has(Caller.REVIEWER)
                && reviewer.map(r -> r.conflicts().isEmpty()).orElse(true)) {
            return findings;
        }
        return findings.stream()
                .map(f -> f.otherWorkId() != null && mayRead(caller, reviewer, f.otherWorkId())
                        ? f
                        : f.withoutOtherWork())
                .toList();
    }

    /**
     * A creator may read her own works and those published on the channels she can read, the public ones;
     * a reviewer every work but the drafts of creators she declared a conflict of interest with.
     */
    private boolean mayRead(Caller caller, Optional<Reviewer> reviewer, String workId) {
        return works.find(workId)
                .filter(w -> w.owner().equals(caller.id())
                        || onPublicChannel(w)
                        || reviewer.map(r -> AssignmentPolicy.mayRead(r, w)).orElse(false))
                .isPresent();
    }

    private boolean onPublicChannel(Work work) {
        Set<String> open =
                channels.all().stream().filter(Channel::open).map(Channel::name).collect(Collectors.toSet());
        return Distribution.placements(work).stream().filter(Placement::live).anyMatch(p -> open.contains(p.channel()));
    }
}
