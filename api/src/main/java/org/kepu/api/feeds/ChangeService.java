package org.kepu.api.feeds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.Review.Placement;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.channels.Channel;
import org.kepu.review.distribution.Distribution;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.query.Visibility.Field;
import org.kepu.search.query.Visibility.Grant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What changed in a channel after a watermark, oldest change first: delta sync for outlets and the source
 * of webhooks. The index finds the works, because it keeps a key for every channel a work is in or has
 * left; each manifest's placement in the channel then says what the outlet should hold: the work at a
 * version, or a tombstone. Blocks.
 */
@Service
class ChangeService implements ChannelChanges {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    /**
     * The index learns of a change from the outbox, a moment after the manifest was written, and not
     * necessarily in the order of the changes. A watermark past a change the index has not seen yet would
     * skip it for good, so the newest changes are held back until the indexer has had time to catch up.
     * A longer index outage can still outlast this; outlets should resync from the start now and then.
     */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final FeedService feeds;
    private final SearchIndex index;
    private final WorkRepository works;
    private final Clock clock;

    ChangeService(FeedService feeds, SearchIndex index, WorkRepository works, Clock clock) {
        this.feeds = feeds;
        this.index = index;
        this.works = works;
        this.clock = clock;
    }

    /** An answer of delta sync: items to hold, tombstones of works to drop, and where to read on. */
    record Changes(List<FeedItem> items, List<Tombstone> deleted, String next) {}

    Changes changes(Caller caller, String name, String since, String limitText, String baseUrl) {
        int limit = limit(limitText);
        Channel channel = feeds.visible(caller, name);
        List<FeedItem> items = new ArrayList<>();
        List<Tombstone> deleted = new ArrayList<>();
        Batch batch;
        try {
            batch = read(channel.name(), since, limit, (work, change) -> {
                if (change.type().removes()) {
                    deleted.add(Tombstone.of(change, baseUrl));
                } else {
                    items.add(FeedItem.of(work, change, baseUrl));
                }
            });
        } catch (IllegalArgumentException e) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "bad-since",
                    "'since' must be empty or the 'next' of an earlier answer of this route.");
        }
        return new Changes(items, deleted, batch.next());
    }

    @Override
    public Batch read(String channel, String since, int limit) {
        return read(channel, since, limit, (work, change) -> {});
    }

    private interface Visitor {
        void accept(Work work, Change change);
    }

    private Batch read(String channel, String since, int limit, Visitor visitor) {
        Watermark next = since == null || since.isBlank() ? Watermark.START : Watermark.decode(since.strip());
        List<Change> changes = new ArrayList<>();
        Instant settled = clock.instant().minus(SETTLE);
        // watermarks are handed out for settled changes only; one from the future was never handed out, and
        // would hide every change up to its time (a minute allows for instances' clocks to differ)
        if (next.updatedAtMillis() > clock.instant().plus(Duration.ofMinutes(1)).toEpochMilli()) {
            throw new IllegalArgumentException("a watermark from the future");
        }
        int seen = 0;
        boolean more = true;
        Grant inOrLeft = Grant.of(Field.CHANNELS, channel, Distribution.LEFT + channel);
        while (more && seen < limit) {
            int size = Math.min(limit - seen, SearchRequest.MAX_SIZE);
            List<SearchHit> hits = index.search(SearchRequest.of("", Visibility.anyOf(inOrLeft))
                            .sortedBy(SearchRequest.Sort.DATE_ASCENDING)
                            .page(0, size)
                            .after(next.cursor()))
                    .hits();
            for (SearchHit hit : hits) {
                if (hit.updatedAt().isAfter(settled)) {
                    more = false;
                    break;
                }
                change(hit.id(), channel).ifPresent(found -> {
                    changes.add(found.change());
                    visitor.accept(found.work(), found.change());
                });
                next = Watermark.after(hit.updatedAt(), hit.id());
                seen++;
            }
            more = more && hits.size() == size;
        }
        return new Batch(changes, next.encode());
    }

    private record Found(Work work, Change change) {}

    /** The work's state in the channel; none for a work the channel never had (a cancelled schedule). */
    private Optional<Found> change(String id, String channel) {
        return works.find(id)
                .flatMap(work -> Distribution.placementIn(work, channel).map(p -> new Found(work, of(work.id(), p))));
    }

    static Change of(String workId, Placement p) {
        return new Change(
                workId, p.channel(), Type.valueOf(p.move().name()), p.version(), p.seq(), p.changedAt(), p.note());
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, the same as a number out of range
        }
        throw new Problem(
                HttpStatus.BAD_REQUEST, "bad-limit", "'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
