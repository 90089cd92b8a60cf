package org.kepu.api.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** An endpoint as admins see it; {@code secret} only in the answer to its registration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EndpointView(
        String id,
        String outlet,
        String url,
        String secret,
        List<String> channels,
        List<String> types,
        boolean enabled,
        String disabledReason,
        Instant createdAt) {

    static EndpointView of(WebhookEndpoint e, boolean withSecret) {
        return new EndpointView(
                e.id(),
                e.outlet(),
                e.url(),
                withSecret ? e.secret() : null,
                e.channels(),
                e.types(),
                e.enabled(),
                e.disabledReason(),
                e.createdAt());
    }
}
