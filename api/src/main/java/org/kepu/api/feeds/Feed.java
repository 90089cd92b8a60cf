package org.kepu.api.feeds;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.kepu.review.channels.Channel;

/**
 * What one feed shows, whatever its format: the channel, its newest published works (newest first), and
 * the newest works that left it, which Atom carries as tombstones.
 */
record Feed(Channel channel, String baseUrl, List<FeedEntry> entries, List<Departure> departed) {

    /** A work that left the channel: its former entry id, when, and why if it was retracted. */
    record Departure(String ref, Instant when, String comment, String url) {}

    Feed {
        entries = List.copyOf(entries);
        departed = List.copyOf(departed);
    }

    String urn() {
        return "urn:kepu:channel:" + channel.name();
    }

    String url(FeedFormat format) {
        return baseUrl + "/feeds/" + channel.name() + "." + format.extension();
    }

    /**
     * The newest change among entries and departures, else the channel's own: taken from the data, never
     * from the clock, so that an unchanged feed renders to the same bytes and keeps its ETag.
     */
    Instant updated() {
        return Stream.concat(
                        entries.stream().map(FeedEntry::updatedAt),
                        departed.stream().map(Departure::when))
                .max(Instant::compareTo)
                .orElse(channel.updatedAt() == null ? Instant.EPOCH : channel.updatedAt());
    }

    String description() {
        return channel.description().isBlank() ? channel.title() : channel.description();
    }
}
