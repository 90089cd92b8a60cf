package org.kepu.api.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kepu.api.feeds.ChannelChanges;
import org.kepu.api.feeds.ChannelChanges.Change;
import org.kepu.ingestion.work.JsonObjects;

/**
 * One event for one endpoint and its log, stored at {@code webhooks/{endpointId}/deliveries/{id}.json}.
 * The id and the message id are derived from the change, so whoever notices the change first creates the
 * delivery and everyone else finds it there. The body is kept as the exact bytes sent (base64), so retries
 * and replays sign and send the same bytes under the same {@code webhook-id}.
 *
 * @param roundStartedAt the first attempt of this round (creation, or the last replay): retries give up a
 *     day after it
 * @param leaseToken who is sending it now, until {@code leaseUntil}; null when nobody is
 */
public record WebhookDelivery(
        String id,
        String endpointId,
        String messageId,
        String type,
        String workId,
        String channel,
        long seq,
        String body,
        State state,
        List<Attempt> attempts,
        Instant createdAt,
        Instant roundStartedAt,
        Instant nextAttemptAt,
        String leaseToken,
        Instant leaseUntil) {

    public enum State {
        PENDING,
        DELIVERED,
        FAILED
    }

    /** @param status the receiver's status code, or null when there was none (see {@code error}) */
    public record Attempt(Instant at, Integer status, String error) {}

    public WebhookDelivery {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    static WebhookDelivery of(WebhookEndpoint endpoint, Change change, String baseUrl, Instant now) {
        byte[] body = payload(change, baseUrl);
        return new WebhookDelivery(
                deliveryId(change),
                endpoint.id(),
                messageId(endpoint.id(), change),
                change.type().eventType(),
                change.workId(),
                change.channel(),
                change.seq(),
                Base64.getEncoder().encodeToString(body),
                State.PENDING,
                List.of(),
                now,
                now,
                now,
                null,
                null);
    }

    /** The event as Standard Webhooks has it: {@code {type, timestamp, data}}, with thin data. */
    static byte[] payload(Change change, String baseUrl) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", change.workId());
        data.put("channel", change.channel());
        data.put("version", change.version());
        data.put("seq", change.seq());
        // as the item route answers: a retraction cancels the work, other departures withhold it
        data.put(
                "pubstatus",
                change.type() == ChannelChanges.Type.RETRACTED
                        ? "canceled"
                        : change.type().removes() ? "withheld" : "usable");
        data.put("url", stripSlash(baseUrl) + change.itemPath());
        if (change.reason() != null) {
            data.put("reason", change.reason());
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", change.type().eventType());
        event.put("timestamp", change.at().toString());
        event.put("data", data);
        return JsonObjects.MAPPER.writeValueAsBytes(event);
    }

    static String deliveryId(Change change) {
        return "dlv_" + digest(change.key());
    }

    /** The same for every attempt and replay of the event to this endpoint: the receiver's idempotency key. */
    static String messageId(String endpointId, Change change) {
        return "msg_" + digest(endpointId + "/" + change.key());
    }

    byte[] bodyBytes() {
        return Base64.getDecoder().decode(body);
    }

    boolean sendableAt(Instant now) {
        return state == State.PENDING
                && (nextAttemptAt == null || !nextAttemptAt.isAfter(now))
                && (leaseUntil == null || leaseUntil.isBefore(now));
    }

    WebhookDelivery leased(String token, Instant until) {
        return new WebhookDelivery(
                id,
                endpointId,
                messageId,
                type,
                workId,
                channel,
                seq,
                body,
                state,
                attempts,
                createdAt,
                roundStartedAt,
                nextAttemptAt,
                token,
                until);
    }

    /** Records an attempt; the state and next attempt change only for the holder of the lease. */
    WebhookDelivery attempted(String token, Attempt attempt, State next, Instant nextAttempt) {
        List<Attempt> log = new ArrayList<>(attempts);
        log.add(attempt);
        if (!token.equals(leaseToken)) {
            return new WebhookDelivery(
                    id,
                    endpointId,
                    messageId,
                    type,
                    workId,
                    channel,
                    seq,
                    body,
                    state,
                    log,
                    createdAt,
                    roundStartedAt,
                    nextAttemptAt,
                    leaseToken,
                    leaseUntil);
        }
        return new WebhookDelivery(
                id,
                endpointId,
                messageId,
                type,
                workId,
                channel,
                seq,
                body,
                next,
                log,
                createdAt,
                roundStartedAt,
                nextAttempt,
                null,
                null);
    }

    /** Sends the event again as soon as possible, with a new day of retries. */
    WebhookDelivery replayed(Instant now) {
        return new WebhookDelivery(
                id,
                endpointId,
                messageId,
                type,
                workId,
                channel,
                seq,
                body,
                State.PENDING,
                attempts,
                createdAt,
                now,
                now,
                leaseToken,
                leaseUntil);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
