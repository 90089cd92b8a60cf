package org.kepu.review.channels;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A channel works are published to, and the outlets (OAuth client ids) entitled to it. A public channel
 * is open to every outlet.
 */
public record Channel(
        String name,
        String title,
        String description,
        @JsonProperty("public") boolean open,
        List<String> outlets,
        Instant updatedAt) {

    public Channel {
        description = description == null ? "" : description;
        outlets = outlets == null ? List.of() : List.copyOf(outlets);
    }

    /** Whether an outlet with this client id may see the channel. */
    public boolean visibleTo(String clientId) {
        return open || (clientId != null && outlets.contains(clientId));
    }

    /** The same channel without the update time, to tell whether a write changes anything. */
    public boolean sameAs(Channel other) {
        return other != null
                && name.equals(other.name)
                && title.equals(other.title)
                && description.equals(other.description)
                && open == other.open
                && outlets.equals(other.outlets);
    }

    /** What an outlet is shown: other outlets' client ids are none of its business. */
    public Channel seenBy(String clientId) {
        // An immutable list refuses contains(null), and a token need not name its client.
        List<String> self = clientId != null && outlets.contains(clientId) ? List.of(clientId) : List.of();
        return new Channel(name, title, description, open, self, updatedAt);
    }
}
