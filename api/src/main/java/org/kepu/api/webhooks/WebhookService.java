package org.kepu.api.webhooks;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.kepu.review.channels.ChannelRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Webhook endpoints and their delivery logs, as admins manage them. All methods block. */
@Service
class WebhookService {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final String ENDPOINT_ID = "ep_[0-9a-f]{32}";
    private static final String DELIVERY_ID = "dlv_[0-9a-f]{32}";
    private static final int MAX_OUTLET = 255;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookStore store;
    private final WebhookDispatcher dispatcher;
    private final WebhookScheduler scheduler;
    private final WebhookAddressGuard guard;
    private final Validator validator;
    private final Clock clock;
    private final ChannelRegistry channels;

    WebhookService(
            WebhookStore store,
            WebhookDispatcher dispatcher,
            WebhookScheduler scheduler,
            WebhookAddressGuard guard,
            Validator validator,
            Clock clock,
            ChannelRegistry channels) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.guard = guard;
        this.validator = validator;
        this.clock = clock;
        this.channels = channels;
    }

    /** The new endpoint with its secret, which is shown only here. */
    EndpointView create(Caller caller, String outlet, NewEndpoint body) {
        requireAdmin(caller);
        List<Map<String, String>> errors = new ArrayList<>();
        if (!clientId(outlet)) {
            errors.add(error("outlet", "a client id of 1 to " + MAX_OUTLET + " characters, none invisible"));
        }
        for (ConstraintViolation<NewEndpoint> violation : validator.validate(body)) {
            errors.add(error(field(violation.getPropertyPath()), violation.getMessage()));
        }
        if (body.url() != null && !body.url().isBlank()) {
            checkUrl(body.url().strip()).ifPresent(message -> errors.add(error("url", message)));
        }
        if (body.channels() != null) {
            for (int i = 0; i < body.channels().size(); i++) {
                String name = body.channels().get(i);
                if (name != null
                        && channels.find(name).filter(c -> c.visibleTo(outlet)).isEmpty()) {
                    errors.add(error("channels[" + i + "]", "no channel '" + name + "' that this outlet may read"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new Problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "invalid-webhook",
                    "The webhook has " + errors.size() + " problem(s); see 'errors'.",
                    Map.of("errors", errors));
        }
        WebhookEndpoint endpoint = new WebhookEndpoint(
                "ep_" + HexFormat.of().formatHex(randomBytes(16)),
                outlet,
                body.url().strip(),
                WebhookSignature.newSecret(),
                body.channels().stream().distinct().toList(),
                body.types() == null
                        ? List.of()
                        : body.types().stream().distinct().toList(),
                true,
                null,
                clock.instant());
        try {
            store.create(endpoint);
        } catch (PreconditionFailedException impossible) {
            // 128 random bits do not collide; a retry by the client would get a new id anyway
            throw Problem.conflict("The webhook id is taken; try again.", Map.of());
        }
        return EndpointView.of(endpoint, true);
    }

    List<EndpointView> list(Caller caller, String outlet) {
        requireAdmin(caller);
        if (!clientId(outlet)) {
            // no endpoint can have been registered for it
            throw Problem.notFound("The outlet");
        }
        return store.endpoints().stream()
                .filter(e -> e.outlet().equals(outlet))
                .map(e -> EndpointView.of(e, false))
                .toList();
    }

    EndpointView get(Caller caller, String outlet, String id) {
        requireAdmin(caller);
        return EndpointView.of(find(outlet, id), false);
    }

    void delete(Caller caller, String outlet, String id) {
        requireAdmin(caller);
        find(outlet, id);
        store.delete(id);
    }

    /** Re-enables an endpoint disabled after a 410; its pending deliveries resume. */
    EndpointView enable(Caller caller, String outlet, String id) {
        requireAdmin(caller);
        find(outlet, id);
        return store.change(id, e -> e.enabled() ? e : e.reenabled())
                .map(e -> EndpointView.of(e, false))
                .orElseThrow(() -> Problem.notFound("The webhook"));
    }

    List<DeliveryView> deliveries(Caller caller, String outlet, String id, int limit) {
        requireAdmin(caller);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new Problem(
                    HttpStatus.UNPROCESSABLE_CONTENT, "invalid-limit", "limit must be 1 to " + MAX_LIMIT + ".");
        }
        find(outlet, id);
        return store.deliveries(id).stream().limit(limit).map(DeliveryView::of).toList();
    }

    /** Sends the event again with the same {@code webhook-id} and body. */
    DeliveryView replay(Caller caller, String outlet, String id, String deliveryId) {
        requireAdmin(caller);
        WebhookEndpoint endpoint = find(outlet, id);
        if (!deliveryId.matches(DELIVERY_ID)) {
            throw Problem.notFound("The delivery");
        }
        WebhookDelivery delivery =
                dispatcher.replay(id, deliveryId).orElseThrow(() -> Problem.notFound("The delivery"));
        if (endpoint.enabled()) {
            scheduler.send(new WebhookDispatcher.Due(id, deliveryId));
        }
        return DeliveryView.of(delivery);
    }

    private WebhookEndpoint find(String outlet, String id) {
        Optional<WebhookEndpoint> endpoint = id.matches(ENDPOINT_ID) ? store.endpoint(id) : Optional.empty();
        return endpoint.filter(e -> e.outlet().equals(outlet)).orElseThrow(() -> Problem.notFound("The webhook"));
    }

    /** Why the URL cannot be a receiver, or empty when it can. */
    private Optional<String> checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            return Optional.of("must be an absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must not carry credentials or a fragment");
        }
        return guard.refusal(uri).map(reason -> "is not allowed: " + reason);
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.has(Caller.ADMIN)) {
            throw Problem.forbidden("Only admins manage webhooks.");
        }
    }

    /** {@code channels[2]} rather than the validator's {@code channels[2].<list element>}. */
    private static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getName() != null && !node.getName().startsWith("<")) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** Whether it can be an outlet's client id: not blank, not too long, no control or format characters. */
    private static boolean clientId(String outlet) {
        return !outlet.isBlank()
                && outlet.length() <= MAX_OUTLET
                && outlet.codePoints()
                        .noneMatch(c ->
                                Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT);
    }

    private static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
