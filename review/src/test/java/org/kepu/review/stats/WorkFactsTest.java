package org.kepu.review.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Review.Decision;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Review.Move;
import org.kepu.ingestion.work.Review.Placement;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Review.Retraction;
import org.kepu.ingestion.work.Review.Verdict;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.Severity;
import org.kepu.review.stats.WorkFacts.CheckCount;

class WorkFactsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void factsKeepWhatStatisticsCountAndFindingsByCheckAndSeverity() {
        Version v1 = new Version(1, "sha256:aa", 10, "text/markdown", "a.md", "k", null, T0, "t", 10L, null);
        Review review = new Review(
                1,
                null,
                List.of(new Assignment("vera", T0.plusSeconds(60))),
                List.of(new Decision("vera", 1, "sha256:aa", Verdict.APPROVE, "好", List.of(), T0.plusSeconds(600))),
                List.of(new FindingsSummary(1, "sha256:aa", 0, 2, 1, T0.plusSeconds(30))),
                new Publication(List.of("kids"), null, T0.plusSeconds(900), "ed"),
                new Retraction("过时", "ed", T0.plusSeconds(1200)),
                List.of(
                        new Placement(
                                "kids", 1, false, 2, Move.RETRACTED, T0.plusSeconds(900), T0.plusSeconds(1200), null),
                        new Placement(
                                "news",
                                1,
                                false,
                                2,
                                Move.RETRACTED,
                                T0.plusSeconds(1000),
                                T0.plusSeconds(1200),
                                null)));
        WorkMetadata metadata = new WorkMetadata(
                "标题", "", "Article", List.of("光学"), List.of("public"), "CC BY 4.0", List.of(), true, null);
        Work work = new Work("w", 7, "alice", metadata, WorkStatus.RETRACTED, null, List.of(v1), null, T0, T0, review);
        List<Finding> findings = List.of(
                new Finding("myth.health.collagen", Severity.WARNING, 0, 1, "", "m", "", null),
                new Finding("myth.health.detox", Severity.WARNING, 0, 1, "", "m", "", null),
                new Finding("readability.jargon", Severity.INFO, 0, 1, "", "m", "", null));

        WorkFacts facts = WorkFacts.of(work, Map.of(1, findings));

        assertThat(facts.kind()).isEqualTo("article");
        assertThat(facts.emergency()).isTrue();
        assertThat(facts.channels()).containsExactly("kids", "news");
        assertThat(facts.publishedAt()).isEqualTo(T0.plusSeconds(900));
        assertThat(facts.retractedAt()).isEqualTo(T0.plusSeconds(1200));
        assertThat(facts.decisions()).extracting(WorkFacts.Decided::reviewer).containsExactly("vera");
        assertThat(facts.screenings().get(0).counts())
                .containsExactly(new CheckCount("myth", "WARNING", 2), new CheckCount("readability", "INFO", 1));
        assertThat(facts.screenings().get(0).blockers()).isZero();
    }
}
