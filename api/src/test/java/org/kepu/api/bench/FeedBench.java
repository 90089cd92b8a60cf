package org.kepu.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.api.KepuApplication;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Review.Move;
import org.kepu.ingestion.work.Review.Placement;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Feed serving and webhook delivery with {@value #WORKS} published works (embedded mode), against the raw
 * component in the same run: a plain static file server (the JDK's) answering the very same feed bytes,
 * with the same ETag and 304s. Both are asked by the same clients ({@value #CLIENTS} threads on loopback),
 * rounds alternate between raw and kepu so that machine load hits both alike; medians are reported.
 * Goals: full answers at least 0.5 of the static server's rate, 304s at least 0.8. Then
 * {@value #EVENTS} works are published to a channel with a webhook endpoint on loopback, and the events
 * per second from the first publication to the last event received are reported (delta sync and
 * webhooks hold back the newest 5 s, which this includes).
 *
 * <p>Works are written as manifests straight into the store, as the review flow leaves them, so the
 * benchmark measures distribution rather than extraction. Run: {@code ./mvnw -Pbench -pl api test
 * -Dtest=FeedBench -Dsurefire.failIfNoSpecifiedTests=false} (after {@code ./mvnw -q -DskipTests install});
 * the figures are the {@code FeedBench} lines of the log.
 */
@Tag("bench")
class FeedBench {

    private static final Logger log = LoggerFactory.getLogger(FeedBench.class);
    private static final int WORKS = Integer.getInteger("kepu.bench.feed.works", 10_000);
    private static final String ROLE = System.getProperty("kepu.bench.feed.role", "outlet");
    private static final int EVENTS = Integer.getInteger("kepu.bench.feed.events", 1_000);
    private static final int CLIENTS = 8;
    private static final int ROUNDS = 5;
    /** Both servers warm up their JIT first: kepu's rate still climbs over the first rounds. */
    private static final int WARM_UP = 2;

    private static final Duration ROUND = Duration.ofSeconds(5);
    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void feedsAndWebhooksAgainstAStaticServer() throws Exception {
        try (ConfigurableApplicationContext kepu = new SpringApplicationBuilder(KepuApplication.class)
                .run(
                        "--server.port=0",
                        "--kepu.data-dir=" + dir.resolve("data"),
                        "--kepu.outlets.rate-limit.requests=1000000000",
                        "--kepu.webhooks.allow-private-addresses=true",
                        "--kepu.webhooks.poll-interval=200ms",
                        "--logging.level.org.kepu=WARN",
                        "--logging.level.org.kepu.api.bench=INFO")) {
            String base = "http://127.0.0.1:" + kepu.getEnvironment().getProperty("local.server.port");
            String admin = token(base, "adam", "admin");
            String outlet = token(base, "bench-app", ROLE);
            send(base + "/api/v1/channels/bench", "PUT", admin, "{\"title\":\"基准\",\"outlets\":[\"bench-app\"]}");
            send(base + "/api/v1/channels/bench-hook", "PUT", admin, "{\"title\":\"推送\",\"outlets\":[\"bench-app\"]}");
            WorkRepository works = kepu.getBean(WorkRepository.class);
            SearchIndex index = kepu.getBean(SearchIndex.class);

            Instant seeding = Instant.now();
            publishAll(works, "bench", 0, WORKS);
            awaitIndexed(index, "bench", WORKS);
            log.info(
                    "FeedBench seeded {} published works in {} s",
                    WORKS,
                    Duration.between(seeding, Instant.now()).toSeconds());

            String feedUrl = base + "/feeds/bench.atom";
            http.send(get(feedUrl, outlet, null), HttpResponse.BodyHandlers.ofByteArray());
            long renderNanos = renderAfterChange(works, feedUrl, outlet);
            HttpResponse<byte[]> first = http.send(get(feedUrl, outlet, null), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(first.statusCode()).isEqualTo(200);
            byte[] feed = first.body();
            String etag = first.headers().firstValue("ETag").orElseThrow();

            HttpServer raw = staticServer(feed, etag);
            try {
                String rawUrl = "http://127.0.0.1:" + raw.getAddress().getPort() + "/bench.atom";
                List<Double> rawFull = new ArrayList<>();
                List<Double> kepuFull = new ArrayList<>();
                List<Double> raw304 = new ArrayList<>();
                List<Double> kepu304 = new ArrayList<>();
                for (int round = 0; round < WARM_UP + ROUNDS; round++) {
                    boolean warmUp = round < WARM_UP;
                    double a = rate(rawUrl, null, null, 200);
                    double b = rate(feedUrl, outlet, null, 200);
                    double c = rate(rawUrl, null, etag, 304);
                    double d = rate(feedUrl, outlet, etag, 304);
                    if (!warmUp) {
                        rawFull.add(a);
                        kepuFull.add(b);
                        raw304.add(c);
                        kepu304.add(d);
                    }
                    log.info(
                            "FeedBench round {}{}: full static {} / kepu {} req/s; 304 static {} / kepu {} req/s",
                            round,
                            warmUp ? " (warm-up)" : "",
                            Math.round(a),
                            Math.round(b),
                            Math.round(c),
                            Math.round(d));
                }
                log.info(
                        "FeedBench {} works, feed of {} bytes: full answers kepu/static = {} (median {} vs {} req/s; goal >= 0.5)",
                        WORKS,
                        feed.length,
                        String.format("%.2f", median(kepuFull) / median(rawFull)),
                        Math.round(median(kepuFull)),
                        Math.round(median(rawFull)));
                log.info(
                        "FeedBench 304s kepu/static = {} (median {} vs {} req/s; goal >= 0.8)",
                        String.format("%.2f", median(kepu304) / median(raw304)),
                        Math.round(median(kepu304)),
                        Math.round(median(raw304)));
                log.info(
                        "FeedBench rendering the feed after a change (50 entries with bodies): {} ms",
                        String.format("%.1f", renderNanos / 1e6));
            } finally {
                raw.stop(0);
            }

            webhooks(base, admin, works);
        }
    }

    /** Publishes works to a channel with an endpoint, and times their events' arrival at the receiver. */
    private void webhooks(String base, String admin, WorkRepository works) throws Exception {
        AtomicInteger received = new AtomicInteger();
        AtomicLong lastAt = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            lastAt.set(System.nanoTime());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String answer = send(
                    base + "/api/v1/outlets/bench-app/webhooks",
                    "POST",
                    admin,
                    "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                            + "/hook\",\"channels\":[\"bench-hook\"]}");
            Matcher secret = SECRET.matcher(answer);
            assertThat(secret.find()).isTrue();
            long start = System.nanoTime();
            publishAll(works, "bench-hook", WORKS, EVENTS);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (received.get() < EVENTS && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            double seconds = (lastAt.get() - start) / 1e9;
            log.info(
                    "FeedBench webhooks: {} of {} events received, {} events/s from the first publication to the last event ({} s, incl. the 5 s that changes are held back)",
                    received.get(),
                    EVENTS,
                    Math.round(received.get() / seconds),
                    String.format("%.1f", seconds));
            assertThat(received.get()).isEqualTo(EVENTS);
        } finally {
            receiver.stop(0);
        }
    }

    /** The time of one full render: a work changes, so the cached feed no longer fits the index. */
    private long renderAfterChange(WorkRepository works, String feedUrl, String outlet) throws Exception {
        String id = "w-bench-" + (WORKS - 1);
        works.update(id, w -> w.withStatus(w.status(), "touched"));
        Thread.sleep(2_000);
        long start = System.nanoTime();
        HttpResponse<byte[]> answer = http.send(get(feedUrl, outlet, null), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        return System.nanoTime() - start;
    }

    private void publishAll(WorkRepository works, String channel, int from, int count) throws Exception {
        ObjectStore store = works.store();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int part = t;
                done.add(pool.submit(() -> {
                    for (int i = from + part; i < from + count; i += 4) {
                        works.create(published(store, "w-bench-" + i, channel, i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Work published(ObjectStore store, String id, String channel, int n) {
        Instant now = Instant.now();
        String text = "第" + n + "篇：光在真空中的速度约为每秒30万公里，光从太阳到地球大约需要8分钟。" + "这是一篇关于光速的科普文章。".repeat(20);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String original = WorkRepository.originalKey(id, "u1");
        String textKey = WorkRepository.versionKey(id, 1, "text.txt");
        store.put(original, new ByteArrayInputStream(bytes), bytes.length, "text/plain");
        store.put(textKey, new ByteArrayInputStream(bytes), bytes.length, "text/plain");
        Version v = new Version(
                1,
                "sha256:" + n,
                bytes.length,
                "text/plain",
                "a.txt",
                original,
                null,
                now,
                textKey,
                (long) text.length(),
                null);
        Review review = Review.NONE
                .withPublication(new Publication(List.of(channel), now, now, "ed"))
                .withPlacements(List.of(new Placement(channel, 1, true, 1, Move.PUBLISHED, now, now, null)));
        return new Work(
                id,
                0,
                "alice",
                new WorkMetadata(
                        "光速第" + n + "讲",
                        "光有多快",
                        "article",
                        List.of("光学"),
                        List.of("public"),
                        "CC BY 4.0",
                        List.of(),
                        false,
                        "科普组"),
                WorkStatus.PUBLISHED,
                null,
                List.of(v),
                null,
                now,
                now,
                review);
    }

    private static void awaitIndexed(SearchIndex index, String channel, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        long total = 0;
        while (Instant.now().isBefore(deadline)) {
            total = index.search(SearchRequest.of(
                                    "", Visibility.anyOf(Visibility.Grant.of(Visibility.Field.CHANNELS, channel)))
                            .page(0, 1))
                    .total();
            if (total >= count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + total + " of " + count + " works indexed");
    }

    /** Requests per second that {@value #CLIENTS} clients get for one round; each answer must have the status. */
    private double rate(String url, String token, String etag, int status) throws Exception {
        AtomicLong answered = new AtomicLong();
        AtomicInteger wrong = new AtomicInteger();
        long end = System.nanoTime() + ROUND.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                HttpRequest request = get(url, token, etag);
                while (System.nanoTime() < end) {
                    HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (answer.statusCode() != status) {
                        wrong.incrementAndGet();
                    }
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        clients.shutdown();
        assertThat(wrong).hasValue(0);
        return answered.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static HttpRequest get(String url, String token, String etag) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (etag != null) {
            builder.header("If-None-Match", etag);
        }
        return builder.build();
    }

    /** The raw component: the JDK's HTTP server handing out the same bytes, with the same ETag and 304s. */
    private static HttpServer staticServer(byte[] body, String etag) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/bench.atom", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Content-Type", "application/atom+xml;charset=UTF-8");
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private String token(String base, String sub, String role) throws Exception {
        String answer =
                send(base + "/dev/token", "POST", null, "{\"sub\":\"" + sub + "\",\"roles\":[\"" + role + "\"]}");
        Matcher m = TOKEN.matcher(answer);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String send(String url, String method, String token, String json) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
        return answer.body();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
