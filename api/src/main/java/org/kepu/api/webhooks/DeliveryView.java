package org.kepu.api.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.kepu.api.webhooks.WebhookDelivery.Attempt;
import org.kepu.api.webhooks.WebhookDelivery.State;

/**
 * A delivery in the log: the event ({@code eventId} is the {@code webhook-id} header), its attempts and
 * what happens next.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeliveryView(
        String id,
        String eventId,
        String type,
        String workId,
        String channel,
        long seq,
        State state,
        Instant createdAt,
        Instant nextAttemptAt,
        List<Attempt> attempts) {

    static DeliveryView of(WebhookDelivery d) {
        return new DeliveryView(
                d.id(),
                d.messageId(),
                d.type(),
                d.workId(),
                d.channel(),
                d.seq(),
                d.state(),
                d.createdAt(),
                d.state() == State.PENDING ? d.nextAttemptAt() : null,
                d.attempts());
    }
}
