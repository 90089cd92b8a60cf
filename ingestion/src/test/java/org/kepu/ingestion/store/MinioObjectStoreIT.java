package org.kepu.ingestion.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kepu.testkit.S3Server;

/** The contract against a real S3 server (see {@link S3Server}), plus what only a remote store can get wrong. */
class MinioObjectStoreIT extends ObjectStoreContract {

    private static S3Server s3;
    private static MinioObjectStore store;

    @BeforeAll
    static void connect() {
        s3 = S3Server.shared();
        store = new MinioObjectStore(
                s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.newBucketName(MinioObjectStoreIT.class));
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected boolean supportsPresignedUrls() {
        return true;
    }

    @Test
    void bucketIsCreatedOnceWhenManyThreadsStartTogether() throws Exception {
        String bucket = s3.newBucketName("lazy-bucket");
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (MinioObjectStore fresh = new MinioObjectStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), bucket)) {
            List<Future<ObjectStore.ObjectInfo>> writes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String key = "k/" + i;
                writes.add(pool.submit(() -> {
                    start.await();
                    return fresh.put(key, new ByteArrayInputStream(key.getBytes(UTF_8)), key.length(), null);
                }));
            }
            start.countDown();
            for (Future<ObjectStore.ObjectInfo> write : writes) {
                assertThat(write.get(60, TimeUnit.SECONDS).size()).isEqualTo(3);
            }
            assertThat(fresh.list("k/")).hasSize(threads);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSecondStoreOnAnExistingBucketWorks() {
        String key = key("shared");
        store.put(key, new ByteArrayInputStream("one".getBytes(UTF_8)), 3, null);
        String bucket = s3.newBucketName("reopen");

        try (MinioObjectStore first = new MinioObjectStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), bucket);
                MinioObjectStore second = new MinioObjectStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), bucket)) {
            first.put(key, new ByteArrayInputStream("two".getBytes(UTF_8)), 3, null);
            assertThat(second.read(key).orElseThrow().content()).isEqualTo("two".getBytes(UTF_8));
        }
    }

    @Test
    void errorsDoNotRevealTheSecretKey() {
        String wrongSecret = "wrong-secret-" + s3.secretKey();
        try (MinioObjectStore denied =
                new MinioObjectStore(s3.endpoint(), s3.accessKey(), wrongSecret, s3.newBucketName("denied"))) {
            assertThatThrownBy(() -> denied.stat("any/key"))
                    .isInstanceOf(ObjectStoreException.class)
                    .satisfies(e -> {
                        StringWriter trace = new StringWriter();
                        e.printStackTrace(new PrintWriter(trace));
                        assertThat(trace.toString()).doesNotContain(wrongSecret).doesNotContain(s3.secretKey());
                    });
        }
    }

    @Test
    void unreachableServerIsAnObjectStoreException() {
        try (MinioObjectStore nowhere =
                new MinioObjectStore("http://127.0.0.1:9", s3.accessKey(), s3.secretKey(), "kepu-nowhere")) {
            assertThatThrownBy(() -> nowhere.read("a")).isInstanceOf(ObjectStoreException.class);
        }
    }

    @Test
    void closedStoreRefusesWork() {
        MinioObjectStore closing =
                new MinioObjectStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.newBucketName("closed"));
        closing.close();

        assertThatThrownBy(() -> closing.stat("a")).isInstanceOf(IllegalStateException.class);
    }
}
