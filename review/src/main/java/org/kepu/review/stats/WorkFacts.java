package org.kepu.review.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Review.Placement;
import org.kepu.ingestion.work.Work;
import org.kepu.review.checks.Finding;
import org.kepu.review.distribution.Distribution;

/**
 * What statistics need to know of one work, kept in its index document so that no statistic reads a
 * manifest. Built from the manifest and the version's stored findings whenever the work is indexed.
 *
 * @param channels every channel the work ever reached, also those it left
 * @param deadline when reviewers of an emergency work had to decide; null otherwise
 * @param publishedAt the first publication in any channel; null if never published
 */
public record WorkFacts(
        String id,
        String owner,
        String status,
        String kind,
        List<String> topics,
        List<String> audiences,
        List<String> channels,
        boolean emergency,
        Instant submittedAt,
        Instant deadline,
        Instant publishedAt,
        Instant retractedAt,
        int currentVersion,
        List<Assigned> assignments,
        List<Decided> decisions,
        List<Screened> screenings) {

    public WorkFacts {
        topics = topics == null ? List.of() : List.copyOf(topics);
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        channels = channels == null ? List.of() : List.copyOf(channels);
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        screenings = screenings == null ? List.of() : List.copyOf(screenings);
    }

    public record Assigned(String reviewer, Instant at) {}

    public record Decided(String reviewer, int version, Review.Verdict verdict, Instant at) {}

    /** One screening of a version: its findings counted by check (the rule id's first part) and severity. */
    public record Screened(int version, Instant at, List<CheckCount> counts) {
        public Screened {
            counts = counts == null ? List.of() : List.copyOf(counts);
        }

        public int blockers() {
            return counts.stream()
                    .filter(c -> c.severity().equals("BLOCKER"))
                    .mapToInt(CheckCount::count)
                    .sum();
        }
    }

    public record CheckCount(String check, String severity, int count) {}

    /** @param findings the stored findings of each screened version, by version number */
    public static WorkFacts of(Work work, Map<Integer, List<Finding>> findings) {
        Review review = work.review();
        List<Screened> screenings = new ArrayList<>();
        for (Review.FindingsSummary summary : review.findings()) {
            Map<String, Integer> counts = new TreeMap<>();
            for (Finding finding : findings.getOrDefault(summary.version(), List.of())) {
                counts.merge(check(finding.rule()) + "\t" + finding.severity().name(), 1, Integer::sum);
            }
            List<CheckCount> list = new ArrayList<>();
            counts.forEach((key, count) -> {
                String[] parts = key.split("\t");
                list.add(new CheckCount(parts[0], parts[1], count));
            });
            screenings.add(new Screened(summary.version(), summary.screenedAt(), list));
        }
        List<Placement> placements = Distribution.placements(work);
        Instant published = placements.stream()
                .map(Placement::firstPublishedAt)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(
                        review.publication() == null
                                ? null
                                : review.publication().publishedAt());
        var metadata = work.metadata();
        return new WorkFacts(
                work.id(),
                work.owner(),
                work.status().name(),
                metadata == null || metadata.kind() == null
                        ? ""
                        : metadata.kind().toLowerCase(Locale.ROOT),
                metadata == null ? List.of() : metadata.topics(),
                metadata == null ? List.of() : metadata.audiences(),
                placements.stream().map(Placement::channel).distinct().toList(),
                metadata != null && metadata.emergency(),
                work.createdAt(),
                review.deadline(),
                published,
                review.retraction() == null ? null : review.retraction().retractedAt(),
                work.currentVersion(),
                review.assignments().stream()
                        .map(a -> new Assigned(a.reviewer(), a.assignedAt()))
                        .toList(),
                review.decisions().stream()
                        .map(d -> new Decided(d.reviewer(), d.version(), d.decision(), d.decidedAt()))
                        .toList(),
                screenings);
    }

    /** The check a rule belongs to: {@code myth.health.collagen} is the {@code myth} check's. */
    static String check(String rule) {
        int dot = rule.indexOf('.');
        return dot < 0 ? rule : rule.substring(0, dot);
    }
}
