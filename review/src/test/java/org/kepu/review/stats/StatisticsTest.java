package org.kepu.review.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.Review.Verdict;
import org.kepu.review.stats.OutletDay.OutletCounts;
import org.kepu.review.stats.StatsReport.Emergency;
import org.kepu.review.stats.StatsReport.Figures;
import org.kepu.review.stats.StatsReport.FindingCount;
import org.kepu.review.stats.StatsReport.Group;
import org.kepu.review.stats.StatsReport.OutletFigures;
import org.kepu.review.stats.StatsReport.Percentiles;
import org.kepu.review.stats.StatsReport.ReviewerLoad;
import org.kepu.review.stats.WorkFacts.Assigned;
import org.kepu.review.stats.WorkFacts.CheckCount;
import org.kepu.review.stats.WorkFacts.Decided;
import org.kepu.review.stats.WorkFacts.Screened;

class StatisticsTest {

    private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    /** Alice's health article: submitted in March, approved by vera after 2 days, published in April. */
    private static WorkFacts aPublishedHealthArticleByAlice() {
        return new WorkFacts(
                "w1",
                "alice",
                "PUBLISHED",
                "article",
                List.of("health", "nutrition"),
                List.of("public"),
                List.of("kids"),
                false,
                at("2026-03-01T00:00:00Z"),
                null,
                at("2026-04-02T00:00:00Z"),
                null,
                1,
                List.of(new Assigned("vera", at("2026-03-01T01:00:00Z"))),
                List.of(new Decided("vera", 1, Verdict.APPROVE, at("2026-03-03T00:00:00Z"))),
                List.of(new Screened(
                        1,
                        at("2026-03-01T00:30:00Z"),
                        List.of(new CheckCount("readability", "INFO", 2), new CheckCount("myth", "WARNING", 1)))));
    }

    /** Bob's emergency video: screening blocked it; resubmitted, approved late by walt, then retracted. */
    private static WorkFacts aRetractedEmergencyVideoByBob() {
        return new WorkFacts(
                "w2",
                "bob",
                "RETRACTED",
                "video",
                List.of("epidemic"),
                List.of("youth"),
                List.of("kids", "news"),
                true,
                at("2026-03-10T00:00:00Z"),
                at("2026-03-11T00:00:00Z"),
                at("2026-03-12T12:00:00Z"),
                at("2026-04-20T00:00:00Z"),
                2,
                List.of(new Assigned("walt", at("2026-03-10T02:00:00Z"))),
                List.of(new Decided("walt", 2, Verdict.APPROVE, at("2026-03-12T00:00:00Z"))),
                List.of(
                        new Screened(1, at("2026-03-10T00:10:00Z"), List.of(new CheckCount("rumour", "BLOCKER", 1))),
                        new Screened(2, at("2026-03-10T01:00:00Z"), List.of(new CheckCount("rumour", "BLOCKER", 2)))));
    }

    /** Alice's second work, an emergency poster still in review with vera, past its deadline. */
    private static WorkFacts anOverdueEmergencyPosterByAlice() {
        return new WorkFacts(
                "w3",
                "alice",
                "IN_REVIEW",
                "poster",
                List.of(),
                List.of("public"),
                List.of(),
                true,
                at("2026-04-10T00:00:00Z"),
                at("2026-04-11T00:00:00Z"),
                null,
                null,
                1,
                List.of(new Assigned("vera", at("2026-04-10T01:00:00Z"))),
                List.of(),
                List.of(new Screened(1, at("2026-04-10T00:30:00Z"), List.of())));
    }

    private static final List<WorkFacts> HISTORY = List.of(
            aPublishedHealthArticleByAlice(), aRetractedEmergencyVideoByBob(), anOverdueEmergencyPosterByAlice());

    private static final List<OutletDay> OUTLET_DAYS = List.of(
            new OutletDay(LocalDate.parse("2026-03-31"), "kids-app", new OutletCounts(3, 1, 1, 0, 0)),
            new OutletDay(LocalDate.parse("2026-04-01"), "kids-app", new OutletCounts(2, 2, 0, 1, 1)),
            new OutletDay(LocalDate.parse("2026-04-01"), "news-site", new OutletCounts(5, 0, 0, 2, 0)));

    private static StatsQuery query(Optional<Instant> from, Optional<Instant> to, Optional<Grouping> groupBy) {
        return new StatsQuery(
                from,
                to,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                groupBy,
                true,
                NOW);
    }

    @Test
    void totalsCountEveryEventOfTheHistory() {
        Figures totals = Statistics.compute(HISTORY, OUTLET_DAYS, StatsQuery.everything(NOW))
                .totals();

        assertThat(totals.submitted()).isEqualTo(3);
        assertThat(totals.published()).isEqualTo(2);
        assertThat(totals.retracted()).isEqualTo(1);
        // decisions after 2 days (172800 s) and 2 days (172800 s); publications after 32 days and 2.5 days
        assertThat(totals.turnaround().toDecision()).isEqualTo(new Percentiles(2, 172_800L, 172_800L));
        assertThat(totals.turnaround().toPublication()).isEqualTo(new Percentiles(2, 216_000L, 2_764_800L));
        // bob's video was decided a day after its deadline; alice's poster is overdue now
        assertThat(totals.emergency()).isEqualTo(new Emergency(2, 0, 1, 1, 0));
        assertThat(totals.findings())
                .containsExactly(
                        new FindingCount("myth", "WARNING", 1),
                        new FindingCount("readability", "INFO", 2),
                        new FindingCount("rumour", "BLOCKER", 3));
        // walt approved version 2 of bob's video with its 2 blockers
        assertThat(totals.blockersOverruled()).isEqualTo(2);
        assertThat(totals.reviewers())
                .containsExactly(
                        new ReviewerLoad("vera", 2, 1, 1, 0, 0, 1), new ReviewerLoad("walt", 1, 1, 1, 0, 0, 0));
        assertThat(totals.outlets())
                .containsExactly(
                        new OutletFigures("kids-app", 5, 3, 1, 1, 1), new OutletFigures("news-site", 5, 0, 0, 2, 0));
    }

    @Test
    void aTimeRangeCountsOnlyTheEventsInsideItFromIncludedToExcluded() {
        Figures april = Statistics.compute(
                        HISTORY,
                        OUTLET_DAYS,
                        query(
                                Optional.of(at("2026-04-01T00:00:00Z")),
                                Optional.of(at("2026-05-01T00:00:00Z")),
                                Optional.empty()))
                .totals();

        assertThat(april.submitted()).isEqualTo(1);
        assertThat(april.published()).isEqualTo(1);
        assertThat(april.retracted()).isEqualTo(1);
        assertThat(april.turnaround().toDecision().samples()).isZero();
        assertThat(april.turnaround().toDecision().p50Seconds()).isNull();
        assertThat(april.blockersOverruled()).isZero();
        assertThat(april.outlets())
                .containsExactly(
                        new OutletFigures("kids-app", 2, 2, 0, 1, 1), new OutletFigures("news-site", 5, 0, 0, 2, 0));
    }

    @Test
    void monthsSplitEventsAndOutletDaysByWhenTheyHappened() {
        List<Group> groups = Statistics.compute(
                        HISTORY, OUTLET_DAYS, query(Optional.empty(), Optional.empty(), Optional.of(Grouping.MONTH)))
                .groups();

        assertThat(groups).extracting(Group::key).containsExactly("2026-03", "2026-04");
        Figures march = groups.get(0).figures();
        Figures april = groups.get(1).figures();
        assertThat(march.submitted()).isEqualTo(2);
        assertThat(march.published()).isEqualTo(1);
        assertThat(april.submitted()).isEqualTo(1);
        assertThat(april.published()).isEqualTo(1);
        assertThat(april.retracted()).isEqualTo(1);
        assertThat(march.outlets()).containsExactly(new OutletFigures("kids-app", 3, 1, 1, 0, 0));
    }

    @Test
    void aWorkCountsInEachOfItsTopicsAndWorksWithoutOneUnderNone() {
        List<Group> groups = Statistics.compute(
                        HISTORY, OUTLET_DAYS, query(Optional.empty(), Optional.empty(), Optional.of(Grouping.TOPIC)))
                .groups();

        assertThat(groups).extracting(Group::key).containsExactly("(none)", "epidemic", "health", "nutrition");
        assertThat(groups).extracting(g -> g.figures().submitted()).containsExactly(1L, 1L, 1L, 1L);
        // outlets read channels, not topics
        assertThat(groups.get(2).figures().outlets()).isEmpty();
    }

    @Test
    void groupingByReviewerGivesEachTheirOwnDecisionsAndWorks() {
        List<Group> groups = Statistics.compute(
                        HISTORY, OUTLET_DAYS, query(Optional.empty(), Optional.empty(), Optional.of(Grouping.REVIEWER)))
                .groups();

        assertThat(groups).extracting(Group::key).containsExactly("vera", "walt");
        Figures vera = groups.get(0).figures();
        assertThat(vera.submitted()).isEqualTo(2);
        assertThat(vera.reviewers()).containsExactly(new ReviewerLoad("vera", 2, 1, 1, 0, 0, 1));
        assertThat(groups.get(1).figures().blockersOverruled()).isEqualTo(2);
    }

    @Test
    void filtersNarrowTheWorksAndADisciplineMatchesTopicsAsReviewerAssignmentDoes() {
        StatsQuery byDiscipline = new StatsQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of("health"),
                Optional.empty(),
                Optional.empty(),
                true,
                NOW);
        StatsQuery byKindAndChannel = new StatsQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of("VIDEO"),
                Optional.empty(),
                Optional.of("news"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                true,
                NOW);

        assertThat(Statistics.compute(HISTORY, List.of(), byDiscipline).totals().submitted())
                .isEqualTo(1);
        assertThat(Statistics.compute(HISTORY, List.of(), byKindAndChannel)
                        .totals()
                        .retracted())
                .isEqualTo(1);
        assertThat(Statistics.compute(HISTORY, List.of(), byKindAndChannel)
                        .totals()
                        .submitted())
                .isEqualTo(1);
    }

    @Test
    void aCreatorSeesTheirOwnWorksWithoutReviewersOrOutlets() {
        StatsQuery alice = new StatsQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of("alice"),
                Optional.of(Grouping.KIND),
                false,
                NOW);

        StatsReport report = Statistics.compute(HISTORY, OUTLET_DAYS, alice);

        assertThat(report.totals().submitted()).isEqualTo(2);
        assertThat(report.totals().reviewers()).isNull();
        assertThat(report.totals().outlets()).isNull();
        assertThat(report.groups()).extracting(Group::key).containsExactly("article", "poster");
        assertThatThrownBy(() -> new StatsQuery(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("alice"),
                        Optional.of(Grouping.REVIEWER),
                        false,
                        NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentilesAreNearestRank() {
        assertThat(Statistics.percentiles(List.of(5L, 1L, 4L, 2L, 3L, 10L, 9L, 8L, 7L, 6L)))
                .isEqualTo(new Percentiles(10, 5L, 9L));
        assertThat(Statistics.percentiles(List.of(7L))).isEqualTo(new Percentiles(1, 7L, 7L));
        assertThat(Statistics.percentiles(List.of())).isEqualTo(new Percentiles(0, null, null));
    }
}
