package org.kepu.api.review;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.api.works.WorkService;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Review.Decision;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.assign.AssignmentPolicy;
import org.kepu.review.assign.Reviewer;
import org.kepu.review.assign.ReviewerRegistry;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.lifecycle.DecisionRequest;
import org.kepu.review.lifecycle.ReviewFlow;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Reviewers' decisions, their queue and the reviewer registry. All methods block. */
@Service
class ReviewService {

    private static final String ID = "[\\p{L}\\p{N}._@-]{1,64}";
    private static final int MAX_LIST = 100;

    private final WorkRepository works;
    private final WorkService visibility;
    private final ReviewerRegistry registry;
    private final ReviewerPool pool;
    private final ReviewFlow flow;
    private final AuditTrail audit;
    private final Clock clock;

    ReviewService(
            WorkRepository works,
            WorkService visibility,
            ReviewerRegistry registry,
            ReviewerPool pool,
            ReviewFlow flow,
            AuditTrail audit,
            Clock clock) {
        this.works = works;
        this.visibility = visibility;
        this.registry = registry;
        this.pool = pool;
        this.flow = flow;
        this.audit = audit;
        this.clock = clock;
    }

    Work decide(Caller caller, String id, DecisionRequest request) {
        if (!caller.has(Caller.REVIEWER)) {
            throw Problem.forbidden("Only reviewers decide on works.");
        }
        visibility.visible(caller, id);
        Instant now = clock.instant();
        Work decided = works.update(id, w -> flow.decide(w, caller.id(), request, now));
        Decision d =
                decided.review().decisions().get(decided.review().decisions().size() - 1);
        audit.record(
                id,
                AuditEvent.DECISION,
                caller.id(),
                d.version(),
                Map.of(
                        "decision", d.decision().name(),
                        "digest", d.digest(),
                        "summary", d.summary() == null ? "" : d.summary(),
                        "comments", d.comments().size(),
                        "status", decided.status().name()));
        return decided;
    }

    /**
     * The caller's queue: works assigned to them that wait for their decision, emergency works first and
     * then by deadline and age. Calling it registers the disciplines of the caller's token and takes on
     * works in review that still lack reviewers the caller may review.
     */
    List<QueueItem> queue(Caller caller) {
        if (!caller.has(Caller.REVIEWER)) {
            throw Problem.forbidden("The review queue is for reviewers.");
        }
        Optional<Reviewer> me = caller.disciplines().isEmpty()
                ? registry.find(caller.id())
                : Optional.of(registry.register(caller.id(), caller.disciplines()));
        List<Work> inReview = pool.inReview();
        List<QueueItem> items = new ArrayList<>();
        for (Work work : inReview) {
            Work current = me.isPresent() ? takeOn(work, me.get(), inReview) : work;
            Optional<Assignment> mine = current.review().assignments().stream()
                    .filter(a -> a.reviewer().equals(caller.id()))
                    .findFirst();
            if (mine.isPresent() && !ReviewerPool.decided(current, caller.id())) {
                items.add(QueueItem.of(current, mine.get()));
            }
        }
        items.sort(Comparator.comparing((QueueItem q) -> !q.emergency())
                .thenComparing(QueueItem::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(QueueItem::assignedAt));
        return items;
    }

    /** Assigns the reviewer to a work still short of reviewers, when the policy allows it. */
    private Work takeOn(Work work, Reviewer reviewer, List<Work> inReview) {
        if (work.review().assignments().size() >= work.review().requiredApprovals()
                || !AssignmentPolicy.eligible(reviewer, work)) {
            return work;
        }
        Instant now = clock.instant();
        AtomicBoolean added = new AtomicBoolean();
        Work updated = works.update(work.id(), w -> {
            Work next = flow.assign(w, List.of(reviewer), ReviewerPool.load(inReview), now);
            added.set(next != w);
            return next;
        });
        if (added.get()) {
            audit.record(
                    work.id(),
                    AuditEvent.ASSIGNMENT,
                    AuditTrail.SYSTEM,
                    updated.currentVersion(),
                    Map.of(
                            "reviewers",
                            List.of(reviewer.id()),
                            "requiredApprovals",
                            updated.review().requiredApprovals()));
        }
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

    /** A work in a reviewer's queue, with what they need to decide on it. */
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
            Instant assignedAt) {

        static QueueItem of(Work w, Assignment assignment) {
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
                    assignment.assignedAt());
        }
    }
}
