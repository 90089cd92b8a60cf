package org.kepu.api.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.kepu.api.webhooks.WebhookSignature;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two outlets start empty and follow three channels while editors publish, correct, unpublish, retract
 * and republish works concurrently: one outlet through webhooks, the other by polling delta sync. Each
 * must end holding exactly what the channels hold, every work at its latest version, with a tombstone
 * for every work that left, and no event applied twice.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "kepu.webhooks.allow-private-addresses=true",
            "kepu.webhooks.poll-interval=300ms",
            "kepu.extraction.workers=2"
        })
@AutoConfigureWebTestClient(timeout = "120s")
class OutletSimulatorTest {

    private static final int WORKS = Integer.getInteger("kepu.simulator.works", 200);
    private static final List<String> CHANNELS = List.of("sim-a", "sim-b", "sim-c");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static HttpServer receiver;
    private static final Outlet hooked = new Outlet();
    private static volatile String secret;

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-simulator").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp"));
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            int status = WebhookSignature.verify(secret, id, timestamp, body, signature) ? 204 : 401;
            if (status == 204) {
                hooked.receive(id, JSON.readValue(body, Works.MAP_TYPE));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @Autowired
    WebTestClient web;

    @Test
    void bothOutletsEndWithExactlyWhatTheChannelsHold() throws Exception {
        Works works = new Works(web);
        String admin = works.token("adam", "admin");
        for (String channel : CHANNELS) {
            works.channel(admin, channel, false, List.of("poll-app", "hook-app"));
        }
        Map<String, Object> endpoint = KepuClient.ok(works.post(
                admin,
                "/api/v1/outlets/hook-app/webhooks",
                Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "channels", CHANNELS)));
        secret = (String) endpoint.get("secret");

        Outlet polled = new Outlet();
        AtomicBoolean editing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        String pollApp = works.token("poll-app", "outlet");
        Future<?> poller = pool.submit(() -> {
            Map<String, String> next = new HashMap<>();
            while (editing.get()) {
                for (String channel : CHANNELS) {
                    polled.sync(works, pollApp, channel, next);
                }
                // three channels every 400 ms stay within an outlet's 600 requests a minute however fast
                // the answers come; at 200 ms a quiet machine ran into 429
                sleep(400);
            }
            return null;
        });

        // the editors: each work gets a story of its own, told concurrently with the others
        Map<String, Expected> expected = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        List<Future<?>> stories = new ArrayList<>();
        for (int i = 0; i < WORKS; i++) {
            int n = i;
            stories.add(pool.submit(() -> {
                try {
                    tell(works, admin, n, expected);
                } catch (RuntimeException | AssertionError e) {
                    failures.incrementAndGet();
                    throw e;
                }
                return null;
            }));
        }
        for (Future<?> story : stories) {
            story.get(20, TimeUnit.MINUTES);
        }
        assertThat(failures).hasValue(0);

        // both outlets catch up: delta sync holds back the last seconds, webhooks poll the same changes
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline) && !(polled.matches(expected) && hooked.matches(expected))) {
            sleep(500);
        }
        editing.set(false);
        poller.get(1, TimeUnit.MINUTES);
        pool.shutdown();

        for (Outlet outlet : List.of(polled, hooked)) {
            assertThat(outlet.held).isEqualTo(held(expected));
            assertThat(outlet.tombstones).isEqualTo(tombstones(expected));
            assertThat(outlet.appliedTwice).hasValue(0);
        }
        assertThat(hooked.changesSeen).hasSameSizeAs(hooked.deliveries);
    }

    /**
     * One work's story, chosen by its number: published to one to three channels; some are then corrected
     * and republished to fewer channels, unpublished from one channel or everywhere, retracted, or
     * unpublished and published again.
     */
    private static void tell(Works works, String admin, int n, Map<String, Expected> expected) {
        List<String> channels = CHANNELS.subList(0, 1 + n % 3);
        String id = works.upload(admin, "模拟作品 " + n, "第 " + n + " 篇", "光学", "# 作品 " + n + "\n\n光速约为每秒30万公里。\n");
        works.approve(id);
        works.publishTo(id, channels, null);
        Expected e = new Expected(new HashSet<>(channels), 1, new HashSet<>(channels));
        String editor = works.token("ed", "editor");
        switch (n % 6) {
            case 1 -> { // a correction, republished to fewer channels
                works.newVersion(id, "# 作品 " + n + "\n\n光在真空中的速度约为每秒30万公里。\n");
                works.approve(id);
                works.publishTo(id, List.of("sim-a"), "更正");
                e = new Expected(Set.of("sim-a"), 2, e.ever());
            }
            case 2 -> { // out of one channel
                KepuClient.ok(works.post(
                        editor, "/api/v1/works/" + id + "/unpublication", Map.of("channels", List.of("sim-b"))));
                Set<String> left = new HashSet<>(channels);
                left.remove("sim-b");
                e = new Expected(left, 1, e.ever());
            }
            case 3 -> { // retracted
                KepuClient.ok(works.post(editor, "/api/v1/works/" + id + "/retraction", Map.of("reason", "数据有误")));
                e = new Expected(Set.of(), 1, e.ever());
            }
            case 4 -> { // out of everything, then published again elsewhere
                KepuClient.ok(works.post(editor, "/api/v1/works/" + id + "/unpublication", Map.of()));
                works.publishTo(id, List.of("sim-c"), null);
                Set<String> ever = new HashSet<>(e.ever());
                ever.add("sim-c");
                e = new Expected(Set.of("sim-c"), 1, ever);
            }
            default -> {}
        }
        expected.put(id, e);
    }

    /** What an outlet should end with for a work: where it is, at which version, and where it ever was. */
    private record Expected(Set<String> live, int version, Set<String> ever) {}

    private static Map<String, Integer> held(Map<String, Expected> expected) {
        Map<String, Integer> held = new HashMap<>();
        expected.forEach((id, e) -> e.live().forEach(c -> held.put(c + "/" + id, e.version())));
        return held;
    }

    private static Set<String> tombstones(Map<String, Expected> expected) {
        Set<String> gone = new HashSet<>();
        expected.forEach(
                (id, e) -> e.ever().stream().filter(c -> !e.live().contains(c)).forEach(c -> gone.add(c + "/" + id)));
        return gone;
    }

    /** What an outlet holds: works per channel at a version, tombstones, and the last change it applied. */
    private static final class Outlet {
        final Map<String, Integer> held = new ConcurrentHashMap<>();
        final Set<String> tombstones = ConcurrentHashMap.newKeySet();
        final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
        final Set<String> deliveries = ConcurrentHashMap.newKeySet();
        final Set<String> changesSeen = ConcurrentHashMap.newKeySet();
        final AtomicInteger applied = new AtomicInteger();
        final AtomicInteger appliedTwice = new AtomicInteger();

        /** A webhook: a retry repeats its id and is taken once; a second event for one change would count. */
        void receive(String webhookId, Map<String, Object> event) {
            if (!deliveries.add(webhookId)) {
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) event.get("data");
            String type = (String) event.get("type");
            apply(
                    (String) data.get("channel"),
                    (String) data.get("id"),
                    ((Number) data.get("seq")).longValue(),
                    ((Number) data.get("version")).intValue(),
                    type.equals("work.unpublished") || type.equals("work.retracted"),
                    true);
        }

        @SuppressWarnings("unchecked")
        void sync(Works works, String token, String channel, Map<String, String> next) {
            String since = next.getOrDefault(channel, "");
            Map<String, Object> changes = KepuClient.ok(
                    works.get(token, "/api/v1/channels/" + channel + "/changes?limit=500&since=" + since));
            for (Map<String, Object> item : (List<Map<String, Object>>) changes.get("items")) {
                apply(channel, (String) item.get("id"), seq(item), version(item), false, false);
            }
            for (Map<String, Object> gone : (List<Map<String, Object>>) changes.get("deleted")) {
                apply(channel, (String) gone.get("id"), seq(gone), version(gone), true, false);
            }
            next.put(channel, (String) changes.get("next"));
        }

        /**
         * Applies a change unless the outlet has it or a later one already. Delta sync may repeat the latest
         * state of a work (its manifest changed for reasons outlets do not see), and webhooks may arrive out
         * of order; but no change may come as two different webhook events.
         */
        private synchronized void apply(
                String channel, String id, long seq, int version, boolean gone, boolean strict) {
            String key = channel + "/" + id;
            if (strict && !changesSeen.add(key + "#" + seq)) {
                appliedTwice.incrementAndGet();
                return;
            }
            Long last = lastSeq.get(key);
            if (last != null && seq <= last) {
                return;
            }
            lastSeq.put(key, seq);
            applied.incrementAndGet();
            if (gone) {
                held.remove(key);
                tombstones.add(key);
            } else {
                held.put(key, version);
                tombstones.remove(key);
            }
        }

        boolean matches(Map<String, Expected> expected) {
            return held.equals(held(expected)) && tombstones.equals(tombstones(expected));
        }

        private static long seq(Map<String, Object> change) {
            return ((Number) change.get("seq")).longValue();
        }

        private static int version(Map<String, Object> change) {
            return ((Number) change.get("version")).intValue();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
