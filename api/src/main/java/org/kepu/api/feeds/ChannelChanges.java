package org.kepu.api.feeds;

import java.time.Instant;
import java.util.List;

/**
 * What changed in a channel, oldest change first, with no access check: the source of delta sync and of
 * webhook deliveries. Each change is the latest state of one work in the channel; a work that changed
 * several times between two reads appears once, in its latest state. Blocks.
 */
public interface ChannelChanges {

    /**
     * @param since an earlier batch's {@link Batch#next()}, or empty for the beginning
     * @param limit at most this many changes
     * @throws IllegalArgumentException when {@code since} is not a value kepu handed out
     */
    Batch read(String channel, String since, int limit);

    /** What happened to a work in a channel; {@link #eventType()} names it as webhooks do. */
    enum Type {
        /** The work appeared in the channel, for the first time or again after it had left. */
        PUBLISHED("work.published"),
        /** A newly approved version replaced the one the channel had: a correction. */
        UPDATED("work.updated"),
        /** The work left the channel: published again to other channels, or a new version is under review. */
        UNPUBLISHED("work.unpublished"),
        /** An editor retracted the work. */
        RETRACTED("work.retracted");

        private final String eventType;

        Type(String eventType) {
            this.eventType = eventType;
        }

        public String eventType() {
            return eventType;
        }

        public boolean removes() {
            return this == UNPUBLISHED || this == RETRACTED;
        }
    }

    /**
     * One change. {@code seq} grows with every change of this work in this channel, so the triple
     * (work, channel, seq) names the change for good, also across instances and restarts.
     *
     * @param version the version the channel now has (for a removal, the one it had)
     * @param reason why the work was retracted, or a correction note; null otherwise
     */
    record Change(String workId, String channel, Type type, int version, long seq, Instant at, String reason) {

        /** Where an entitled outlet reads the item (or its tombstone), relative to kepu's base URL. */
        public String itemPath() {
            return "/api/v1/channels/" + channel + "/items/" + workId;
        }

        /** A stable name of this change, usable as an idempotency key. */
        public String key() {
            return workId + "." + channel + "." + seq;
        }
    }

    /** @param next pass back as {@code since} to read on after these changes */
    record Batch(List<Change> changes, String next) {

        public Batch {
            changes = List.copyOf(changes);
        }
    }
}
