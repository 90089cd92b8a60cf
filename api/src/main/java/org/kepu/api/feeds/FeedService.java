package org.kepu.api.feeds;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kepu.api.channels.ChannelReaders;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.Review.Placement;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.channels.Channel;
import org.kepu.review.channels.ChannelRegistry;
import org.kepu.review.channels.ChannelRules;
import org.kepu.review.distribution.Distribution;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.SearchResult;
import org.kepu.search.query.Visibility;
import org.kepu.search.query.Visibility.Field;
import org.kepu.search.query.Visibility.Grant;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;

/**
 * Channel feeds. The index answers which works are in a channel or left it; each work's manifest, the
 * truth, decides whether it still is and supplies what the feed shows. A rendered feed is kept until the
 * index shows a change in the channel, so a poll that finds nothing new costs one small index query: no
 * manifest is read and nothing rendered. All methods block.
 */
@Service
class FeedService {

    static final int FEED_SIZE = 50;
    /** A body longer than this is left to the item route; the feed carries the summary instead. */
    static final int MAX_CONTENT = 200_000;

    private static final int CACHED_FEEDS = 512;
    /**
     * How long the index's view of a channel is taken as current. Polls within it cost no index query; a
     * change reaches readers at most this much later than the index shows it (itself a moment after the
     * manifest), on every instance alike.
     */
    static final Duration STAMP_FRESH = Duration.ofSeconds(1);

    private final ChannelRegistry channels;
    private final SearchIndex index;
    private final WorkRepository works;
    private final WorkFiles files;
    private final Bodies bodies;
    private final Map<CacheKey, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CacheKey, Cached> eldest) {
            return size() > CACHED_FEEDS;
        }
    };

    FeedService(ChannelRegistry channels, SearchIndex index, WorkRepository works, WorkFiles files, Bodies bodies) {
        this.channels = channels;
        this.index = index;
        this.works = works;
        this.files = files;
        this.bodies = bodies;
    }

    /**
     * A rendered feed, its strong ETag, its time of last change, and whether the channel is public (shared
     * caches may keep it).
     */
    record Rendered(byte[] body, String etag, Instant lastModified, MediaType mediaType, boolean open) {}

    private record CacheKey(String channel, FeedFormat format, String baseUrl) {}

    /** What the index shows of the channel: any change of a work in it or leaving it changes this. */
    private record Stamp(long total, String newestId, Instant newestAt, Instant channelUpdatedAt, boolean open) {}

    private record Cached(Stamp stamp, Rendered rendered) {}

    private record Checked(Stamp stamp, long atNanos) {}

    private final Map<String, Checked> stamps = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param caller null without a token */
    Rendered feed(Caller caller, String file, String baseUrl) {
        int dot = file.lastIndexOf('.');
        Optional<FeedFormat> format = dot < 0 ? Optional.empty() : FeedFormat.byExtension(file.substring(dot + 1));
        if (format.isEmpty()) {
            // no name is checked yet: without a token this says nothing about which channels exist
            throw caller == null ? unauthorized() : Problem.notFound("The feed");
        }
        Channel channel = visible(caller, file.substring(0, dot));
        CacheKey key = new CacheKey(channel.name(), format.get(), baseUrl);
        Stamp stamp = freshStamp(channel);
        synchronized (cache) {
            Cached cached = cache.get(key);
            if (cached != null && cached.stamp().equals(stamp)) {
                return cached.rendered();
            }
        }
        Feed feed = new Feed(channel, baseUrl, newest(channel.name(), baseUrl), departed(channel.name(), baseUrl));
        byte[] body = format.get().render(feed);
        Rendered rendered =
                new Rendered(body, etag(body), feed.updated(), format.get().mediaType(), channel.open());
        synchronized (cache) {
            cache.put(key, new Cached(stamp, rendered));
        }
        return rendered;
    }

    /**
     * The feed from memory alone, when everything it depends on was checked a moment ago: the channel
     * snapshot, the caller's right to it, the index's view of the channel and the rendered bytes. Never
     * blocks, so a poll can be answered on the event loop; anything else (errors included) is left to
     * {@link #feed}.
     *
     * @param caller null without a token
     */
    Optional<Rendered> cached(Caller caller, String file, String baseUrl) {
        int dot = file.lastIndexOf('.');
        Optional<FeedFormat> format = dot < 0 ? Optional.empty() : FeedFormat.byExtension(file.substring(dot + 1));
        String name = dot < 0 ? "" : file.substring(0, dot);
        Optional<Channel> channel = format.isEmpty()
                ? Optional.empty()
                : channels.fresh()
                        .flatMap(all ->
                                all.stream().filter(c -> c.name().equals(name)).findFirst());
        if (channel.isEmpty() || !mayRead(caller, channel.get())) {
            return Optional.empty();
        }
        Checked checked = stamps.get(name);
        if (checked == null
                || System.nanoTime() - checked.atNanos() >= STAMP_FRESH.toNanos()
                || !Objects.equals(
                        checked.stamp().channelUpdatedAt(), channel.get().updatedAt())
                || checked.stamp().open() != channel.get().open()) {
            return Optional.empty();
        }
        synchronized (cache) {
            Cached cached = cache.get(new CacheKey(name, format.get(), baseUrl));
            return cached != null && cached.stamp().equals(checked.stamp())
                    ? Optional.of(cached.rendered())
                    : Optional.empty();
        }
    }

    /**
     * The channel if the caller may read it: anyone a public one; an outlet those it is entitled to;
     * editors and admins all. Without a token anything but a public channel asks for one, and with a
     * token a channel the caller may not see is as missing as an unknown one, so names do not leak.
     *
     * @param caller null without a token
     */
    Channel visible(Caller caller, String name) {
        Optional<Channel> found = ChannelRules.validName(name) ? channels.find(name) : Optional.empty();
        if (caller == null) {
            return found.filter(Channel::open).orElseThrow(FeedService::unauthorized);
        }
        return found.filter(c -> mayRead(caller, c)).orElseThrow(() -> Problem.notFound("The channel"));
    }

    /** @param caller null without a token */
    private static boolean mayRead(Caller caller, Channel channel) {
        return ChannelRules.mayRead(ChannelReaders.of(caller), channel);
    }

    private Stamp freshStamp(Channel channel) {
        long now = System.nanoTime();
        Checked checked = stamps.get(channel.name());
        if (checked != null
                && now - checked.atNanos() < STAMP_FRESH.toNanos()
                && Objects.equals(checked.stamp().channelUpdatedAt(), channel.updatedAt())
                && checked.stamp().open() == channel.open()) {
            return checked.stamp();
        }
        Stamp stamp = stamp(channel);
        if (stamps.size() > CACHED_FEEDS) {
            stamps.clear();
        }
        stamps.put(channel.name(), new Checked(stamp, now));
        return stamp;
    }

    private Stamp stamp(Channel channel) {
        SearchResult newest = index.search(SearchRequest.of(
                        "",
                        Visibility.anyOf(Grant.of(Field.CHANNELS, channel.name(), Distribution.LEFT + channel.name())))
                .sortedBy(SearchRequest.Sort.DATE)
                .page(0, 1));
        Optional<SearchHit> top = newest.hits().stream().findFirst();
        return new Stamp(
                newest.total(),
                top.map(SearchHit::id).orElse(null),
                top.map(SearchHit::updatedAt).orElse(null),
                channel.updatedAt(),
                channel.open());
    }

    /** Up to {@link #FEED_SIZE} works in the channel now, newest publication first, with their content. */
    private List<FeedEntry> newest(String channel, String baseUrl) {
        SearchRequest request = SearchRequest.of(
                        "", Visibility.anyOf(Grant.of(Field.STATUS, "PUBLISHED").and(Field.CHANNELS, channel)))
                .sortedBy(SearchRequest.Sort.DATE)
                .page(0, FEED_SIZE);
        return index.search(request).hits().stream()
                .map(hit -> works.find(hit.id()))
                .flatMap(Optional::stream)
                // the index may lag behind a retraction; the manifest does not
                .filter(work -> ChannelRules.publishedIn(work, channel))
                .map(work -> withContent(FeedEntry.of(work, channel, baseUrl), work, channel, baseUrl))
                .sorted(Comparator.comparing(FeedEntry::publishedAt).reversed().thenComparing(FeedEntry::id))
                .toList();
    }

    /** The newest works that left the channel, for Atom's tombstones (RFC 6721). */
    private List<Feed.Departure> departed(String channel, String baseUrl) {
        SearchRequest request = SearchRequest.of(
                        "", Visibility.anyOf(Grant.of(Field.CHANNELS, Distribution.LEFT + channel)))
                .sortedBy(SearchRequest.Sort.DATE)
                .page(0, FEED_SIZE);
        return index.search(request).hits().stream()
                .map(hit -> works.find(hit.id()))
                .flatMap(Optional::stream)
                .flatMap(work -> Distribution.placementIn(work, channel)
                        .filter(p -> !p.live())
                        .map(p -> new Feed.Departure(
                                FeedEntry.urn(work.id()),
                                p.changedAt(),
                                p.note(),
                                FeedEntry.itemUrl(baseUrl, channel, work.id())))
                        .stream())
                .sorted(Comparator.comparing(Feed.Departure::when).reversed())
                .toList();
    }

    private FeedEntry withContent(FeedEntry entry, Work work, String channel, String baseUrl) {
        Placement p = Distribution.placementIn(work, channel).orElseThrow();
        Version version = work.version(p.version()).orElse(work.current());
        String html = bodies.text(version)
                .map(text -> bodies.html(work.id(), version, text))
                .filter(h -> h.length() <= MAX_CONTENT)
                .orElse(null);
        String filesUrl = entry.url() + "/files/";
        FeedEntry.Link enclosure = null;
        FeedEntry.Link thumbnail = null;
        for (WorkFiles.File f : files.of(work.id(), version)) {
            FeedEntry.Link link =
                    new FeedEntry.Link(filesUrl + f.name(), f.mediaType(), f.size(), f.width(), f.height());
            if (f.name().equals(WorkFiles.ORIGINAL)) {
                enclosure = link;
            } else if (f.name().equals(WorkFiles.THUMBNAIL)) {
                thumbnail = link;
            }
        }
        return entry.withContent(html, enclosure, thumbnail);
    }

    static Problem unauthorized() {
        return new Problem(HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required.");
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
