package org.kepu.review.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Review.Comment;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Review.Verdict;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.assign.AssignmentPolicy;
import org.kepu.review.assign.Reviewer;

class ReviewFlowTest {

    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
    private final ReviewFlow flow = new ReviewFlow(Duration.ofHours(24));

    private final Reviewer physicist = new Reviewer("rita", List.of("physics"), List.of(), NOW);
    private final Reviewer busyPhysicist = new Reviewer("paul", List.of("物理", "physics"), List.of(), NOW);
    private final Reviewer doctor = new Reviewer("dora", List.of("医学"), List.of(), NOW);
    private final Reviewer nurse = new Reviewer("nina", List.of("健康"), List.of(), NOW);
    private final Reviewer alice = new Reviewer("alice", List.of("physics"), List.of(), NOW);
    private final Reviewer alicesColleague = new Reviewer("carl", List.of("physics", "医学"), List.of("alice"), NOW);

    @Test
    void aCleanWorkGoesToTheLeastLoadedMatchingReviewerNeverItsCreator() {
        Work work = processing(aPhysicsArticleBy("alice"));

        Work screened = flow.screened(
                work,
                clean(work),
                List.of(alice, busyPhysicist, physicist, doctor, alicesColleague),
                Map.of("paul", 3, "rita", 1),
                NOW);

        assertThat(screened.status()).isEqualTo(WorkStatus.IN_REVIEW);
        assertThat(screened.review().requiredApprovals()).isEqualTo(1);
        assertThat(screened.review().assignments())
                .extracting(Assignment::reviewer)
                .containsExactly("rita");
        assertThat(screened.review().findingsOf(1)).isPresent();
        assertThat(screened.review().deadline()).isNull();
    }

    @Test
    void blockersSendTheWorkBackWithoutAssigningAnyone() {
        Work work = processing(aPhysicsArticleBy("alice"));
        Work screened = flow.screened(
                work, new FindingsSummary(1, work.current().digest(), 2, 0, 1, NOW), List.of(physicist), Map.of(), NOW);

        assertThat(screened.status()).isEqualTo(WorkStatus.CHANGES_REQUESTED);
        assertThat(screened.statusReason()).contains("2");
        assertThat(screened.review().assignments()).isEmpty();
    }

    @Test
    void healthAndEmergencyWorksNeedTwoIndependentApprovals() {
        Work health = processing(aHealthArticleBy("alice", false));
        Work screened =
                flow.screened(health, clean(health), List.of(doctor, nurse, alicesColleague, physicist), Map.of(), NOW);
        assertThat(screened.review().requiredApprovals()).isEqualTo(2);
        assertThat(screened.review().assignments())
                .extracting(Assignment::reviewer)
                .containsExactly("dora", "nina");

        Work afterOne = flow.decide(screened, doctor, approve(screened), NOW);
        assertThat(afterOne.status()).isEqualTo(WorkStatus.IN_REVIEW);
        assertThatThrownBy(() -> flow.decide(afterOne, doctor, approve(afterOne), NOW))
                .isInstanceOfSatisfying(
                        ReviewException.class, e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.CONFLICT));
        Work afterTwo = flow.decide(afterOne, nurse, approve(afterOne), NOW);
        assertThat(afterTwo.status()).isEqualTo(WorkStatus.APPROVED);

        Work emergency = processing(aHealthArticleBy("alice", true));
        Work urgent = flow.screened(emergency, clean(emergency), List.of(doctor), Map.of(), NOW);
        assertThat(urgent.review().deadline()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(urgent.review().assignments()).hasSize(1);
    }

    @Test
    void decisionsAreBoundToTheCurrentVersionAndDigestAndNeverByTheCreator() {
        Work work = inReview(aPhysicsArticleBy("alice"), physicist);

        assertThatThrownBy(() -> flow.decide(
                        work, physicist, new DecisionRequest(1, "sha256:other", Verdict.APPROVE, null, null), NOW))
                .isInstanceOfSatisfying(ReviewException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ReviewException.Kind.CONFLICT);
                    assertThat(e.details()).containsEntry("currentVersion", 1);
                });
        assertThatThrownBy(() -> flow.decide(work, alice, approve(work), NOW))
                .isInstanceOfSatisfying(
                        ReviewException.class, e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> flow.decide(work, busyPhysicist, approve(work), NOW))
                .isInstanceOfSatisfying(
                        ReviewException.class, e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> flow.decide(
                        work,
                        physicist,
                        new DecisionRequest(null, null, null, null, List.of(new Comment(5, 2, ""))),
                        NOW))
                .isInstanceOfSatisfying(ReviewException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ReviewException.Kind.INVALID);
                    assertThat(e.details().get("errors").toString())
                            .contains("version", "digest", "decision", "comments[0]");
                });

        Work changes = flow.decide(
                work,
                physicist,
                new DecisionRequest(
                        1,
                        work.current().digest(),
                        Verdict.REQUEST_CHANGES,
                        "光速数值有误",
                        List.of(new Comment(0, 4, "请核对"))),
                NOW);
        assertThat(changes.status()).isEqualTo(WorkStatus.CHANGES_REQUESTED);
        assertThat(changes.statusReason()).isEqualTo("光速数值有误");
        assertThatThrownBy(() -> flow.decide(changes, physicist, approve(changes), NOW))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aNewVersionVoidsEarlierApprovalsAndClosesThePublicationGate() {
        Work approved = flow.decide(inReview(aPhysicsArticleBy("alice"), physicist), physicist, approve(null), NOW);
        assertThat(approved.status()).isEqualTo(WorkStatus.APPROVED);
        assertThat(ReviewFlow.gateClosed(approved)).isEmpty();

        Work revised = flow.newVersion(approved.plusVersion(version(2, "sha256:v2")), NOW);
        assertThat(revised.status()).isEqualTo(WorkStatus.PROCESSING);
        assertThat(revised.review().approvalsFor(revised.current())).isZero();
        assertThat(revised.review().decisions()).hasSize(1);
        assertThat(ReviewFlow.gateClosed(revised))
                .hasValueSatisfying(r -> assertThat(r).contains("screened"));

        Work reScreened = flow.screened(revised, clean(revised), List.of(physicist), Map.of(), NOW);
        assertThat(reScreened.review().assignments()).hasSize(1);
        assertThat(ReviewFlow.gateClosed(reScreened))
                .hasValueSatisfying(r -> assertThat(r).contains("0 of 1"));
        assertThatThrownBy(() -> flow.decide(reScreened, physicist, approve(approved), NOW))
                .isInstanceOfSatisfying(
                        ReviewException.class, e -> assertThat(e.details()).containsEntry("currentVersion", 2));
    }

    @Test
    void publicationNowLaterOrRetractedFollowsTheGate() {
        Work inReview = inReview(aPhysicsArticleBy("alice"), physicist);
        assertThatThrownBy(() -> flow.publish(inReview, "ed", List.of("kepu"), null, NOW))
                .isInstanceOf(IllegalTransitionException.class);
        Work approved = flow.decide(inReview, physicist, approve(inReview), NOW);

        Work published = flow.publish(approved, "ed", List.of("kepu", "weibo"), null, NOW);
        assertThat(published.status()).isEqualTo(WorkStatus.PUBLISHED);
        assertThat(published.review().publication().channels()).containsExactly("kepu", "weibo");
        assertThat(published.review().publication().publishedAt()).isEqualTo(NOW);

        Instant later = NOW.plus(Duration.ofHours(2));
        Work scheduled = flow.publish(approved, "ed", List.of("kepu"), later, NOW);
        assertThat(scheduled.status()).isEqualTo(WorkStatus.SCHEDULED);
        assertThat(flow.publishIfDue(scheduled, NOW.plusSeconds(60))).isSameAs(scheduled);
        Work due = flow.publishIfDue(scheduled, later);
        assertThat(due.status()).isEqualTo(WorkStatus.PUBLISHED);
        assertThat(due.review().publication().publishedAt()).isEqualTo(later);
        assertThat(flow.publishIfDue(due, later.plusSeconds(1))).isSameAs(due);

        Work retracted = flow.retract(due, "ed", "数据来源被撤回", later);
        assertThat(retracted.status()).isEqualTo(WorkStatus.RETRACTED);
        assertThat(retracted.review().retraction().reason()).isEqualTo("数据来源被撤回");
        assertThatThrownBy(() -> flow.retract(retracted, "ed", "again", later))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> flow.newVersion(retracted, NOW)).isInstanceOf(IllegalTransitionException.class);

        Work rescheduledThenRevised = flow.newVersion(scheduled.plusVersion(version(2, "sha256:v2")), NOW);
        assertThat(rescheduledThenRevised.review().publication()).isNull();
    }

    @Test
    void aWorkDeclaredAsTechWhoseTextIsAboutVaccinesNeedsTwoApprovalsAndNeverFewerLater() {
        Work work = processing(aPhysicsArticleBy("alice"));
        Reviewer other = new Reviewer("otto", List.of("physics"), List.of(), NOW);
        List<String> terms = List.of("疫苗", "接种", "剂量");

        Work screened =
                flow.screened(work, clean(work).withSensitiveTerms(terms), List.of(physicist, other), Map.of(), NOW);
        assertThat(screened.review().requiredApprovals()).isEqualTo(2);
        assertThat(screened.review().assignments())
                .extracting(Assignment::reviewer)
                .containsExactly("otto", "rita");
        assertThat(screened.review().findingsOf(1).orElseThrow().sensitiveTerms())
                .containsExactlyElementsOf(terms);

        Work approvedOnce = flow.decide(screened, physicist, approve(screened), NOW);
        assertThat(approvedOnce.status()).isEqualTo(WorkStatus.IN_REVIEW);
        assertThat(ReviewFlow.gateClosed(approvedOnce))
                .hasValueSatisfying(r -> assertThat(r).contains("1 of 2"));

        // The creator strips the terms from version 2: the work still needs two approvals.
        Work revised = flow.newVersion(approvedOnce.plusVersion(version(2, "sha256:v2")), NOW);
        Work reScreened = flow.screened(
                revised, clean(revised).withSensitiveTerms(List.of("疫苗")), List.of(physicist, other), Map.of(), NOW);
        assertThat(reScreened.review().requiredApprovals()).isEqualTo(2);

        Work onePassingMention = processing(aPhysicsArticleBy("bob"));
        assertThat(flow.screened(
                                onePassingMention,
                                clean(onePassingMention).withSensitiveTerms(List.of("医院", "地震")),
                                List.of(physicist),
                                Map.of(),
                                NOW)
                        .review()
                        .requiredApprovals())
                .isEqualTo(1);
    }

    @Test
    void aConflictDeclaredAfterAssignmentRefusesTheDecisionAndTheWorkMovesToAnotherReviewer() {
        Reviewer otto = new Reviewer("otto", List.of("physics"), List.of(), NOW);
        Work work = inReview(aPhysicsArticleBy("alice"), physicist);
        Reviewer ritaNowConflicted = new Reviewer("rita", List.of("physics"), List.of("alice"), NOW.plusSeconds(60));

        assertThatThrownBy(() -> flow.decide(work, ritaNowConflicted, approve(work), NOW))
                .isInstanceOfSatisfying(
                        ConflictOfInterestException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.FORBIDDEN));

        Work moved = flow.withdrawConflicted(work, "rita", List.of(ritaNowConflicted, otto), Map.of(), NOW);
        assertThat(moved.review().assignments()).singleElement().satisfies(a -> {
            assertThat(a.reviewer()).isEqualTo("otto");
            assertThat(a.replaces()).isEqualTo("rita");
            assertThat(a.reason()).isEqualTo(ReviewFlow.CONFLICT);
            assertThat(a.assignedAt()).isEqualTo(NOW);
        });
        assertThat(flow.decide(moved, otto, approve(moved), NOW).status()).isEqualTo(WorkStatus.APPROVED);

        // Nobody else may take it: the conflicted reviewer is dropped all the same.
        Work nobodyElse = flow.withdrawConflicted(work, "rita", List.of(ritaNowConflicted), Map.of(), NOW);
        assertThat(nobodyElse.review().assignments()).isEmpty();
        assertThat(AssignmentPolicy.mayRead(ritaNowConflicted, work)).isFalse();
        assertThat(AssignmentPolicy.mayRead(physicist, work)).isTrue();
    }

    @Test
    void aReviewerWhoMissesTheDeadlineIsReplacedOrElseMarkedOverdueOnce() {
        ReviewFlow threeDays = new ReviewFlow(Duration.ofHours(24), Duration.ofDays(3));
        Reviewer otto = new Reviewer("otto", List.of("physics"), List.of(), NOW);
        Work p = processing(aPhysicsArticleBy("alice"));
        Work work = threeDays.screened(p, clean(p), List.of(physicist), Map.of(), NOW);
        Assignment rita = work.review().assignments().get(0);
        assertThat(threeDays.dueAt(work, rita)).isEqualTo(NOW.plus(Duration.ofDays(3)));

        Instant early = NOW.plus(Duration.ofDays(3)).minusSeconds(1);
        assertThat(threeDays.replaceOverdue(work, List.of(physicist, otto), Map.of(), early))
                .isSameAs(work);

        Instant late = NOW.plus(Duration.ofDays(3));
        Work replaced = threeDays.replaceOverdue(work, List.of(physicist, otto), Map.of(), late);
        assertThat(replaced.review().assignments()).singleElement().satisfies(a -> {
            assertThat(a.reviewer()).isEqualTo("otto");
            assertThat(a.replaces()).isEqualTo("rita");
            assertThat(a.reason()).isEqualTo(ReviewFlow.DEADLINE);
            assertThat(threeDays.dueAt(replaced, a)).isEqualTo(late.plus(Duration.ofDays(3)));
        });

        Work overdue = threeDays.replaceOverdue(work, List.of(physicist), Map.of(), late);
        assertThat(overdue.review().assignments()).singleElement().satisfies(a -> {
            assertThat(a.reviewer()).isEqualTo("rita");
            assertThat(a.overdueSince()).isEqualTo(late);
        });
        assertThat(threeDays.replaceOverdue(overdue, List.of(physicist), Map.of(), late.plusSeconds(600)))
                .as("marked once, not at every sweep")
                .isSameAs(overdue);
        Work decided = threeDays.decide(overdue, physicist, approve(overdue), late.plusSeconds(700));
        assertThat(threeDays.replaceOverdue(decided, List.of(physicist, otto), Map.of(), late.plusSeconds(800)))
                .isSameAs(decided);
    }

    @Test
    void aNewVersionRestartsTheClockAndEmergencyWorksGetTheShorterTime() {
        ReviewFlow threeDays = new ReviewFlow(Duration.ofHours(24), Duration.ofDays(3));
        Work p = processing(aPhysicsArticleBy("alice"));
        Work work = threeDays.screened(p, clean(p), List.of(physicist), Map.of(), NOW);
        Work revised = threeDays.newVersion(work.plusVersion(version(2, "sha256:v2")), NOW.plus(Duration.ofDays(2)));
        Instant screenedAgain = NOW.plus(Duration.ofDays(2));
        Work reScreened = threeDays.screened(
                revised,
                new FindingsSummary(2, "sha256:v2", 0, 0, 0, screenedAgain),
                List.of(physicist),
                Map.of(),
                screenedAgain);
        assertThat(threeDays.dueAt(reScreened, reScreened.review().assignments().get(0)))
                .isEqualTo(screenedAgain.plus(Duration.ofDays(3)));

        Work e = processing(aHealthArticleBy("alice", true));
        Work urgent = threeDays.screened(e, clean(e), List.of(doctor, nurse), Map.of(), NOW);
        assertThat(threeDays.dueAt(urgent, urgent.review().assignments().get(0)))
                .isEqualTo(NOW.plus(Duration.ofHours(24)));
    }

    private Work inReview(Work work, Reviewer reviewer) {
        Work p = processing(work);
        return flow.screened(p, clean(p), List.of(reviewer), Map.of(), NOW);
    }

    @Test
    void aFailedExtractionLeavesTheWorkFailedWithItsReasonAndOnlyWhileProcessing() {
        Work failed = flow.extractionFailed(aPhysicsArticleBy("alice"), "not a readable PDF");

        assertThat(failed.status()).isEqualTo(WorkStatus.FAILED);
        assertThat(failed.statusReason()).isEqualTo("not a readable PDF");
        assertThat(failed.review().assignments()).isEmpty();
        // a work already screened is not sent back by a late extraction result
        Work inReview = flow.screened(
                aPhysicsArticleBy("alice"), clean(aPhysicsArticleBy("alice")), List.of(physicist), Map.of(), NOW);
        assertThatThrownBy(() -> flow.extractionFailed(inReview, "late"))
                .isInstanceOf(IllegalTransitionException.class);
    }

    private static DecisionRequest approve(Work work) {
        int number = work == null ? 1 : work.currentVersion();
        String digest = work == null ? "sha256:v1" : work.current().digest();
        return new DecisionRequest(number, digest, Verdict.APPROVE, "准确", List.of());
    }

    private static FindingsSummary clean(Work work) {
        return new FindingsSummary(work.currentVersion(), work.current().digest(), 0, 1, 2, NOW);
    }

    private static Work processing(Work work) {
        return work.withStatus(WorkStatus.PROCESSING, null);
    }

    private static Work aPhysicsArticleBy(String owner) {
        return work(
                owner,
                new WorkMetadata("光速", null, "article", List.of("physics"), List.of("public"), null, null, false));
    }

    private static Work aHealthArticleBy(String owner, boolean emergency) {
        return work(
                owner,
                new WorkMetadata(
                        "流感防治", null, "article", List.of("医学", "健康"), List.of("public"), null, null, emergency));
    }

    private static Work work(String owner, WorkMetadata metadata) {
        return new Work(
                "w1",
                1,
                owner,
                metadata,
                WorkStatus.PROCESSING,
                null,
                List.of(version(1, "sha256:v1")),
                null,
                NOW,
                NOW);
    }

    private static Version version(int number, String digest) {
        return new Version(
                number, digest, 10, "text/plain", "a.txt", "works/w1/uploads/" + number, null, NOW, "t", 10L, null);
    }
}
