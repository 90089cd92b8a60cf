package org.kepu.api.webhooks;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.kepu.ingestion.work.JsonObjects;

/**
 * Endpoints, per-channel watermarks and deliveries as JSON objects under {@code webhooks/{endpointId}/}.
 * Every change is a compare-and-set, so several instances can share the store. Ids must be checked by
 * the caller: they become parts of keys. Blocking.
 */
public final class WebhookStore {

    static final String PREFIX = "webhooks/";
    private static final String ENDPOINT = "/endpoint.json";
    private static final String JSON = "application/json";

    private final ObjectStore store;
    private final JsonObjects objects;

    public WebhookStore(ObjectStore store) {
        this.store = store;
        this.objects = new JsonObjects(store);
    }

    /** Where a channel's changes were read up to; {@code since} is empty for the beginning. */
    record Cursor(String since) {}

    /** Thrown inside a change function to leave a missing object missing. */
    private static final class Missing extends RuntimeException {
        Missing() {
            super(null, null, false, false);
        }
    }

    public Optional<WebhookEndpoint> endpoint(String id) {
        return objects.read(endpointKey(id), WebhookEndpoint.class);
    }

    /** All endpoints, in id order. Lists every object under {@code webhooks/}, deliveries included. */
    public List<WebhookEndpoint> endpoints() {
        return store.list(PREFIX).stream()
                .map(ObjectInfo::key)
                .filter(k -> k.endsWith(ENDPOINT) && k.indexOf('/', PREFIX.length()) == k.length() - ENDPOINT.length())
                .map(k -> objects.read(k, WebhookEndpoint.class))
                .flatMap(Optional::stream)
                .toList();
    }

    void create(WebhookEndpoint endpoint) throws PreconditionFailedException {
        store.putIfAbsent(endpointKey(endpoint.id()), JsonObjects.MAPPER.writeValueAsBytes(endpoint), JSON);
    }

    /** The endpoint after the change, or empty when it does not exist. */
    Optional<WebhookEndpoint> change(String id, UnaryOperator<WebhookEndpoint> change) {
        try {
            return Optional.of(objects.change(
                            endpointKey(id), WebhookEndpoint.class, old -> change.apply(old.orElseThrow(Missing::new)))
                    .after());
        } catch (Missing gone) {
            return Optional.empty();
        }
    }

    /** Deletes the endpoint first, so that dispatchers stop, then its watermarks and deliveries. */
    void delete(String id) {
        store.delete(endpointKey(id));
        for (ObjectInfo object : store.list(PREFIX + id + "/")) {
            store.delete(object.key());
        }
    }

    Optional<String> cursor(String endpointId, String channel) {
        return objects.read(cursorKey(endpointId, channel), Cursor.class).map(Cursor::since);
    }

    /** Moves the watermark from {@code from} to {@code to}, unless another instance moved it meanwhile. */
    void advance(String endpointId, String channel, String from, String to) {
        try {
            objects.change(cursorKey(endpointId, channel), Cursor.class, old -> {
                String current = old.map(Cursor::since).orElse("");
                return current.equals(from) ? new Cursor(to) : old.orElseThrow(Missing::new);
            });
        } catch (Missing gone) {
            // the endpoint was deleted meanwhile: leave no watermark behind
        }
    }

    /** Stores a new delivery; false when it exists already (another instance, or before a restart). */
    boolean create(WebhookDelivery delivery) {
        try {
            store.putIfAbsent(
                    deliveryKey(delivery.endpointId(), delivery.id()),
                    JsonObjects.MAPPER.writeValueAsBytes(delivery),
                    JSON);
            return true;
        } catch (PreconditionFailedException exists) {
            return false;
        }
    }

    Optional<WebhookDelivery> delivery(String endpointId, String deliveryId) {
        return objects.read(deliveryKey(endpointId, deliveryId), WebhookDelivery.class);
    }

    /** Every delivery of the endpoint, newest first. */
    List<WebhookDelivery> deliveries(String endpointId) {
        return store.list(PREFIX + endpointId + "/deliveries/").stream()
                .map(info -> objects.read(info.key(), WebhookDelivery.class))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(WebhookDelivery::createdAt)
                        .thenComparing(WebhookDelivery::seq)
                        .reversed())
                .toList();
    }

    /** The delivery before and after the change, or empty when it does not exist. */
    Optional<JsonObjects.Changed<WebhookDelivery>> change(
            String endpointId, String deliveryId, UnaryOperator<WebhookDelivery> change) {
        try {
            return Optional.of(objects.change(
                    deliveryKey(endpointId, deliveryId),
                    WebhookDelivery.class,
                    old -> change.apply(old.orElseThrow(Missing::new))));
        } catch (Missing gone) {
            return Optional.empty();
        }
    }

    private static String endpointKey(String id) {
        return PREFIX + id + ENDPOINT;
    }

    private static String cursorKey(String endpointId, String channel) {
        return PREFIX + endpointId + "/cursor/" + channel + ".json";
    }

    private static String deliveryKey(String endpointId, String deliveryId) {
        return PREFIX + endpointId + "/deliveries/" + deliveryId + ".json";
    }
}
