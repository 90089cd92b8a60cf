package org.kepu.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compare-and-set on one key from many clients at once has exactly one winner per round, as on MinIO
 * and AWS S3. Against a bare S3Proxy the If-Match case lets two writers win within a few rounds; the
 * relay in front of it ({@link ConditionalWriteRelay}) is what makes this hold.
 */
class ConditionalWriteRelayIT {

    private static final int WRITERS = 40;
    private static final int ROUNDS = 6;
    /** Bodies large enough that writes overlap on the server, where a bare S3Proxy lets two win. */
    private static final String PADDING = "\n" + "x".repeat(256 * 1024);

    private static S3Server s3;
    private static String bucket;
    private static List<MinioClient> clients;
    private static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Server.shared();
        bucket = s3.newBucketName(ConditionalWriteRelayIT.class);
        // One HTTP client each, so every writer comes on its own connection, as separate instances would.
        clients = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            clients.add(MinioClient.builder()
                    .endpoint(s3.endpoint())
                    .region("us-east-1")
                    .credentials(s3.accessKey(), s3.secretKey())
                    .httpClient(new OkHttpClient(), true)
                    .build());
        }
        clients.get(0).makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        pool = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterAll
    static void stop() throws Exception {
        pool.shutdownNow();
        for (MinioClient client : clients) {
            client.close();
        }
    }

    @Test
    void ofManyIfMatchWritersOnOneKeyExactlyOneWinsEachRound() throws Exception {
        String key = "cas/manifest.json";
        put(clients.get(0), key, "round 0".getBytes(StandardCharsets.UTF_8), Map.of());
        for (int round = 1; round <= ROUNDS; round++) {
            String etag = clients.get(0)
                    .statObject(
                            StatObjectArgs.builder().bucket(bucket).object(key).build())
                    .etag();
            List<String> winners = race(key, round, Map.of("If-Match", "\"" + etag.replace("\"", "") + "\""));
            assertThat(winners).as("round %d", round).hasSize(1);
            assertThat(read(key)).isEqualTo(winners.get(0));
        }
    }

    @Test
    void ofManyIfNoneMatchWritersOnANewKeyExactlyOneWinsEachRound() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            String key = "create/" + round + ".json";
            List<String> winners = race(key, round, Map.of("If-None-Match", "*"));
            assertThat(winners).as("round %d", round).hasSize(1);
            assertThat(read(key)).isEqualTo(winners.get(0));
        }
    }

    @Test
    void plainRequestsPassThroughWhole() throws Exception {
        byte[] large = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(large);
        put(clients.get(1), "plain/large.bin", large, Map.of());
        try (GetObjectResponse response = clients.get(2)
                .getObject(GetObjectArgs.builder()
                        .bucket(bucket)
                        .object("plain/large.bin")
                        .build())) {
            assertThat(Arrays.equals(response.readAllBytes(), large)).isTrue();
        }
        // the same connections serve further requests after a body was relayed
        assertThat(clients.get(2)
                        .statObject(StatObjectArgs.builder()
                                .bucket(bucket)
                                .object("plain/large.bin")
                                .build())
                        .size())
                .isEqualTo(large.length);
    }

    /** Every writer sends its own content under the condition at once; returns the contents that won. */
    private List<String> race(String key, int round, Map<String, String> condition) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> attempts = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            MinioClient client = clients.get(i);
            String content = "round " + round + " writer " + i;
            Callable<String> attempt = () -> {
                go.await();
                try {
                    put(client, key, (content + PADDING).getBytes(StandardCharsets.UTF_8), condition);
                    return content;
                } catch (ErrorResponseException e) {
                    assertThat(e.response().code()).isIn(409, 412);
                    return null;
                }
            };
            attempts.add(pool.submit(attempt));
        }
        go.countDown();
        List<String> winners = new ArrayList<>();
        for (Future<String> attempt : attempts) {
            String won = attempt.get(60, TimeUnit.SECONDS);
            if (won != null) {
                winners.add(won);
            }
        }
        return winners;
    }

    private static void put(MinioClient client, String key, byte[] content, Map<String, String> headers)
            throws Exception {
        client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .data(content, content.length)
                .contentType("application/json")
                .extraHeaders(headers)
                .build());
    }

    private String read(String key) throws Exception {
        try (GetObjectResponse response = clients.get(0)
                .getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            String content = new String(response.readAllBytes(), StandardCharsets.UTF_8);
            return content.endsWith(PADDING) ? content.substring(0, content.length() - PADDING.length()) : content;
        }
    }
}
