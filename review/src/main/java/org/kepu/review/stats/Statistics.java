package org.kepu.review.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.kepu.ingestion.work.Review.Verdict;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.assign.Reviewer;
import org.kepu.review.stats.OutletDay.OutletCounts;
import org.kepu.review.stats.StatsReport.Emergency;
import org.kepu.review.stats.StatsReport.Figures;
import org.kepu.review.stats.StatsReport.FindingCount;
import org.kepu.review.stats.StatsReport.Group;
import org.kepu.review.stats.StatsReport.OutletFigures;
import org.kepu.review.stats.StatsReport.Percentiles;
import org.kepu.review.stats.StatsReport.ReviewerLoad;
import org.kepu.review.stats.StatsReport.Turnaround;
import org.kepu.review.stats.WorkFacts.Decided;
import org.kepu.review.stats.WorkFacts.Screened;

/**
 * Computes statistics from the facts of works and the outlet counters. Each figure is counted at the time
 * of its own event (a work submitted in March and published in April counts as submitted in March and
 * published in April); turnaround is measured from the work's submission to its first decision and to its
 * first publication, at the time of that decision or publication.
 */
public final class Statistics {

    static final String NONE = "(none)";

    private Statistics() {}

    private enum Kind {
        SUBMITTED,
        FIRST_DECISION,
        DECISION,
        ASSIGNMENT,
        SCREENING,
        OVERRULED,
        PUBLISHED,
        RETRACTED
    }

    /** @param reviewer whose event it is, for decisions and assignments; null otherwise */
    private record Event(Kind kind, Instant at, WorkFacts work, String reviewer, Object detail) {}

    public static StatsReport compute(List<WorkFacts> works, List<OutletDay> outletDays, StatsQuery query) {
        List<Event> events = works.stream()
                .filter(w -> matches(w, query))
                .flatMap(Statistics::events)
                .filter(e -> query.covers(e.at()))
                .toList();
        List<OutletDay> days = outletDays.stream()
                .filter(d -> query.covers(d.day().atStartOfDay().toInstant(ZoneOffset.UTC)))
                .toList();
        Figures totals = figures(events, days, query);
        List<Group> groups = new ArrayList<>();
        query.groupBy().ifPresent(grouping -> {
            Map<String, List<Event>> byKey = new TreeMap<>();
            for (Event event : events) {
                for (String key : keys(grouping, event)) {
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
                }
            }
            Map<String, List<OutletDay>> daysByKey = new TreeMap<>();
            if (grouping == Grouping.MONTH) {
                for (OutletDay day : days) {
                    String month = YearMonth.from(day.day()).toString();
                    daysByKey.computeIfAbsent(month, k -> new ArrayList<>()).add(day);
                    byKey.computeIfAbsent(month, k -> new ArrayList<>());
                }
            }
            byKey.forEach((key, grouped) ->
                    groups.add(new Group(key, figures(grouped, daysByKey.getOrDefault(key, List.of()), query))));
        });
        return new StatsReport(
                query.from().orElse(null),
                query.to().orElse(null),
                query.groupBy().map(Grouping::label).orElse(null),
                totals,
                groups);
    }

    private static boolean matches(WorkFacts work, StatsQuery query) {
        return query.owner().map(work.owner()::equals).orElse(true)
                && query.topic().map(work.topics()::contains).orElse(true)
                && query.kind().map(work.kind()::equalsIgnoreCase).orElse(true)
                && query.audience().map(work.audiences()::contains).orElse(true)
                && query.channel().map(work.channels()::contains).orElse(true)
                && query.discipline()
                        .map(d -> new Reviewer("", List.of(d), List.of(), null).covers(work.topics()))
                        .orElse(true);
    }

    private static Stream<Event> events(WorkFacts work) {
        List<Event> out = new ArrayList<>();
        out.add(new Event(Kind.SUBMITTED, work.submittedAt(), work, null, null));
        firstDecision(work).ifPresent(d -> out.add(new Event(Kind.FIRST_DECISION, d.at(), work, d.reviewer(), null)));
        for (Decided decision : work.decisions()) {
            out.add(new Event(Kind.DECISION, decision.at(), work, decision.reviewer(), decision));
        }
        for (WorkFacts.Assigned assigned : work.assignments()) {
            out.add(new Event(Kind.ASSIGNMENT, assigned.at(), work, assigned.reviewer(), null));
        }
        for (Screened screened : work.screenings()) {
            out.add(new Event(Kind.SCREENING, screened.at(), work, null, screened));
            // a version with blockers that a reviewer approved anyway: counted once, at the first approval
            work.decisions().stream()
                    .filter(d -> d.version() == screened.version() && d.verdict() == Verdict.APPROVE)
                    .min(Comparator.comparing(Decided::at))
                    .filter(d -> screened.blockers() > 0)
                    .ifPresent(d -> out.add(new Event(Kind.OVERRULED, d.at(), work, d.reviewer(), screened)));
        }
        if (work.publishedAt() != null) {
            out.add(new Event(Kind.PUBLISHED, work.publishedAt(), work, null, null));
        }
        if (work.retractedAt() != null) {
            out.add(new Event(Kind.RETRACTED, work.retractedAt(), work, null, null));
        }
        return out.stream().filter(e -> e.at() != null);
    }

    private static java.util.Optional<Decided> firstDecision(WorkFacts work) {
        return work.decisions().stream().min(Comparator.comparing(Decided::at));
    }

    private static List<String> keys(Grouping grouping, Event event) {
        WorkFacts work = event.work();
        List<String> keys = switch (grouping) {
            case MONTH ->
                List.of(YearMonth.from(event.at().atZone(ZoneOffset.UTC)).toString());
            case TOPIC -> work.topics();
            case KIND -> List.of(work.kind());
            case AUDIENCE -> work.audiences();
            case CHANNEL -> work.channels();
            case CREATOR -> List.of(work.owner());
            case REVIEWER ->
                event.reviewer() != null
                        ? List.of(event.reviewer())
                        : Stream.concat(
                                        work.assignments().stream().map(WorkFacts.Assigned::reviewer),
                                        work.decisions().stream().map(Decided::reviewer))
                                .distinct()
                                .toList();
        };
        List<String> present =
                keys.stream().filter(k -> k != null && !k.isEmpty()).toList();
        return present.isEmpty() ? List.of(NONE) : present;
    }

    private static Figures figures(List<Event> events, List<OutletDay> days, StatsQuery query) {
        long submitted = 0;
        long published = 0;
        long retracted = 0;
        long overruled = 0;
        List<Long> toDecision = new ArrayList<>();
        List<Long> toPublication = new ArrayList<>();
        long[] emergency = new long[5];
        Map<String, Long> findings = new TreeMap<>();
        Map<String, long[]> load = new TreeMap<>();
        for (Event event : events) {
            WorkFacts work = event.work();
            switch (event.kind()) {
                case SUBMITTED -> {
                    submitted++;
                    if (work.emergency()) {
                        emergency[0]++;
                        emergency[emergencyState(work, query.now())]++;
                    }
                }
                case FIRST_DECISION -> toDecision.add(seconds(work.submittedAt(), event.at()));
                case DECISION -> {
                    long[] counts = load.computeIfAbsent(event.reviewer(), r -> new long[6]);
                    counts[1]++;
                    Verdict verdict = ((Decided) event.detail()).verdict();
                    counts[verdict == Verdict.APPROVE ? 2 : verdict == Verdict.REQUEST_CHANGES ? 3 : 4]++;
                }
                case ASSIGNMENT -> {
                    long[] counts = load.computeIfAbsent(event.reviewer(), r -> new long[6]);
                    counts[0]++;
                    if (open(work, event.reviewer())) {
                        counts[5]++;
                    }
                }
                case SCREENING -> {
                    for (WorkFacts.CheckCount c : ((Screened) event.detail()).counts()) {
                        findings.merge(c.check() + "\t" + c.severity(), (long) c.count(), Long::sum);
                    }
                }
                case OVERRULED -> overruled += ((Screened) event.detail()).blockers();
                case PUBLISHED -> {
                    published++;
                    toPublication.add(seconds(work.submittedAt(), event.at()));
                }
                case RETRACTED -> retracted++;
            }
        }
        List<FindingCount> findingCounts = new ArrayList<>();
        findings.forEach((key, count) -> {
            String[] parts = key.split("\t");
            findingCounts.add(new FindingCount(parts[0], parts[1], count));
        });
        List<ReviewerLoad> reviewers = new ArrayList<>();
        load.forEach((reviewer, c) -> reviewers.add(new ReviewerLoad(reviewer, c[0], c[1], c[2], c[3], c[4], c[5])));
        return new Figures(
                submitted,
                published,
                retracted,
                new Turnaround(percentiles(toDecision), percentiles(toPublication)),
                new Emergency(emergency[0], emergency[1], emergency[2], emergency[3], emergency[4]),
                findingCounts,
                overruled,
                query.staffView() ? reviewers : null,
                query.staffView() ? outlets(days) : null);
    }

    /** 1 decided in time, 2 decided late, 3 overdue, 4 waiting. */
    private static int emergencyState(WorkFacts work, Instant now) {
        Instant decided = firstDecision(work).map(Decided::at).orElse(null);
        if (work.deadline() == null) {
            return decided == null ? 4 : 1;
        }
        if (decided != null) {
            return decided.isAfter(work.deadline()) ? 2 : 1;
        }
        return now.isAfter(work.deadline()) ? 3 : 4;
    }

    private static boolean open(WorkFacts work, String reviewer) {
        return WorkStatus.IN_REVIEW.name().equals(work.status())
                && work.decisions().stream()
                        .noneMatch(d -> d.reviewer().equals(reviewer) && d.version() == work.currentVersion());
    }

    private static List<OutletFigures> outlets(List<OutletDay> days) {
        Map<String, OutletCounts> sums = new TreeMap<>();
        for (OutletDay day : days) {
            sums.merge(day.outlet(), day.counts(), OutletCounts::plus);
        }
        List<OutletFigures> out = new ArrayList<>();
        sums.forEach((outlet, c) -> out.add(new OutletFigures(
                outlet,
                c.feedRequests(),
                c.itemRequests(),
                c.downloads(),
                c.webhookDeliveries(),
                c.webhookFailures())));
        return out;
    }

    private static long seconds(Instant from, Instant to) {
        return Duration.between(Objects.requireNonNull(from), to).toSeconds();
    }

    /** Nearest-rank percentiles: the smallest sample with at least p% of the samples at or below it. */
    static Percentiles percentiles(List<Long> samples) {
        if (samples.isEmpty()) {
            return new Percentiles(0, null, null);
        }
        List<Long> sorted = samples.stream().sorted().toList();
        return new Percentiles(sorted.size(), rank(sorted, 50), rank(sorted, 90));
    }

    private static long rank(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
