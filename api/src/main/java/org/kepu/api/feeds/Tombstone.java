package org.kepu.api.feeds;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A work that left a channel, as delta sync lists it. It names no creator: a tombstone is read by every
 * outlet of the channel, long after the work itself is gone.
 *
 * @param retractedAt and {@code reason} only for a retraction
 * @param url the item route, which answers the tombstone as a ninjs item with {@code pubstatus} canceled
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Tombstone(
        String id,
        String guid,
        String type,
        int version,
        long seq,
        Instant updatedAt,
        Instant retractedAt,
        String reason,
        String url) {

    static Tombstone of(ChannelChanges.Change change, String baseUrl) {
        boolean retracted = change.type() == ChannelChanges.Type.RETRACTED;
        return new Tombstone(
                change.workId(),
                FeedEntry.urn(change.workId()),
                change.type().eventType(),
                change.version(),
                change.seq(),
                change.at(),
                retracted ? change.at() : null,
                retracted ? change.reason() : null,
                baseUrl + change.itemPath());
    }
}
