package org.kepu.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.api.feeds.ChannelChanges;
import org.kepu.api.feeds.ChannelChanges.Batch;
import org.kepu.api.feeds.ChannelChanges.Change;
import org.kepu.api.feeds.ChannelChanges.Type;
import org.kepu.api.webhooks.WebhookDelivery.State;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.work.JsonObjects;
import tools.jackson.databind.JsonNode;

/**
 * The dispatcher against a real receiver on loopback (so private addresses are allowed) and the embedded
 * object store, with retries a few milliseconds apart.
 */
class WebhookDispatcherTest {

    private static final String BASE = "https://kepu.example.org";

    @TempDir
    Path data;

    private FileSystemObjectStore objects;
    private WebhookStore store;
    private final FakeChanges changes = new FakeChanges();
    private final Receiver receiver = new Receiver();
    /** Each ended delivery as {@code outlet:delivered}, as statistics count them. */
    private final List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final WebhookRetryPolicy fast =
            new WebhookRetryPolicy(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMinutes(1), () -> 1.0);

    @BeforeEach
    void setUp() throws IOException {
        objects = new FileSystemObjectStore(data);
        store = new WebhookStore(objects);
        receiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.stop();
    }

    @Test
    void everyWantedChangeIsDeliveredOnceSignedEvenWithTwoDispatchersRunningTwice() throws Exception {
        WebhookEndpoint endpoint =
                anEndpointFor(List.of("kids", "science"), List.of("work.published", "work.retracted"));
        changes.add(aChange("w1", "kids", Type.PUBLISHED, 1, null));
        changes.add(aChange("w2", "kids", Type.UPDATED, 2, "a corrected figure"));
        changes.add(aChange("w3", "science", Type.PUBLISHED, 1, null));
        changes.add(aChange("w1", "kids", Type.RETRACTED, 2, "plagiarism"));

        WebhookDispatcher first = dispatcher(true);
        WebhookDispatcher second = dispatcher(true);
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> runs = new ArrayList<>();
                for (WebhookDispatcher d : List.of(first, second)) {
                    runs.add(both.submit(() -> {
                        start.await();
                        d.tick(Runnable::run);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> run : runs) {
                    run.get();
                }
            }
        } finally {
            both.shutdownNow();
        }

        // the update is not a wanted type
        assertThat(receiver.requests).hasSize(3);
        assertThat(receiver.requests.stream().map(Request::id).distinct()).hasSize(3);
        for (Request request : receiver.requests) {
            assertThat(request.id()).startsWith("msg_");
            assertThat(request.contentType()).isEqualTo("application/json");
            assertThat(Instant.ofEpochSecond(request.timestamp()))
                    .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
            assertThat(WebhookSignature.verify(
                            endpoint.secret(), request.id(), request.timestamp(), request.body(), request.signature()))
                    .isTrue();
        }
        JsonNode retracted = receiver.requests.stream()
                .map(r -> JsonObjects.MAPPER.readTree(r.body()))
                .filter(event -> event.get("type").stringValue().equals("work.retracted"))
                .findFirst()
                .orElseThrow();
        assertThat(retracted.get("timestamp").stringValue()).isEqualTo("2025-03-01T08:00:04Z");
        JsonNode data = retracted.get("data");
        assertThat(data.get("id").stringValue()).isEqualTo("w1");
        assertThat(data.get("channel").stringValue()).isEqualTo("kids");
        assertThat(data.get("version").intValue()).isEqualTo(2);
        assertThat(data.get("seq").longValue()).isEqualTo(4);
        assertThat(data.get("pubstatus").stringValue()).isEqualTo("canceled");
        assertThat(data.get("url").stringValue()).isEqualTo(BASE + "/api/v1/channels/kids/items/w1");
        assertThat(data.get("reason").stringValue()).isEqualTo("plagiarism");

        List<WebhookDelivery> log = store.deliveries(endpoint.id());
        assertThat(log).hasSize(3).allSatisfy(d -> {
            assertThat(d.state()).isEqualTo(State.DELIVERED);
            assertThat(d.attempts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.status()).isEqualTo(204));
        });
        assertThat(store.cursor(endpoint.id(), "kids")).isPresent();

        // a later change is picked up from the watermarks, and only it
        changes.add(aChange("w4", "science", Type.PUBLISHED, 1, null));
        dispatcher(true).tick(Runnable::run);
        assertThat(receiver.requests).hasSize(4);
    }

    @Test
    void aChannelTheOutletMayNoLongerReadIsNotReadForIt() throws Exception {
        WebhookEndpoint endpoint = anEndpointFor(List.of("kids", "withdrawn"), List.of());
        changes.add(aChange("w1", "withdrawn", Type.PUBLISHED, 1, null));
        changes.add(aChange("w2", "kids", Type.PUBLISHED, 1, null));

        dispatcher(true).tick(Runnable::run);

        assertThat(receiver.requests)
                .singleElement()
                .satisfies(r -> assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("\"w2\""));
        assertThat(store.cursor(endpoint.id(), "withdrawn")).isEmpty();
    }

    @Test
    void aServerErrorIsRetriedWithTheSameWebhookIdAndBody() throws Exception {
        WebhookEndpoint endpoint = anEndpointFor(List.of("kids"), List.of());
        changes.add(aChange("w1", "kids", Type.PUBLISHED, 1, null));
        receiver.answers.add(503);
        receiver.answers.add(500);
        WebhookDispatcher dispatcher = dispatcher(true);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    dispatcher.tick(Runnable::run);
                    return receiver.requests.size() >= 3;
                });

        assertThat(receiver.requests).hasSize(3);
        Request first = receiver.requests.get(0);
        for (Request request : receiver.requests) {
            assertThat(request.id()).isEqualTo(first.id());
            assertThat(request.body()).isEqualTo(first.body());
            assertThat(WebhookSignature.verify(
                            endpoint.secret(), request.id(), request.timestamp(), request.body(), request.signature()))
                    .isTrue();
        }
        WebhookDelivery delivery = store.deliveries(endpoint.id()).get(0);
        assertThat(delivery.state()).isEqualTo(State.DELIVERED);
        assertThat(delivery.attempts())
                .extracting(WebhookDelivery.Attempt::status)
                .containsExactly(503, 500, 204);
        // attempts to be retried are no outcome; the delivery's end is
        assertThat(outcomes).containsExactly("kids-app:true");
    }

    @Test
    void aClientErrorFailsTheDeliveryWithoutARetry() throws Exception {
        WebhookEndpoint endpoint = anEndpointFor(List.of("kids"), List.of());
        changes.add(aChange("w1", "kids", Type.PUBLISHED, 1, null));
        receiver.answers.add(400);
        WebhookDispatcher dispatcher = dispatcher(true);
        for (int i = 0; i < 3; i++) {
            dispatcher.tick(Runnable::run);
            Thread.sleep(50);
        }
        assertThat(receiver.requests).hasSize(1);
        assertThat(store.deliveries(endpoint.id()).get(0).state()).isEqualTo(State.FAILED);
        assertThat(outcomes).containsExactly("kids-app:false");
    }

    @Test
    void goneDisablesTheEndpointAndStopsItsDeliveriesUntilItIsEnabledAgain() throws Exception {
        WebhookEndpoint endpoint = anEndpointFor(List.of("kids"), List.of());
        changes.add(aChange("w1", "kids", Type.PUBLISHED, 1, null));
        receiver.answers.add(410);
        WebhookDispatcher dispatcher = dispatcher(true);
        dispatcher.tick(Runnable::run);

        WebhookEndpoint disabled = store.endpoint(endpoint.id()).orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).contains("410");
        changes.add(aChange("w2", "kids", Type.PUBLISHED, 1, null));
        dispatcher.tick(Runnable::run);
        dispatcher.tick(Runnable::run);
        assertThat(receiver.requests).hasSize(1);
        assertThat(store.deliveries(endpoint.id()))
                .singleElement()
                .satisfies(d -> assertThat(d.state()).isEqualTo(State.PENDING));

        store.change(endpoint.id(), WebhookEndpoint::reenabled);
        dispatcher.tick(Runnable::run);
        assertThat(receiver.requests).hasSize(3);
        assertThat(receiver.requests.get(1).id())
                .isEqualTo(receiver.requests.get(0).id());
        assertThat(store.deliveries(endpoint.id()))
                .allSatisfy(d -> assertThat(d.state()).isEqualTo(State.DELIVERED));
    }

    @Test
    void aReplayResendsTheSameIdAndBody() throws Exception {
        WebhookEndpoint endpoint = anEndpointFor(List.of("kids"), List.of());
        changes.add(aChange("w1", "kids", Type.PUBLISHED, 1, null));
        WebhookDispatcher dispatcher = dispatcher(true);
        dispatcher.tick(Runnable::run);
        WebhookDelivery delivered = store.deliveries(endpoint.id()).get(0);
        assertThat(delivered.state()).isEqualTo(State.DELIVERED);

        assertThat(dispatcher.replay(endpoint.id(), delivered.id())).isPresent();
        assertThat(dispatcher.attempt(endpoint.id(), delivered.id())).isTrue();

        assertThat(receiver.requests).hasSize(2);
        Request original = receiver.requests.get(0);
        Request replayed = receiver.requests.get(1);
        assertThat(replayed.id()).isEqualTo(original.id());
        assertThat(replayed.body()).isEqualTo(original.body());
        assertThat(WebhookSignature.verify(
                        endpoint.secret(), replayed.id(), replayed.timestamp(), replayed.body(), replayed.signature()))
                .isTrue();
        WebhookDelivery after = store.delivery(endpoint.id(), delivered.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(State.DELIVERED);
        assertThat(after.attempts()).hasSize(2);
    }

    @Test
    void aPrivateAddressIsRefusedAtSendTimeAndTheFailureRecorded() throws Exception {
        WebhookEndpoint endpoint = anEndpointFor(List.of("kids"), List.of());
        changes.add(aChange("w1", "kids", Type.PUBLISHED, 1, null));
        dispatcher(false).tick(Runnable::run);

        assertThat(receiver.requests).isEmpty();
        WebhookDelivery delivery = store.deliveries(endpoint.id()).get(0);
        assertThat(delivery.state()).isEqualTo(State.FAILED);
        assertThat(delivery.attempts())
                .singleElement()
                .satisfies(a -> assertThat(a.error()).contains("127.0.0.1"));
    }

    private WebhookDispatcher dispatcher(boolean allowPrivate) {
        return new WebhookDispatcher(
                store,
                () -> Optional.of(changes),
                new WebhookSender(Duration.ofSeconds(5)),
                WebhookAddressGuard.usingDns(allowPrivate),
                fast,
                Clock.systemUTC(),
                BASE + "/",
                Duration.ofSeconds(30),
                (outlet, channel) -> !channel.equals("withdrawn"),
                (outlet, delivered) -> outcomes.add(outlet + ":" + delivered));
    }

    private WebhookEndpoint anEndpointFor(List<String> channels, List<String> types) throws Exception {
        WebhookEndpoint endpoint = new WebhookEndpoint(
                "ep_" + "0".repeat(31) + store.endpoints().size(),
                "kids-app",
                "http://127.0.0.1:" + receiver.port() + "/hooks",
                WebhookSignature.newSecret(),
                channels,
                types,
                true,
                null,
                Instant.now());
        store.create(endpoint);
        return endpoint;
    }

    private Change aChange(String work, String channel, Type type, int version, String reason) {
        long seq = changes.all.size() + 1;
        return new Change(
                work,
                channel,
                type,
                version,
                seq,
                Instant.parse("2025-03-01T08:00:00Z").plusSeconds(seq),
                reason);
    }

    /** Changes in the order added; the watermark is the number of changes read. */
    private static final class FakeChanges implements ChannelChanges {
        final List<Change> all = new CopyOnWriteArrayList<>();

        void add(Change change) {
            all.add(change);
        }

        @Override
        public Batch read(String channel, String since, int limit) {
            int from = since == null || since.isEmpty() ? 0 : Integer.parseInt(since);
            List<Change> found = new ArrayList<>();
            int position = from;
            while (position < all.size() && found.size() < limit) {
                Change change = all.get(position++);
                if (change.channel().equals(channel)) {
                    found.add(change);
                }
            }
            return new Batch(found, Integer.toString(position));
        }
    }

    record Request(String id, long timestamp, String signature, String contentType, byte[] body) {}

    /** Answers each request with the next queued status, 204 when none is queued. */
    private static final class Receiver {
        final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
        final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
        private HttpServer server;

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hooks", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, List<String>> headers = exchange.getRequestHeaders();
                requests.add(new Request(
                        exchange.getRequestHeaders().getFirst("webhook-id"),
                        Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                        exchange.getRequestHeaders().getFirst("webhook-signature"),
                        headers.containsKey("Content-type")
                                ? exchange.getRequestHeaders().getFirst("content-type")
                                : null,
                        body));
                Integer status = answers.poll();
                exchange.sendResponseHeaders(status == null ? 204 : status, -1);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }
    }
}
