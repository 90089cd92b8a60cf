package org.kepu.review.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Review.Decision;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Review.Retraction;
import org.kepu.ingestion.work.Review.Verdict;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.assign.AssignmentPolicy;
import org.kepu.review.assign.Reviewer;
import org.kepu.review.assign.Sensitivity;
import org.kepu.review.distribution.Distribution;

/**
 * The review steps as pure changes of a work: each takes the manifest as read and returns the manifest
 * to write, or throws a {@link ReviewException}. They run inside the repository's compare-and-set, so
 * they decide from the manifest alone and may run more than once.
 */
public final class ReviewFlow {

    /** How long a reviewer has to decide unless configured otherwise. */
    public static final Duration DEFAULT_REVIEW_DEADLINE = Duration.ofDays(3);

    /** Why a work moved from one reviewer to another, as {@link Assignment#reason()} records it. */
    public static final String DEADLINE = "deadline";

    public static final String CONFLICT = "conflict";

    private final Duration emergencyTurnaround;
    private final Duration reviewDeadline;

    /** @param emergencyTurnaround how long reviewers have for an emergency work after it is screened */
    public ReviewFlow(Duration emergencyTurnaround) {
        this(emergencyTurnaround, DEFAULT_REVIEW_DEADLINE);
    }

    /**
     * @param reviewDeadline how long an assigned reviewer has to decide on the current version before the
     *     work goes to someone else (for emergency works the shorter of this and the turnaround)
     */
    public ReviewFlow(Duration emergencyTurnaround, Duration reviewDeadline) {
        this.emergencyTurnaround = emergencyTurnaround;
        this.reviewDeadline = reviewDeadline;
    }

    /** A new version was added: earlier decisions stay as history but no longer count; a schedule is cancelled. */
    public Work newVersion(Work work, Instant now) {
        WorkStatus next = Lifecycle.next(work.status(), Lifecycle.Event.NEW_VERSION);
        Review review = work.review();
        if (work.status() == WorkStatus.SCHEDULED) {
            review = review.withPublication(null);
        }
        // a published work leaves its channels while the new version is reviewed
        return Distribution.settle(work.withReview(review).withStatus(next, null), now);
    }

    /**
     * The current version's text could not be extracted: the work waits for its creator to upload again,
     * with the reason, through the same table as every other status change.
     */
    public Work extractionFailed(Work work, String reason) {
        return work.withStatus(Lifecycle.next(work.status(), Lifecycle.Event.EXTRACTION_FAILED), reason);
    }

    /**
     * The current version was screened: blockers send the work back to its creator, otherwise it goes to
     * review and reviewers are assigned from the candidates. The approvals needed follow from the metadata
     * and from the sensitive terms in the version's text, and never fall below what an earlier screening
     * required, so a revised text cannot talk its way down to a single reviewer.
     */
    public Work screened(
            Work work, FindingsSummary summary, List<Reviewer> candidates, Map<String, Integer> load, Instant now) {
        boolean blocked = summary.blockers() > 0;
        WorkStatus next = Lifecycle.next(
                work.status(), blocked ? Lifecycle.Event.SCREENED_WITH_BLOCKERS : Lifecycle.Event.SCREENED_CLEAN);
        boolean emergency = work.metadata().emergency();
        Instant deadline = emergency
                ? (work.review().deadline() != null ? work.review().deadline() : now.plus(emergencyTurnaround))
                : null;
        int required = Math.max(
                work.review().requiredApprovals(),
                Sensitivity.requiredApprovals(work.metadata(), summary.sensitiveTerms()));
        Review review = work.review().withFindings(summary).withRequiredApprovals(required, deadline);
        Work screened = work.withReview(review)
                .withStatus(
                        next,
                        blocked
                                ? "The automated screening found " + summary.blockers()
                                        + " blocking problem(s); see the findings of version " + summary.version()
                                        + "."
                                : null);
        return blocked ? screened : assign(screened, candidates, load, now);
    }

    /** Adds reviewers until the work has as many as it needs approvals; other statuses are left alone. */
    public Work assign(Work work, List<Reviewer> candidates, Map<String, Integer> load, Instant now) {
        if (work.status() != WorkStatus.IN_REVIEW) {
            return work;
        }
        List<Assignment> chosen = AssignmentPolicy.choose(work, candidates, load, now);
        return chosen.isEmpty() ? work : work.withReview(work.review().plusAssignments(chosen));
    }

    /**
     * A reviewer's decision on the current version. Conflicts of interest are checked again here, since a
     * reviewer may declare one after being assigned: such a decision throws {@link ConflictOfInterestException}.
     */
    public Work decide(Work work, Reviewer who, DecisionRequest request, Instant now) {
        request.validate();
        String reviewer = who.id();
        if (work.owner().equals(reviewer)) {
            throw new ReviewException(
                    ReviewException.Kind.FORBIDDEN, "Creators cannot review their own works.", Map.of());
        }
        if (!work.review().isAssigned(reviewer)) {
            throw new ReviewException(
                    ReviewException.Kind.FORBIDDEN, "Only reviewers assigned to the work can decide on it.", Map.of());
        }
        if (who.conflictsWith(work.owner())) {
            throw new ConflictOfInterestException();
        }
        Version current = work.current();
        if (request.version() != current.number() || !current.digest().equals(request.digest())) {
            throw new ReviewException(
                    ReviewException.Kind.CONFLICT,
                    "The decision is for version " + request.version() + " but the current version is "
                            + current.number() + "; review the current version.",
                    Map.of(
                            "currentStatus", work.status().name(),
                            "currentVersion", current.number(),
                            "digest", current.digest()));
        }
        Lifecycle.Event intended = switch (request.decision()) {
            case APPROVE -> Lifecycle.Event.APPROVE;
            case REQUEST_CHANGES -> Lifecycle.Event.REQUEST_CHANGES;
            case REJECT -> Lifecycle.Event.REJECT;
        };
        if (!Lifecycle.allows(work.status(), intended)) {
            throw new IllegalTransitionException(work.status(), intended);
        }
        if (work.review().decisionsFor(current).stream()
                .anyMatch(d -> d.reviewer().equals(reviewer))) {
            throw new ReviewException(
                    ReviewException.Kind.CONFLICT,
                    "You already decided on version " + current.number() + ".",
                    Map.of("currentStatus", work.status().name(), "currentVersion", current.number()));
        }
        Decision decision = new Decision(
                reviewer,
                current.number(),
                current.digest(),
                request.decision(),
                request.summary(),
                request.comments(),
                now);
        Review review = work.review().plusDecision(decision);
        Lifecycle.Event event =
                intended == Lifecycle.Event.APPROVE && review.approvalsFor(current) < review.requiredApprovals()
                        ? Lifecycle.Event.APPROVE_PARTIALLY
                        : intended;
        String reason = request.decision() == Verdict.APPROVE ? null : request.summary();
        return work.withReview(review).withStatus(Lifecycle.next(work.status(), event), reason);
    }

    /** When the assigned reviewer's time to decide on the current version runs out. */
    public Instant dueAt(Work work, Assignment assignment) {
        Instant start = assignment.assignedAt();
        Optional<FindingsSummary> screened = work.review().findingsOf(work.currentVersion());
        // a new version restarts the clock: the reviewer has to read it first
        if (screened.isPresent()
                && screened.get().screenedAt() != null
                && screened.get().screenedAt().isAfter(start)) {
            start = screened.get().screenedAt();
        }
        boolean urgent = work.metadata().emergency() && emergencyTurnaround.compareTo(reviewDeadline) < 0;
        return start.plus(urgent ? emergencyTurnaround : reviewDeadline);
    }

    /**
     * Moves the work from every assigned reviewer whose time ran out without a decision on the current
     * version to the least loaded other eligible reviewer. Where nobody else is eligible the assignment
     * stays and is marked overdue, once. Works not in review are returned unchanged, as is a work with
     * nothing overdue.
     */
    public Work replaceOverdue(Work work, List<Reviewer> candidates, Map<String, Integer> load, Instant now) {
        if (work.status() != WorkStatus.IN_REVIEW) {
            return work;
        }
        List<Assignment> late = work.review().assignments().stream()
                .filter(a -> !decided(work, a.reviewer()) && !now.isBefore(dueAt(work, a)))
                .toList();
        // one late reviewer must not take over from another on the same work
        Set<String> excluded = new HashSet<>();
        late.forEach(a -> excluded.add(a.reviewer()));
        Work next = work;
        for (Assignment a : late) {
            next = move(next, a.reviewer(), DEADLINE, candidates, load, excluded, true, now);
        }
        return next;
    }

    /**
     * Moves the work from a reviewer who declared a conflict with its creator. If nobody else is eligible
     * the work waits short of a reviewer, to be taken on from the queue, rather than stay with them.
     */
    public Work withdrawConflicted(
            Work work, String reviewer, List<Reviewer> candidates, Map<String, Integer> load, Instant now) {
        if (work.status() != WorkStatus.IN_REVIEW || !work.review().isAssigned(reviewer)) {
            return work;
        }
        return move(work, reviewer, CONFLICT, candidates, load, Set.of(reviewer), false, now);
    }

    private static Work move(
            Work work,
            String from,
            String reason,
            List<Reviewer> candidates,
            Map<String, Integer> load,
            Set<String> excluded,
            boolean keepIfNobody,
            Instant now) {
        Optional<Reviewer> to = AssignmentPolicy.replacement(work, candidates, load, excluded);
        List<Assignment> assignments = new ArrayList<>();
        boolean changed = false;
        for (Assignment a : work.review().assignments()) {
            if (!a.reviewer().equals(from)) {
                assignments.add(a);
            } else if (to.isPresent()) {
                assignments.add(new Assignment(to.get().id(), now, from, reason, null));
                changed = true;
            } else if (keepIfNobody) {
                assignments.add(a.overdueSince() == null ? a.overdue(now) : a);
                changed |= a.overdueSince() == null;
            } else {
                changed = true;
            }
        }
        return changed ? work.withReview(work.review().withAssignments(assignments)) : work;
    }

    private static boolean decided(Work work, String reviewer) {
        return work.review().decisionsFor(work.current()).stream()
                .anyMatch(d -> d.reviewer().equals(reviewer));
    }

    /** Why the work may not be published now; empty when it may. */
    public static Optional<String> gateClosed(Work work) {
        if (work.versions().isEmpty()) {
            return Optional.of("the work has no version");
        }
        Version current = work.current();
        Review review = work.review();
        Optional<FindingsSummary> findings = review.findingsOf(current.number());
        if (findings.isEmpty() || !current.digest().equals(findings.get().digest())) {
            return Optional.of("version " + current.number() + " has not been screened");
        }
        if (findings.get().blockers() > 0) {
            return Optional.of("version " + current.number() + " has open blocking findings");
        }
        long approvals = review.approvalsFor(current);
        if (approvals < review.requiredApprovals()) {
            return Optional.of("version " + current.number() + " has " + approvals + " of " + review.requiredApprovals()
                    + " required approvals");
        }
        return Optional.empty();
    }

    /** Publishes now, or schedules when {@code publishAt} is in the future. */
    public Work publish(Work work, String editor, List<String> channels, Instant publishAt, Instant now) {
        return publish(work, editor, channels, publishAt, null, now);
    }

    /** @param note what an editor says of a correction, shown to outlets; may be null */
    public Work publish(Work work, String editor, List<String> channels, Instant publishAt, String note, Instant now) {
        boolean later = publishAt != null && publishAt.isAfter(now);
        WorkStatus next = Lifecycle.next(work.status(), later ? Lifecycle.Event.SCHEDULE : Lifecycle.Event.PUBLISH);
        gateClosed(work).ifPresent(reason -> {
            throw new ReviewException(
                    ReviewException.Kind.CONFLICT,
                    "The work cannot be published: " + reason + ".",
                    Map.of("currentStatus", work.status().name(), "currentVersion", work.currentVersion()));
        });
        Publication publication = new Publication(channels, later ? publishAt : now, later ? null : now, editor, note);
        return Distribution.settle(
                work.withReview(work.review().withPublication(publication)).withStatus(next, null), now);
    }

    /**
     * Carries out a due schedule. A work that is not scheduled, not yet due, or whose gate closed since
     * (it cannot while scheduled, but the manifest is the judge) is returned unchanged.
     */
    public Work publishIfDue(Work work, Instant now) {
        Publication p = work.review().publication();
        if (work.status() != WorkStatus.SCHEDULED
                || p == null
                || p.publishAt() == null
                || p.publishAt().isAfter(now)
                || gateClosed(work).isPresent()) {
            return work;
        }
        Publication done = new Publication(p.channels(), p.publishAt(), now, p.editor(), p.note());
        return Distribution.settle(
                work.withReview(work.review().withPublication(done))
                        .withStatus(Lifecycle.next(work.status(), Lifecycle.Event.PUBLISH_SCHEDULED), null),
                now);
    }

    /**
     * Takes a published work out of some of its channels, or of all when {@code channels} is empty. Out of
     * all, it is approved again and may be published anew; the channels it left keep its tombstone.
     */
    public Work unpublish(Work work, List<String> channels, Instant now) {
        Publication p = work.review().publication();
        if (work.status() != WorkStatus.PUBLISHED || p == null) {
            throw new IllegalTransitionException(work.status(), Lifecycle.Event.UNPUBLISH);
        }
        List<String> remaining = channels.isEmpty()
                ? List.of()
                : p.channels().stream().filter(c -> !channels.contains(c)).toList();
        if (remaining.equals(p.channels())) {
            return work;
        }
        if (remaining.isEmpty()) {
            return Distribution.settle(
                    work.withReview(work.review().withPublication(null))
                            .withStatus(Lifecycle.next(work.status(), Lifecycle.Event.UNPUBLISH), null),
                    now);
        }
        Publication fewer = new Publication(remaining, p.publishAt(), p.publishedAt(), p.editor(), p.note());
        return Distribution.settle(work.withReview(work.review().withPublication(fewer)), now);
    }

    public Work retract(Work work, String editor, String reason, Instant now) {
        WorkStatus next = Lifecycle.next(work.status(), Lifecycle.Event.RETRACT);
        return Distribution.settle(
                work.withReview(work.review().withRetraction(new Retraction(reason, editor, now)))
                        .withStatus(next, reason),
                now);
    }
}
