package org.kepu.review.stats;

import java.time.Instant;
import java.util.List;

/**
 * The answer: figures over everything asked for, and per group when grouped. Groups may overlap (a work
 * with two topics counts in both), so they need not add up to the totals.
 */
public record StatsReport(Instant from, Instant to, String groupBy, Figures totals, List<Group> groups) {

    public record Group(String key, Figures figures) {}

    /**
     * @param blockersOverruled blocking findings in versions a reviewer approved all the same
     * @param reviewers workload per reviewer; null where the caller may not see reviewers' identities
     * @param outlets per outlet, by UTC day; null where the caller may not see outlets. In groups other
     *     than months they are empty: outlets read channels, not topics or creators
     */
    public record Figures(
            long submitted,
            long published,
            long retracted,
            Turnaround turnaround,
            Emergency emergency,
            List<FindingCount> findings,
            long blockersOverruled,
            List<ReviewerLoad> reviewers,
            List<OutletFigures> outlets) {}

    public record Turnaround(Percentiles toDecision, Percentiles toPublication) {}

    /** Durations from submission, in seconds (nearest-rank percentiles); null without samples. */
    public record Percentiles(int samples, Long p50Seconds, Long p90Seconds) {}

    /**
     * Emergency works submitted in the period against their review deadline.
     *
     * @param waiting not decided yet, deadline still ahead (or not set until screening)
     */
    public record Emergency(long works, long decidedInTime, long decidedLate, long overdue, long waiting) {}

    public record FindingCount(String check, String severity, long count) {}

    /** @param open assignments of the period on works still in review that the reviewer has not decided */
    public record ReviewerLoad(
            String reviewer,
            long assigned,
            long decided,
            long approved,
            long changesRequested,
            long rejected,
            long open) {}

    public record OutletFigures(
            String outlet,
            long feedRequests,
            long itemRequests,
            long downloads,
            long webhookDeliveries,
            long webhookFailures) {}
}
