package org.kepu.api.stats;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.review.stats.Grouping;
import org.kepu.review.stats.OutletDay;
import org.kepu.review.stats.Statistics;
import org.kepu.review.stats.StatsQuery;
import org.kepu.review.stats.StatsReport;
import org.kepu.review.stats.WorkFacts;
import org.kepu.search.index.SearchIndex;
import org.springframework.stereotype.Service;

/**
 * Statistics for editors and admins over every work, and for a creator over their own works without
 * anything that names reviewers or outlets. Reads the facts the index keeps and the outlet counters;
 * no manifest. Blocking.
 */
@Service
class StatsService {

    /** The filters of a request, already checked for form. {@code to} is the last day included. */
    record Filters(
            Optional<LocalDate> from,
            Optional<LocalDate> to,
            Optional<String> topic,
            Optional<String> kind,
            Optional<String> audience,
            Optional<String> channel,
            Optional<String> discipline,
            Optional<Grouping> groupBy) {}

    private final SearchIndex index;
    private final OutletCounters counters;
    private final Clock clock;

    StatsService(SearchIndex index, OutletCounters counters, Clock clock) {
        this.index = index;
        this.counters = counters;
        this.clock = clock;
    }

    StatsReport report(Caller caller, Filters filters) {
        boolean staff = caller.has(Caller.EDITOR) || caller.has(Caller.ADMIN);
        if (!staff && !caller.has(Caller.CREATOR)) {
            throw Problem.forbidden("Statistics are for editors and admins, and for creators about their own works.");
        }
        if (!staff && filters.groupBy().filter(g -> g == Grouping.REVIEWER).isPresent()) {
            throw Problem.forbidden("Reviewers stay anonymous to creators: group by something else.");
        }
        Optional<String> owner = staff ? Optional.empty() : Optional.of(caller.id());
        StatsQuery query = new StatsQuery(
                filters.from().map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant()),
                filters.to().map(d -> d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()),
                filters.topic(),
                filters.kind(),
                filters.audience(),
                filters.channel(),
                filters.discipline(),
                owner,
                filters.groupBy(),
                staff,
                clock.instant());
        List<WorkFacts> works =
                index.facts(owner).stream().map(StatsFacts::parse).toList();
        // creators see no outlet figures, so their counters are not even read
        List<OutletDay> days = staff ? counters.days(filters.from(), filters.to()) : List.of();
        return Statistics.compute(works, days, query);
    }
}
