package org.kepu.api.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kepu.api.problem.Problem;
import org.kepu.api.problem.ReviewProblems;
import org.kepu.api.security.Caller;
import org.kepu.api.works.WorkService;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Review.Decision;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.assign.AssignmentPolicy;
import org.kepu.review.assign.Reviewer;
import org.kepu.review.assign.ReviewerLoad;
import org.kepu.review.assign.ReviewerRegistry;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.lifecycle.ConflictOfInterestException;
import org.kepu.review.lifecycle.DecisionRequest;
import org.kepu.review.lifecycle.ReviewFlow;
import org.kepu.review.screening.FindingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Reviewers' decisions, their queue and the reviewer registry. All methods block. */
@Service
class ReviewService {

    private static final Logger log = LoggerFactory.getLogger(ReviewService.class);
    private static final String ID = "[\\p{L}\\p{N}._@-]{1,64}";
    private static final int MAX_LIST = 100;

    private final WorkRepository works;
    private final WorkService visibility;
    private final ReviewerRegistry registry;
    private final ReviewerLoad pool;
    private final ReviewFlow flow;
    private final Clock clock;
    private final FindingsStore findings;

    ReviewService(
            WorkRepository works,
            WorkService visibility,
            ReviewerRegistry registry,
            ReviewerLoad pool,
            ReviewFlow flow,
            Clock clock,
            FindingsStore findings) {
        this.findings = findings;
        this.works = works;
        this.visibility = visibility;
        this.registry = registry;
        this.pool = pool;
        this.flow = flow;
        this.clock = clock;
    }

    /**
     * Records a decision. The reviewer's declared conflicts are read again now, so one declared since the
     * assignment refuses the decision (403) and moves the work to another reviewer.
     */
    Work decide(Caller caller, String id, DecisionRequest request) {
        if (!caller.has(Caller.REVIEWER)) {
            throw Problem.forbidden("Only reviewers decide on works.");
        }
        visibility.visibleToAssignee(caller, id);
        Reviewer me = registry.find(caller.id()).orElse(new Reviewer(caller.id(), List.of(), List.of(), null));
        Instant now = clock.instant();
        Work decided;
        try {
            decided = works.update(id, w -> {
                Work next = flow.decide(w, me, request, now);
                Decision d =
                        next.review().decisions().get(next.review().decisions().size() - 1);
                return next.recording(
                        AuditEvent.DECISION,
                        caller.id(),
                        d.version(),
                        Map.of(
                                "decision", d.decision().name(),
                                "digest", d.digest(),
                                "summary", d.summary() == null ? "" : d.summary(),
                                "comments", d.comments().size(),
                                "status", next.status().name()));
            });
        } catch (ConflictOfInterestException e) {
            withdraw(id, caller.id(), now);
            throw e;
        }
        return decided;
    }

    private void withdraw(String id, String reviewer, Instant now) {
        List<Work> inReview = pool.inReview();
        List<Reviewer> candidates = pool.reviewers();
        AtomicBoolean changed = new AtomicBoolean();
        Work moved = works.update(id, w -> {
            Work next = flow.withdrawConflicted(w, reviewer, candidates, ReviewerLoad.load(inReview), now);
            changed.set(next != w);
            if (next == w) {
                return w;
            }
            Map<String, Object> data = new HashMap<>();
            data.put("from", reviewer);
            data.put("reason", ReviewFlow.CONFLICT);
            successor(next, reviewer, now).ifPresent(a -> data.put("to", a.reviewer()));
            return next.recording(AuditEvent.REASSIGNMENT, AuditEvent.SYSTEM, next.currentVersion(), data);
        });
        if (!changed.get()) {
            return;
        }
        Optional<Assignment> successor = successor(moved, reviewer, now);
        log.info(
                "work {}: reviewer {} declared a conflict with its creator; moved to {}",
                id,
                reviewer,
                successor.map(Assignment::reviewer).orElse("nobody yet"));
    }

    private static Optional<Assignment> successor(Work work, String reviewer, Instant now) {
        return work.review().assignments().stream()
                .filter(a -> reviewer.equals(a.replaces()) && now.equals(a.assignedAt()))
                .findFirst();
    }

    /**
     * Works in review whose reviewers missed their deadline or were moved for a conflict, earliest due
     * first: what an editor looks at to chase or reassign a review by hand.
     */
    List<OverdueItem> overdue(Caller caller) {
        if (!caller.has(Caller.EDITOR) && !caller.has(Caller.ADMIN)) {
            throw Problem.forbidden("The overdue reviews are for editors.");
        }
        Instant now = clock.instant();
        List<OverdueItem> items = new ArrayList<>();
        for (Work work : pool.inReview()) {
            List<AssignmentState> states = work.review().assignments().stream()
                    .map(a -> AssignmentState.of(work, a, flow.dueAt(work, a), now))
                    .toList();
            if (states.stream().anyMatch(s -> s.overdue() || s.reason() != null)) {
                items.add(new OverdueItem(work.id(), work.metadata().title(), work.currentVersion(), states));
            }
        }
        items.sort(Comparator.comparing(i -> i.assignments().stream()
                .map(AssignmentState::dueAt)
                .min(Comparator.naturalOrder())
                .orElse(Instant.MAX)));
        return items;
    }

    /**
     * The caller's queue: works assigned to them that wait for their decision, emergency works first and
     * then by deadline and age. Reads only; {@link #takeOn(Caller)} is how a reviewer asks for work.
     */
    List<QueueItem> queue(Caller caller) {
        if (!caller.has(Caller.REVIEWER)) {
            throw Problem.forbidden("The review queue is for reviewers.");
        }
        return queueOf(caller, pool.inReview());
    }

    /**
     * Registers the disciplines of the caller's token and takes on works in review that still lack
     * reviewers the caller may review; answers the caller's queue afterwards.
     */
    List<QueueItem> takeOn(Caller caller) {
        if (!caller.has(Caller.REVIEWER)) {
            throw Problem.forbidden("The review queue is for reviewers.");
        }
        Optional<Reviewer> me = caller.disciplines().isEmpty()
                ? registry.find(caller.id())
                : Optional.of(registry.register(caller.id(), caller.disciplines()));
        List<Work> inReview = pool.inReview();
        if (me.isEmpty()) {
            return queueOf(caller, inReview);
        }
        List<Work> after = new ArrayList<>();
        for (Work work : inReview) {
            after.add(takeOn(work, me.get(), inReview));
        }
        return queueOf(caller, after);
    }

    private List<QueueItem> queueOf(Caller caller, List<Work> inReview) {
        List<QueueItem> items = new ArrayList<>();
        for (Work current : inReview) {
            Optional<Assignment> mine = current.review().assignments().stream()
                    .filter(a -> a.reviewer().equals(caller.id()))
                    .findFirst();
            if (mine.isPresent()
                    && current.status() == WorkStatus.IN_REVIEW
                    && !ReviewerLoad.decided(current, caller.id())) {
                items.add(QueueItem.of(current, mine.get(), flow.dueAt(current, mine.get()), newFindings(current)));
            }
        }
        items.sort(Comparator.comparing((QueueItem q) -> !q.emergency())
                .thenComparing(QueueItem::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(QueueItem::assignedAt));
        return items;
    }

    /** Findings knowledge base changes added to the current version since it was first screened. */
    private int newFindings(Work work) {
        return findings.read(work.id(), work.currentVersion())
                .map(FindingsStore.StoredFindings::newFindings)
                .orElse(0);
    }

    /** Assigns the reviewer to a work still short of reviewers, when the policy allows it. */
    private Work takeOn(Work work, Reviewer reviewer, List<Work> inReview) {
        if (work.review().assignments().size() >= work.review().requiredApprovals()
                || !AssignmentPolicy.eligible(reviewer, work)) {
            return work;
        }
        Instant now = clock.instant();
        Work updated = works.update(work.id(), w -> {
            Work next = flow.assign(w, List.of(reviewer), ReviewerLoad.load(inReview), now);
            if (next == w) {
                return w;
            }
            return next.recording(
                    AuditEvent.ASSIGNMENT,
                    reviewer.id(),
                    next.currentVersion(),
                    Map.of(
                            "reviewers",
                            List.of(reviewer.id()),
                            "requiredApprovals",
                            next.review().requiredApprovals()));
        });
        return updated;
    }

    Reviewer putReviewer(Caller caller, String id, ReviewerRequest request) {
        requireAdmin(caller);
        if (!id.matches(ID)) {
            throw ReviewProblems.invalid("A reviewer id is 1 to 64 letters, digits or . _ @ -");
        }
        List<String> disciplines = clean(request.disciplines(), "disciplines");
        List<String> conflicts = clean(request.conflicts(), "conflicts");
        if (conflicts.stream().anyMatch(c -> !c.matches(ID))) {
            throw ReviewProblems.invalid("'conflicts' lists creator ids: 1 to 64 letters, digits or . _ @ -");
        }
        return registry.put(id, disciplines, conflicts);
    }

    Reviewer reviewer(Caller caller, String id) {
        requireAdmin(caller);
        if (!id.matches(ID)) {
            throw Problem.notFound("The reviewer");
        }
        return registry.find(id).orElseThrow(() -> Problem.notFound("The reviewer"));
    }

    List<Reviewer> reviewers(Caller caller) {
        requireAdmin(caller);
        return registry.all();
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.has(Caller.ADMIN)) {
            throw Problem.forbidden("Only admins manage the reviewer registry.");
        }
    }

    private static List<String> clean(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_LIST || values.stream().anyMatch(v -> v == null || v.isBlank() || v.length() > 64)) {
            throw new Problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "invalid-request",
                    "'" + field + "' holds at most " + MAX_LIST + " non-blank entries of up to 64 characters.");
        }
        return values.stream().map(String::strip).distinct().toList();
    }

    record ReviewerRequest(List<String> disciplines, List<String> conflicts) {}

    /**
     * A work in a reviewer's queue, with what they need to decide on it.
     *
     * @param newFindings findings added to the current version by changes to the knowledge base since it
     *     was first screened; its audit trail tells which ({@code knowledge-findings})
     */
    record QueueItem(
            String id,
            String title,
            List<String> topics,
            boolean emergency,
            Instant deadline,
            int version,
            String digest,
            int requiredApprovals,
            long approvals,
            Instant assignedAt,
            Instant dueAt,
            int newFindings) {

        static QueueItem of(Work w, Assignment assignment, Instant dueAt, int newFindings) {
            return new QueueItem(
                    w.id(),
                    w.metadata().title(),
                    w.metadata().topics(),
                    w.metadata().emergency(),
                    w.review().deadline(),
                    w.currentVersion(),
                    w.current().digest(),
                    w.review().requiredApprovals(),
                    w.review().approvalsFor(w.current()),
                    assignment.assignedAt(),
                    dueAt,
                    newFindings);
        }
    }

    /** A work an editor should look at. */
    record OverdueItem(String id, String title, int version, List<AssignmentState> assignments) {}

    /**
     * One assignment as an editor sees it: whether the reviewer decided on the current version, when they
     * must, whether they are past it, and whom they replaced and why.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AssignmentState(
            String reviewer,
            Instant assignedAt,
            Instant dueAt,
            boolean decided,
            boolean overdue,
            Instant overdueSince,
            String replaces,
            String reason) {

        static AssignmentState of(Work w, Assignment a, Instant dueAt, Instant now) {
            boolean decided = ReviewerLoad.decided(w, a.reviewer());
            return new AssignmentState(
                    a.reviewer(),
                    a.assignedAt(),
                    dueAt,
                    decided,
                    !decided && !now.isBefore(dueAt),
                    a.overdueSince(),
                    a.replaces(),
                    a.reason());
        }
    }
}
