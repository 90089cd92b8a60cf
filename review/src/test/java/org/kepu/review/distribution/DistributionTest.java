package org.kepu.review.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Review.Move;
import org.kepu.ingestion.work.Review.Placement;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Review.Retraction;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;

class DistributionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);

    @Test
    void aPublicationPlacesTheWorkInEachChannelOnce() {
        Work work = Distribution.settle(published(aWork(1), List.of("kids", "health"), null), T0);

        assertThat(work.review().placements())
                .containsExactly(
                        new Placement("kids", 1, true, 1, Move.PUBLISHED, T0, T0, null),
                        new Placement("health", 1, true, 1, Move.PUBLISHED, T0, T0, null));
        assertThat(Distribution.settle(work, T1)).isSameAs(work);
    }

    @Test
    void republishingToFewerChannelsLeavesATombstoneInTheChannelLeft() {
        Work both = Distribution.settle(published(aWork(1), List.of("kids", "health"), null), T0);
        Work underReview =
                Distribution.settle(both.plusVersion(version(2)).withStatus(WorkStatus.PROCESSING, null), T1);

        assertThat(underReview.review().placements())
                .allSatisfy(p -> assertThat(p.live()).isFalse())
                .allSatisfy(p -> assertThat(p.move()).isEqualTo(Move.UNPUBLISHED))
                .allSatisfy(p -> assertThat(p.version()).isEqualTo(1));

        Work corrected = Distribution.settle(published(underReview, List.of("kids"), "修正了光速的数值"), T2);

        assertThat(corrected.review().placementIn("kids"))
                .contains(new Placement("kids", 2, true, 3, Move.UPDATED, T0, T2, "修正了光速的数值"));
        // health was left while version 2 was reviewed and stays a tombstone: its outlets learn of it
        assertThat(corrected.review().placementIn("health"))
                .contains(new Placement("health", 1, false, 2, Move.UNPUBLISHED, T0, T1, null));
    }

    @Test
    void aCorrectionWithoutANoteSaysWhichVersionReplacesWhich() {
        Work first = Distribution.settle(published(aWork(1), List.of("kids"), null), T0);
        Work second = Distribution.settle(published(first.plusVersion(version(2)), List.of("kids"), null), T1);

        Placement kids = second.review().placementIn("kids").orElseThrow();
        assertThat(kids.move()).isEqualTo(Move.UPDATED);
        assertThat(kids.version()).isEqualTo(2);
        assertThat(kids.note()).isEqualTo("Corrected: version 2 replaces version 1.");
    }

    @Test
    void retractionRemovesTheWorkFromEveryChannelWithItsReason() {
        Work published = Distribution.settle(published(aWork(1), List.of("kids", "health"), null), T0);
        Work retracted = Distribution.settle(
                published
                        .withReview(published.review().withRetraction(new Retraction("数据有误", "ed", T1)))
                        .withStatus(WorkStatus.RETRACTED, "数据有误"),
                T1);

        assertThat(retracted.review().placements())
                .extracting(Placement::channel, Placement::live, Placement::move, Placement::note, Placement::seq)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kids", false, Move.RETRACTED, "数据有误", 2L),
                        org.assertj.core.groups.Tuple.tuple("health", false, Move.RETRACTED, "数据有误", 2L));
    }

    @Test
    void unpublishingFromOneChannelKeepsTheOthersAndFromAllLeavesTheWorkApproved() {
        org.kepu.review.lifecycle.ReviewFlow flow =
                new org.kepu.review.lifecycle.ReviewFlow(java.time.Duration.ofHours(4));
        Work both = Distribution.settle(published(aWork(1), List.of("kids", "health"), null), T0);

        Work kidsOnly = flow.unpublish(both, List.of("health"), T1);
        assertThat(kidsOnly.status()).isEqualTo(WorkStatus.PUBLISHED);
        assertThat(kidsOnly.review().placementIn("kids").orElseThrow().live()).isTrue();
        assertThat(kidsOnly.review().placementIn("health").orElseThrow().move()).isEqualTo(Move.UNPUBLISHED);
        assertThat(flow.unpublish(kidsOnly, List.of("health"), T2)).isSameAs(kidsOnly);

        Work nowhere = flow.unpublish(kidsOnly, List.of(), T2);
        assertThat(nowhere.status()).isEqualTo(WorkStatus.APPROVED);
        assertThat(nowhere.review().placements()).noneMatch(Placement::live);
        // the same version back in a channel it left is published there again, not a correction
        Review approved = nowhere.review()
                .withFindings(new Review.FindingsSummary(1, "sha256:1", 0, 0, 0, T0))
                .plusDecision(new Review.Decision("vera", 1, "sha256:1", Review.Verdict.APPROVE, "准确", List.of(), T0));
        Work back = flow.publish(nowhere.withReview(approved), "ed", List.of("health"), null, T2.plusSeconds(60));
        assertThat(back.review().placementIn("health").orElseThrow())
                .extracting(Placement::live, Placement::move, Placement::seq)
                .containsExactly(true, Move.PUBLISHED, 3L);
    }

    @Test
    void aScheduledWorkIsNowhereUntilPublished() {
        Work scheduled = aWork(1).withReview(
                        Review.NONE.withPublication(new Publication(List.of("kids"), T2, null, "ed")))
                .withStatus(WorkStatus.SCHEDULED, null);

        assertThat(Distribution.settle(scheduled, T0).review().placements()).isEmpty();
    }

    @Test
    void aManifestFromBeforePlacementsIsReadFromItsPublication() {
        Work old = aWork(1).withReview(Review.NONE.withPublication(new Publication(List.of("kids"), T0, T0, "ed")))
                .withStatus(WorkStatus.RETRACTED, "旧");

        assertThat(Distribution.placements(old))
                .containsExactly(new Placement("kids", 1, false, 1, Move.RETRACTED, T0, T0, null));
    }

    private static Work published(Work work, List<String> channels, String note) {
        return work.withReview(work.review().withPublication(new Publication(channels, T0, T0, "ed", note)))
                .withStatus(WorkStatus.PUBLISHED, null);
    }

    private static Work aWork(int versions) {
        Work work = new Work(
                "w1",
                1,
                "alice",
                new WorkMetadata("光速", "", "article", List.of(), List.of(), null, List.of(), false),
                WorkStatus.APPROVED,
                null,
                List.of(),
                null,
                T0,
                T0);
        for (int n = 1; n <= versions; n++) {
            work = work.plusVersion(version(n));
        }
        return work;
    }

    private static Version version(int n) {
        return new Version(n, "sha256:" + n, 10, "text/markdown", "a.md", "k" + n, null, T0, "t" + n, 10L, null);
    }
}
