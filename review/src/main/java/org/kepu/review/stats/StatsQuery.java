package org.kepu.review.stats;

import java.time.Instant;
import java.util.Optional;

/**
 * What to count: events at or after {@code from} and before {@code to} (either may be open), of works
 * that match every filter given, split by {@code groupBy} if given. Only staff may group by reviewer.
 *
 * @param owner only this creator's works (a creator asking for their own figures)
 * @param discipline works with a topic that a reviewer of this discipline would be matched to
 * @param staffView whether reviewer workload and outlet figures are included (editors and admins)
 * @param now the time against which open emergency deadlines are judged
 */
public record StatsQuery(
        Optional<Instant> from,
        Optional<Instant> to,
        Optional<String> topic,
        Optional<String> kind,
        Optional<String> audience,
        Optional<String> channel,
        Optional<String> discipline,
        Optional<String> owner,
        Optional<Grouping> groupBy,
        boolean staffView,
        Instant now) {

    public StatsQuery {
        if (!staffView && groupBy.filter(g -> g == Grouping.REVIEWER).isPresent()) {
            // group keys would name the reviewers, who stay anonymous to creators
            throw new IllegalArgumentException("only editors and admins may group by reviewer");
        }
    }

    /** Everything, ungrouped, as an editor sees it. */
    public static StatsQuery everything(Instant now) {
        return new StatsQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                true,
                now);
    }

    public boolean covers(Instant at) {
        return at != null
                && from.map(f -> !at.isBefore(f)).orElse(true)
                && to.map(at::isBefore).orElse(true);
    }
}
