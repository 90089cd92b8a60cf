package org.kepu.review.channels;

import java.util.List;
import java.util.Optional;
import org.kepu.ingestion.work.Review.Placement;
import org.kepu.ingestion.work.Work;
import org.kepu.review.distribution.Distribution;

/** Which channels a reader may read and see, what a channel's name may be, and which works it holds. */
public final class ChannelRules {

    /** The rule for channel names, the same wherever a channel is named: admins, publication, webhooks. */
    public static final String NAME = "[a-z0-9][a-z0-9._-]{0,63}";

    private ChannelRules() {}

    public static boolean validName(String name) {
        return name != null && name.matches(NAME);
    }

    /** Anyone reads a public channel; an outlet the ones it is entitled to; editors and admins all. */
    public static boolean mayRead(ChannelReader reader, Channel channel) {
        return switch (reader.kind()) {
            case STAFF -> true;
            case OUTLET -> channel.visibleTo(reader.clientId());
            case ANONYMOUS, OTHER -> channel.open();
        };
    }

    /**
     * The channel as the reader is shown it, if they may read it: staff see it whole, anyone else without
     * the client ids of other outlets.
     */
    public static Optional<Channel> shownTo(ChannelReader reader, Channel channel) {
        if (!mayRead(reader, channel)) {
            return Optional.empty();
        }
        return Optional.of(reader.kind() == ChannelReader.Kind.STAFF ? channel : channel.seenBy(reader.clientId()));
    }

    /** The channels of the list the reader may read, as they are shown to them. */
    public static List<Channel> shownTo(ChannelReader reader, List<Channel> channels) {
        return channels.stream()
                .map(c -> shownTo(reader, c))
                .flatMap(Optional::stream)
                .toList();
    }

    /** Whether the work is in the channel now, as opposed to never there or gone from it. */
    public static boolean publishedIn(Work work, String channel) {
        return Distribution.placementIn(work, channel).map(Placement::live).orElse(false);
    }

    /** Whether this version of the work is in some channel now: only such a version's files are handed out. */
    public static boolean versionPublished(Work work, int version) {
        return Distribution.placements(work).stream().anyMatch(p -> p.live() && p.version() == version);
    }
}
