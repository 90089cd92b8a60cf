package org.kepu.api.feeds;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.kepu.api.channels.Channel;
import org.kepu.api.channels.ChannelRegistry;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.query.Visibility.Field;
import org.kepu.search.query.Visibility.Grant;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;

/**
 * Channel feeds. The index answers which works are published in a channel; each work's manifest, the
 * truth, decides whether it still is and supplies what the feed shows. All methods block.
 */
@Service
class FeedService {

    static final int FEED_SIZE = 50;
    /** The rule publication applies to channel names; anything else cannot name a channel. */
    private static final String NAME = "[a-z0-9][a-z0-9._-]{0,63}";

    private final ChannelRegistry channels;
    private final SearchIndex index;
    private final WorkRepository works;

    FeedService(ChannelRegistry channels, SearchIndex index, WorkRepository works) {
        this.channels = channels;
        this.index = index;
        this.works = works;
    }

    /** A rendered feed, its strong ETag, and whether the channel is public (shared caches may keep it). */
    record Rendered(byte[] body, String etag, MediaType mediaType, boolean open) {}

    /** @param caller null without a token */
    Rendered feed(Caller caller, String file, String baseUrl) {
        int dot = file.lastIndexOf('.');
        Optional<FeedFormat> format = dot < 0 ? Optional.empty() : FeedFormat.byExtension(file.substring(dot + 1));
        if (format.isEmpty()) {
            // no name is checked yet: without a token this says nothing about which channels exist
            throw caller == null ? unauthorized() : Problem.notFound("The feed");
        }
        Channel channel = visible(caller, file.substring(0, dot));
        byte[] body = format.get().render(new Feed(channel, baseUrl, newest(channel.name(), baseUrl)));
        return new Rendered(body, etag(body), format.get().mediaType(), channel.open());
    }

    /**
     * The channel if the caller may read it: anyone a public one; an outlet those it is entitled to;
     * editors and admins all. Without a token anything but a public channel asks for one, and with a
     * token a channel the caller may not see is as missing as an unknown one, so names do not leak.
     *
     * @param caller null without a token
     */
    Channel visible(Caller caller, String name) {
        Optional<Channel> found = name.matches(NAME) ? channels.find(name) : Optional.empty();
        if (caller == null) {
            return found.filter(Channel::open).orElseThrow(FeedService::unauthorized);
        }
        boolean all = caller.has(Caller.EDITOR) || caller.has(Caller.ADMIN);
        return found.filter(c -> all || c.open() || (caller.has(Caller.OUTLET) && c.visibleTo(caller.clientId())))
                .orElseThrow(() -> Problem.notFound("The channel"));
    }

    /** Up to {@link #FEED_SIZE} works published in the channel now, newest publication first. */
    private List<FeedEntry> newest(String channel, String baseUrl) {
        SearchRequest request = SearchRequest.of(
                        "", Visibility.anyOf(Grant.of(Field.STATUS, "PUBLISHED").and(Field.CHANNELS, channel)))
                .sortedBy(SearchRequest.Sort.DATE)
                .page(0, FEED_SIZE);
        return index.search(request).hits().stream()
                .map(hit -> works.find(hit.id()))
                .flatMap(Optional::stream)
                // the index may lag behind a retraction; the manifest does not
                .filter(work -> publishedIn(work, channel))
                .map(work -> FeedEntry.of(work, baseUrl))
                .sorted(Comparator.comparing(FeedEntry::publishedAt).reversed().thenComparing(FeedEntry::id))
                .toList();
    }

    static boolean publishedIn(Work work, String channel) {
        Publication p = work.review().publication();
        return work.status() == WorkStatus.PUBLISHED
                && p != null
                && p.channels().contains(channel);
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
