package org.kepu.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.kepu.api.security.DevTokenIssuer;
import org.kepu.api.testing.KepuClient;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.review.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * 200 live event streams from 40 editors, 5 each over 5 works, with the trail polled every second for
 * other instances' events: the store is read once per work per second, not once per stream; the sixth
 * stream of an editor is refused, a stream ends with its token, and the service answers meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class EventStreamsApiTest {

    private static final Logger log = LoggerFactory.getLogger(EventStreamsApiTest.class);
    private static final Path DATA = tempDir();
    private static final AtomicLong trailReads = new AtomicLong();

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) {
        registry.add("kepu.data-dir", DATA::toString);
        registry.add("kepu.review.events-poll-interval", () -> "1s");
        registry.add("kepu.users.event-streams", () -> "5");
    }

    /** Counts what the audit log reads from the store: trail listings and event reads. */
    @TestConfiguration
    static class CountingStore {
        @Bean
        static BeanPostProcessor countTrailReads() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof ObjectStore store)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(
                            ObjectStore.class.getClassLoader(),
                            new Class<?>[] {ObjectStore.class},
                            (proxy, method, args) -> {
                                if ((method.getName().equals("list")
                                                || method.getName().equals("read"))
                                        && ((String) args[0]).startsWith(AuditLog.PREFIX)) {
                                    trailReads.incrementAndGet();
                                }
                                try {
                                    return method.invoke(store, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient web;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void twoHundredStreamsShareTheirReadsAreCappedPerEditorAndEndWithTheirToken() throws Exception {
        KepuClient kepu = new KepuClient(web);
        String alice = kepu.token("alice", "creator");
        List<String> works = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            works.add(kepu.upload(
                    alice,
                    "{\"title\":\"直播" + i + "\",\"kind\":\"article\",\"topics\":[\"直播\"],\"audiences\":[\"public\"]}",
                    "# 第" + i + "篇\n\n光速约为每秒30万公里，第" + i + "次说明。\n"));
        }
        // Screening appends to the trails; the count is of a quiet moment.
        for (String id : works) {
            kepu.await(alice, id, w -> !"PROCESSING".equals(w.get("status")));
        }

        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        List<CompletableFuture<HttpResponse<InputStream>>> opening = new ArrayList<>();
        List<String> editors = new ArrayList<>();
        for (int e = 0; e < 40; e++) {
            String editor = kepu.token("watcher-" + e, "editor");
            editors.add(editor);
            for (String id : works) {
                opening.add(http.sendAsync(stream(editor, id), HttpResponse.BodyHandlers.ofInputStream()));
            }
        }
        try {
            for (CompletableFuture<HttpResponse<InputStream>> open : opening) {
                HttpResponse<InputStream> response = open.get(30, TimeUnit.SECONDS);
                streams.add(response);
                assertThat(response.statusCode()).isEqualTo(200);
            }

            trailReads.set(0);
            long start = System.nanoTime();
            Thread.sleep(5_000);
            double perSecond = trailReads.get() / ((System.nanoTime() - start) / 1e9);
            log.info(
                    "200 open event streams over 5 works: {} trail reads per second", String.format("%.1f", perSecond));
            // One poll per watched work per second; a poll per stream would be 200.
            assertThat(perSecond).as("trail reads per second").isLessThan(20);

            long asked = System.nanoTime();
            kepu.get(editors.get(7), "/api/v1/works/" + works.get(3))
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult();
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(10));

            HttpResponse<String> sixth =
                    http.send(stream(editors.get(0), works.get(0)), HttpResponse.BodyHandlers.ofString());
            assertThat(sixth.statusCode()).isEqualTo(429);
            assertThat(sixth.headers().firstValue("Retry-After")).hasValue("10");
            assertThat(sixth.body()).contains("urn:kepu:problem:too-many-streams");

            // Closing one of the editor's streams gives its place back.
            streams.get(0).body().close();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<InputStream> again =
                        http.send(stream(editors.get(0), works.get(1)), HttpResponse.BodyHandlers.ofInputStream());
                streams.add(again);
                assertThat(again.statusCode()).isEqualTo(200);
            });

            // A token that expires in 3 s: its stream shows the trail, then ends on its own.
            String shortLived = new DevTokenIssuer(DATA, Duration.ofSeconds(3), Clock.systemUTC())
                    .mint("brief", List.of("editor"), List.of());
            long opened = System.nanoTime();
            HttpResponse<InputStream> expiring =
                    http.send(stream(shortLived, works.get(2)), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(expiring.statusCode()).isEqualTo(200);
            String shown = CompletableFuture.supplyAsync(() -> readToEnd(expiring.body()))
                    .get(20, TimeUnit.SECONDS);
            double lasted = (System.nanoTime() - opened) / 1e9;
            assertThat(shown).contains("event:upload");
            assertThat(lasted).as("seconds the stream lasted").isBetween(1.0, 15.0);
        } finally {
            for (HttpResponse<InputStream> stream : streams) {
                stream.body().close();
            }
        }
    }

    private HttpRequest stream(String token, String work) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/works/" + work + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
    }

    private static String readToEnd(InputStream body) {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kepu-event-streams");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
