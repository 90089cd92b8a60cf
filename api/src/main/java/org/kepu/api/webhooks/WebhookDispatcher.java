package org.kepu.api.webhooks;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.kepu.api.feeds.ChannelChanges;
import org.kepu.api.feeds.ChannelChanges.Batch;
import org.kepu.api.feeds.ChannelChanges.Change;
import org.kepu.api.webhooks.WebhookDelivery.Attempt;
import org.kepu.api.webhooks.WebhookDelivery.State;
import org.kepu.api.webhooks.WebhookRetryPolicy.Verdict;
import org.kepu.ingestion.work.JsonObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns channel changes into deliveries and sends them, one idempotent step at a time, so that any number
 * of instances may run it on one store. {@link #poll} reads each enabled endpoint's channels from their
 * watermarks and stores a delivery per wanted change ({@code putIfAbsent} under an id derived from the
 * change) before moving the watermark: a crash in between only finds the deliveries there already.
 * {@link #attempt} claims a due delivery with a lease (compare-and-set), sends it and appends the attempt.
 * Blocking.
 */
public final class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    static final int BATCH = 100;

    private final WebhookStore store;
    private final Supplier<Optional<ChannelChanges>> changes;
    private final WebhookSender sender;
    private final WebhookAddressGuard guard;
    private final WebhookRetryPolicy policy;
    private final Clock clock;
    private final String baseUrl;
    private final Duration lease;
    private volatile Consumer<String> attempts = outcome -> {};

    /**
     * @param changes the change source, which another part of kepu provides; empty while there is none
     * @param lease how long a claim on a delivery holds; longer than a send can take
     */
    /** Whether an outlet (first) may read a channel (second) now; checked before every read of it. */
    private final BiPredicate<String, String> entitled;

    private final Outcomes outcomes;

    /** Where the end of each delivery is counted. */
    public interface Outcomes {
        void ended(String outlet, boolean delivered);
    }

    public WebhookDispatcher(
            WebhookStore store,
            Supplier<Optional<ChannelChanges>> changes,
            WebhookSender sender,
            WebhookAddressGuard guard,
            WebhookRetryPolicy policy,
            Clock clock,
            String baseUrl,
            Duration lease,
            BiPredicate<String, String> entitled) {
        this(store, changes, sender, guard, policy, clock, baseUrl, lease, entitled, (outlet, delivered) -> {});
    }

    /** @param outcomes told of every delivery that ended, delivered or failed for good, with its outlet */
    public WebhookDispatcher(
            WebhookStore store,
            Supplier<Optional<ChannelChanges>> changes,
            WebhookSender sender,
            WebhookAddressGuard guard,
            WebhookRetryPolicy policy,
            Clock clock,
            String baseUrl,
            Duration lease,
            BiPredicate<String, String> entitled,
            Outcomes outcomes) {
        this.outcomes = outcomes;
        this.entitled = entitled;
        this.store = store;
        this.changes = changes;
        this.sender = sender;
        this.guard = guard;
        this.policy = policy;
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.lease = lease;
    }

    /** Told the outcome of every attempt: {@code delivered}, {@code retry}, {@code failed}, {@code gone} or {@code error}. */
    public void onAttempt(Consumer<String> listener) {
        this.attempts = listener;
    }

    /** A delivery to attempt. */
    public record Due(String endpointId, String deliveryId) {}

    /** Polls for changes, then hands every due delivery to {@code sends}. */
    public void tick(Executor sends) {
        poll();
        for (Due due : due()) {
            try {
                sends.execute(() -> attempt(due.endpointId(), due.deliveryId()));
            } catch (RejectedExecutionException busy) {
                // the senders are saturated or stopping; the next tick finds the delivery again
                return;
            }
        }
    }

    /** Stores a delivery for every new wanted change of every enabled endpoint; returns how many. */
    public int poll() {
        Optional<ChannelChanges> source = changes.get();
        if (source.isEmpty()) {
            return 0;
        }
        int created = 0;
        for (WebhookEndpoint endpoint : store.endpoints()) {
            if (!endpoint.enabled()) {
                continue;
            }
            for (String channel : endpoint.channels()) {
                try {
                    created += poll(source.get(), endpoint, channel);
                } catch (RuntimeException e) {
                    log.warn(
                            "webhook {}: reading channel {} failed; retrying at the next poll",
                            endpoint.id(),
                            channel,
                            e);
                }
            }
        }
        return created;
    }

    private int poll(ChannelChanges source, WebhookEndpoint endpoint, String channel) {
        int created = 0;
        if (!entitled.test(endpoint.outlet(), channel)) {
            // an outlet that lost a channel learns nothing more of it; its watermark waits where it was
            return 0;
        }
        String since = store.cursor(endpoint.id(), channel).orElse("");
        // read on while full batches come back, so a backlog is not trickled out one batch per interval
        for (int round = 0; round < 10; round++) {
            Batch batch = source.read(channel, since, BATCH);
            Instant now = clock.instant();
            for (Change change : batch.changes()) {
                if (endpoint.wants(change.type()) && store.create(WebhookDelivery.of(endpoint, change, baseUrl, now))) {
                    created++;
                }
            }
            if (batch.next() == null || batch.next().equals(since)) {
                break;
            }
            store.advance(endpoint.id(), channel, since, batch.next());
            since = batch.next();
            if (batch.changes().size() < BATCH) {
                break;
            }
        }
        return created;
    }

    /** The pending deliveries whose next attempt is due, of enabled endpoints, oldest first. */
    public List<Due> due() {
        Instant now = clock.instant();
        List<Due> due = new ArrayList<>();
        for (WebhookEndpoint endpoint : store.endpoints()) {
            if (endpoint.enabled()) {
                List<WebhookDelivery> newestFirst = store.deliveries(endpoint.id());
                // oldest first, so that a receiver mostly sees a work's changes in order
                for (int i = newestFirst.size() - 1; i >= 0; i--) {
                    WebhookDelivery delivery = newestFirst.get(i);
                    if (delivery.sendableAt(now)) {
                        due.add(new Due(endpoint.id(), delivery.id()));
                    }
                }
            }
        }
        return due;
    }

    /**
     * Sends the delivery if it is due, its endpoint enabled and this call wins the lease; returns whether
     * it sent (or tried to).
     */
    public boolean attempt(String endpointId, String deliveryId) {
        try {
            return claimAndSend(endpointId, deliveryId);
        } catch (RuntimeException e) {
            log.warn(
                    "webhook {}: delivery {} failed before sending; the lease runs out and it is tried again",
                    endpointId,
                    deliveryId,
                    e);
            return false;
        }
    }

    private boolean claimAndSend(String endpointId, String deliveryId) {
        WebhookEndpoint endpoint = store.endpoint(endpointId).orElse(null);
        if (endpoint == null || !endpoint.enabled()) {
            return false;
        }
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        Optional<JsonObjects.Changed<WebhookDelivery>> claimed =
                store.change(endpointId, deliveryId, d -> d.sendableAt(now) ? d.leased(token, now.plus(lease)) : d);
        if (claimed.isEmpty() || !token.equals(claimed.get().after().leaseToken())) {
            return false;
        }
        WebhookDelivery delivery = claimed.get().after();
        URI url = URI.create(endpoint.url());
        Optional<String> refused = guard.refusal(url);
        if (refused.isPresent()) {
            record(delivery, token, new Attempt(now, null, "refused: " + refused.get()), State.FAILED, null);
            return true;
        }
        Instant sentAt = clock.instant();
        long timestamp = sentAt.getEpochSecond();
        byte[] body = delivery.bodyBytes();
        String signature = WebhookSignature.sign(endpoint.secret(), delivery.messageId(), timestamp, body);
        WebhookSender.Response response;
        try {
            response = sender.send(url, delivery.messageId(), timestamp, signature, body);
        } catch (IOException e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            attempts.accept("error");
            retry(delivery, token, new Attempt(sentAt, null, error), Optional.empty());
            return true;
        } catch (InterruptedException e) {
            // stopping: the lease runs out and another instance (or this one after restart) sends it
            Thread.currentThread().interrupt();
            return false;
        }
        Attempt attempt = new Attempt(sentAt, response.status(), null);
        Verdict verdict = WebhookRetryPolicy.verdict(response.status());
        attempts.accept(verdict.name().toLowerCase(java.util.Locale.ROOT));
        switch (verdict) {
            case DELIVERED -> record(delivery, token, attempt, State.DELIVERED, null);
            case FAILED -> record(delivery, token, attempt, State.FAILED, null);
            case RETRY ->
                retry(
                        delivery,
                        token,
                        attempt,
                        response.retryAfter().flatMap(h -> WebhookRetryPolicy.parseRetryAfter(h, sentAt)));
            case GONE -> {
                // the receiver asked for no more: stop the endpoint; this delivery waits for a re-enable
                String reason = "the receiver answered 410 Gone at " + sentAt;
                store.change(endpointId, e -> e.enabled() ? e.disabled(reason) : e);
                record(delivery, token, attempt, State.PENDING, sentAt);
                log.info("webhook {}: disabled after 410 Gone from its receiver", endpointId);
            }
        }
        return true;
    }

    private void retry(WebhookDelivery delivery, String token, Attempt attempt, Optional<Duration> retryAfter) {
        int failed = delivery.attempts().size() + 1;
        Optional<Instant> next = policy.nextAttempt(delivery.roundStartedAt(), attempt.at(), failed, retryAfter);
        record(delivery, token, attempt, next.isPresent() ? State.PENDING : State.FAILED, next.orElse(null));
    }

    private void record(WebhookDelivery delivery, String token, Attempt attempt, State state, Instant next) {
        store.change(delivery.endpointId(), delivery.id(), d -> d.attempted(token, attempt, state, next));
        if (state == State.DELIVERED || state == State.FAILED) {
            store.endpoint(delivery.endpointId()).ifPresent(e -> outcomes.ended(e.outlet(), state == State.DELIVERED));
        }
    }

    /**
     * Makes the delivery pending again at once, with the same message id and body; empty when it does not
     * exist. The next tick (or {@link #attempt}) sends it.
     */
    public Optional<WebhookDelivery> replay(String endpointId, String deliveryId) {
        Instant now = clock.instant();
        return store.change(endpointId, deliveryId, d -> d.replayed(now)).map(JsonObjects.Changed::after);
    }
}
