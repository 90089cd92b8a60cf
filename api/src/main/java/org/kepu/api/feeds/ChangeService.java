package org.kepu.api.feeds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kepu.api.channels.Channel;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Review.Retraction;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.kepu.search.query.Visibility;
import org.kepu.search.query.Visibility.Field;
import org.kepu.search.query.Visibility.Grant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Delta sync: every work of a channel that changed after the outlet's watermark, oldest change first.
 * The index finds them, because a work keeps its channels in the index after it is retracted or
 * replaced by a new version; each manifest then says whether the work is an item (published in the
 * channel) or a tombstone (it was published, and no longer is there). Blocks.
 */
@Service
class ChangeService {

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

    record Changes(List<Map<String, Object>> items, List<Map<String, Object>> deleted, String next) {}

    Changes changes(Caller caller, String name, String since, String limitText, String baseUrl) {
        Watermark from = watermark(since);
        int limit = limit(limitText);
        Channel channel = feeds.visible(caller, name);
        List<Map<String, Object>> items = new ArrayList<>();
        List<Map<String, Object>> deleted = new ArrayList<>();
        Instant settled = clock.instant().minus(SETTLE);
        Watermark next = from;
        int seen = 0;
        boolean more = true;
        while (more && seen < limit) {
            int size = Math.min(limit - seen, SearchRequest.MAX_SIZE);
            SearchResult page =
                    index.search(SearchRequest.of("", Visibility.anyOf(Grant.of(Field.CHANNELS, channel.name())))
                            .sortedBy(SearchRequest.Sort.DATE_ASCENDING)
                            .page(0, size)
                            .after(next.cursor()));
            for (SearchHit hit : page.hits()) {
                if (hit.updatedAt().isAfter(settled)) {
                    more = false;
                    break;
                }
                classify(hit, channel.name(), baseUrl, items, deleted);
                next = Watermark.after(hit.updatedAt(), hit.id());
                seen++;
            }
            more = more && page.hits().size() == size;
        }
        return new Changes(items, deleted, next.encode());
    }

    /** Sorts one change into items or tombstones; a work never published (say, a cancelled schedule) is neither. */
    private void classify(
            SearchHit hit,
            String channel,
            String baseUrl,
            List<Map<String, Object>> items,
            List<Map<String, Object>> deleted) {
        Optional<Work> found = works.find(hit.id());
        if (found.isEmpty()) {
            deleted.add(tombstone(hit.id(), hit.updatedAt(), null));
            return;
        }
        Work work = found.get();
        if (FeedService.publishedIn(work, channel)) {
            items.add(FeedEntry.of(work, baseUrl).json());
            return;
        }
        Publication p = work.review().publication();
        if (p == null || p.publishedAt() == null) {
            return;
        }
        Retraction r = work.status() == WorkStatus.RETRACTED ? work.review().retraction() : null;
        deleted.add(tombstone(work.id(), work.updatedAt(), r));
    }

    private static Map<String, Object> tombstone(String id, Instant updatedAt, Retraction retraction) {
        Map<String, Object> gone = new LinkedHashMap<>();
        gone.put("id", id);
        gone.put("guid", "urn:kepu:work:" + id);
        gone.put("updatedAt", updatedAt.toString());
        if (retraction != null) {
            gone.put("retractedAt", retraction.retractedAt().toString());
            gone.put("reason", retraction.reason());
        }
        return gone;
    }

    private static Watermark watermark(String since) {
        if (since == null || since.isBlank()) {
            return Watermark.START;
        }
        try {
            return Watermark.decode(since.strip());
        } catch (IllegalArgumentException e) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "bad-since",
                    "'since' must be empty or the 'next' of an earlier answer of this route.");
        }
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
