package org.kepu.api.webhooks;

import java.time.Instant;
import java.util.List;
import org.kepu.api.feeds.ChannelChanges;

/**
 * A receiver of an outlet's webhooks, stored at {@code webhooks/{id}/endpoint.json}.
 *
 * @param outlet the outlet's OAuth client id
 * @param types event types such as {@code work.published}; empty for all
 * @param disabledReason why deliveries stopped (a 410 from the receiver); null while enabled
 */
public record WebhookEndpoint(
        String id,
        String outlet,
        String url,
        String secret,
        List<String> channels,
        List<String> types,
        boolean enabled,
        String disabledReason,
        Instant createdAt) {

    public WebhookEndpoint {
        channels = List.copyOf(channels);
        types = types == null ? List.of() : List.copyOf(types);
    }

    public boolean wants(ChannelChanges.Type type) {
        return types.isEmpty() || types.contains(type.eventType());
    }

    WebhookEndpoint disabled(String reason) {
        return new WebhookEndpoint(id, outlet, url, secret, channels, types, false, reason, createdAt);
    }

    WebhookEndpoint reenabled() {
        return new WebhookEndpoint(id, outlet, url, secret, channels, types, true, null, createdAt);
    }
}
