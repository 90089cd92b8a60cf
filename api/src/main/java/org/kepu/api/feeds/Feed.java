package org.kepu.api.feeds;

import java.time.Instant;
import java.util.List;
import org.kepu.api.channels.Channel;

/** What one feed shows, whatever its format: the channel and its newest published works, newest first. */
record Feed(Channel channel, String baseUrl, List<FeedEntry> entries) {

    Feed {
        entries = List.copyOf(entries);
    }

    String urn() {
        return "urn:kepu:channel:" + channel.name();
    }

    String url(FeedFormat format) {
        return baseUrl + "/feeds/" + channel.name() + "." + format.extension();
    }

    /**
     * The newest change among the entries, else the channel's own: taken from the data, never from the
     * clock, so that an unchanged feed renders to the same bytes and keeps its ETag.
     */
    Instant updated() {
        return entries.stream()
                .map(FeedEntry::updatedAt)
                .max(Instant::compareTo)
                .orElse(channel.updatedAt() == null ? Instant.EPOCH : channel.updatedAt());
    }

    String description() {
        return channel.description().isBlank() ? channel.title() : channel.description();
    }
}
