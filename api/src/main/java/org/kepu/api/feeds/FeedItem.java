package org.kepu.api.feeds;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.kepu.ingestion.work.Work;

/**
 * A work an outlet should hold, as delta sync lists it: what a feed entry shows, the version and the
 * sequence number of the change, and the link where the outlet reads the whole item.
 *
 * @param by the creator's public byline; absent when the creator chose none
 * @param note a correction note when a new version replaced the one the channel had
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FeedItem(
        String id,
        String guid,
        String type,
        int version,
        long seq,
        String title,
        String summary,
        String kind,
        List<String> topics,
        List<String> audiences,
        String by,
        String url,
        Instant publishedAt,
        Instant updatedAt,
        String note) {

    static FeedItem of(Work work, ChannelChanges.Change change, String baseUrl) {
        FeedEntry entry = FeedEntry.of(work, change.channel(), baseUrl);
        return new FeedItem(
                work.id(),
                entry.urn(),
                change.type().eventType(),
                change.version(),
                change.seq(),
                entry.title(),
                entry.summary(),
                entry.kind(),
                entry.topics(),
                entry.audiences(),
                entry.by(),
                entry.url(),
                entry.publishedAt(),
                change.at(),
                change.reason());
    }
}
