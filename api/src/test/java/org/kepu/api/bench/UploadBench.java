package org.kepu.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.api.KepuApplication;
import org.kepu.testkit.S3Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Upload throughput of kepu against the raw component in the same run, on the same bytes.
 *
 * <ul>
 *   <li>S3: a multipart {@code POST /api/v1/works} of an MP4-looking stream through kepu (object store
 *       {@code s3}) against a presigned PUT of the same bytes, with Content-Length, straight to the same S3
 *       server. Goal: ratio at least 0.8.
 *   <li>Filesystem: the same POST with the filesystem store against writing the same bytes to a file on
 *       the same disk and syncing it.
 * </ul>
 *
 * Raw and kepu alternate, {@value #ROUNDS} rounds each after one warm-up of each, and the medians and the
 * spread (min–max) are logged. The client generates the bytes from a repeated random block, so it costs
 * the same small amount in both. Size: {@code -Dkepu.bench.upload.mib=512} (default 512).
 *
 * <p>Run: {@code ./mvnw -B -o -Pbench -pl api test -Dtest=UploadBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dspotless.check.skip=true} (after {@code ./mvnw -B -o install -DskipTests}); the figures are the
 * {@code UploadBench} lines of the log.
 */
@Tag("bench")
class UploadBench {

    private static final Logger log = LoggerFactory.getLogger(UploadBench.class);
    private static final int ROUNDS = 3;
    private static final long MIB = 1024L * 1024;
    private static final long SIZE = Long.getLong("kepu.bench.upload.mib", 512) * MIB;
    private static final String METADATA = "{\"title\":\"基准视频\",\"kind\":\"video\"}";
    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void uploadThroughS3StoreAgainstPresignedPut() throws Exception {
        S3Server s3 = S3Server.shared();
        String rawBucket = s3.newBucketName("upload-bench-raw");
        String digest = Video.digest(SIZE);
        try (MinioClient minio = MinioClient.builder()
                        .endpoint(s3.endpoint())
                        .region("us-east-1")
                        .credentials(s3.accessKey(), s3.secretKey())
                        .build();
                ConfigurableApplicationContext kepu = start(Map.of(
                        "kepu.store.type", "s3",
                        "kepu.store.endpoint", s3.endpoint(),
                        "kepu.store.access-key", s3.accessKey(),
                        "kepu.store.secret-key", s3.secretKey(),
                        "kepu.store.bucket", s3.newBucketName("upload-bench-kepu"),
                        "kepu.auth.dev-issuer.enabled", "true",
                        // one instance on its own bucket
                        "kepu.search.allow-local-index-with-shared-store", "true"))) {
            if (!minio.bucketExists(BucketExistsArgs.builder().bucket(rawBucket).build())) {
                minio.makeBucket(MakeBucketArgs.builder().bucket(rawBucket).build());
            }
            String token = token(kepu);
            Compared compared = compare(
                    () -> {
                        String key = "raw-" + UUID.randomUUID();
                        String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                                .method(Http.Method.PUT)
                                .bucket(rawBucket)
                                .object(key)
                                .expiry(1, TimeUnit.HOURS)
                                .build());
                        long start = System.nanoTime();
                        HttpResponse<String> put = http.send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .PUT(HttpRequest.BodyPublishers.fromPublisher(
                                                HttpRequest.BodyPublishers.ofInputStream(() -> new Video(SIZE)), SIZE))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        double seconds = (System.nanoTime() - start) / 1e9;
                        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
                        minio.removeObject(RemoveObjectArgs.builder()
                                .bucket(rawBucket)
                                .object(key)
                                .build());
                        return seconds;
                    },
                    () -> postWork(kepu, token, digest));
            compared.log("S3 (" + s3.kind() + ")", "presigned PUT");
        }
    }

    @Test
    void uploadThroughFileSystemStoreAgainstAFileWrite() throws Exception {
        String digest = Video.digest(SIZE);
        try (ConfigurableApplicationContext kepu = start(Map.of("kepu.store.type", "filesystem"))) {
            String token = token(kepu);
            Path raw = Files.createDirectories(dir.resolve("raw"));
            Compared compared = compare(
                    () -> {
                        Path file = raw.resolve(UUID.randomUUID().toString());
                        long start = System.nanoTime();
                        try (InputStream in = new Video(SIZE);
                                FileChannel out = FileChannel.open(
                                        file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                            byte[] buffer = new byte[64 * 1024];
                            for (int n; (n = in.read(buffer)) > 0; ) {
                                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                                while (chunk.hasRemaining()) {
                                    out.write(chunk);
                                }
                            }
                            out.force(true);
                        }
                        double seconds = (System.nanoTime() - start) / 1e9;
                        Files.delete(file);
                        return seconds;
                    },
                    () -> postWork(kepu, token, digest));
            compared.log("filesystem", "file write + fsync");
        }
    }

    private ConfigurableApplicationContext start(Map<String, Object> properties) throws IOException {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put("server.port", "0");
        all.put("kepu.data-dir", Files.createTempDirectory(dir, "kepu").toString());
        all.put("spring.main.banner-mode", "off");
        return new SpringApplicationBuilder(KepuApplication.class)
                .properties(all)
                .run();
    }

    private String token(ConfigurableApplicationContext kepu) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri(kepu, "/dev/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"bench\",\"roles\":[\"creator\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(response.body());
        assertThat(token.find()).as(response.body()).isTrue();
        return token.group(1);
    }

    /** One upload through kepu, timed from the first byte sent to the answer; checks size and digest. */
    private double postWork(ConfigurableApplicationContext kepu, String token, String digest) throws Exception {
        String boundary = "kepu-bench-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + METADATA + "\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"talk.mp4\""
                        + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long length = head.length + SIZE + tail.length;
        HttpRequest request = HttpRequest.newBuilder(uri(kepu, "/api/v1/works"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(
                                () -> new SequenceInputStream(Collections.enumeration(List.of(
                                        new ByteArrayInputStream(head),
                                        new Video(SIZE),
                                        new ByteArrayInputStream(tail))))),
                        length))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> created = http.send(request, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"size\":" + SIZE).contains(digest);
        return seconds;
    }

    private static URI uri(ConfigurableApplicationContext kepu, String path) {
        return URI.create("http://127.0.0.1:" + kepu.getEnvironment().getProperty("local.server.port") + path);
    }

    private interface Timed {
        double seconds() throws Exception;
    }

    /** One warm-up each, then raw and kepu alternately, so that load from elsewhere hits both alike. */
    private static Compared compare(Timed raw, Timed kepu) throws Exception {
        raw.seconds();
        kepu.seconds();
        List<Double> rawRates = new ArrayList<>();
        List<Double> kepuRates = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            rawRates.add(SIZE / 1e6 / raw.seconds());
            kepuRates.add(SIZE / 1e6 / kepu.seconds());
            log.info(
                    "UploadBench round {}: raw {} MB/s, kepu {} MB/s",
                    round + 1,
                    mb(rawRates.get(round)),
                    mb(kepuRates.get(round)));
        }
        return new Compared(rawRates, kepuRates);
    }

    private record Compared(List<Double> raw, List<Double> kepu) {

        void log(String path, String rawName) {
            double rawMedian = median(raw);
            double kepuMedian = median(kepu);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                ratios.add(kepu.get(i) / raw.get(i));
            }
            log.info(
                    "UploadBench {} upload of {} MiB: {} median {} MB/s (min {}, max {}); kepu median {} MB/s "
                            + "(min {}, max {}); ratio of medians {} (per-round ratios {}); goal for S3 >= 0.8",
                    path,
                    SIZE / MIB,
                    rawName,
                    mb(rawMedian),
                    mb(Collections.min(raw)),
                    mb(Collections.max(raw)),
                    mb(kepuMedian),
                    mb(Collections.min(kepu)),
                    mb(Collections.max(kepu)),
                    String.format("%.2f", kepuMedian / rawMedian),
                    ratios.stream().map(r -> String.format("%.2f", r)).toList());
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String mb(double value) {
        return String.format("%.1f", value);
    }

    /**
     * An MP4-looking stream: an {@code ftyp} box, then a 4 MiB random block repeated, each copy with its
     * own first bytes so that no two parts are equal. Cheap to generate, so the client costs little.
     */
    static final class Video extends InputStream {

        private static final byte[] FTYP = {
            0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'
        };
        private static final int BLOCK = 4 * 1024 * 1024;
        private static final byte[] RANDOM = random();

        private final long length;
        private long position;

        Video(long length) {
            this.length = length;
        }

        private static byte[] random() {
            byte[] block = new byte[BLOCK];
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < block.length; i += 8) {
                long value = random.nextLong();
                for (int j = 0; j < 8; j++) {
                    block[i + j] = (byte) (value >>> (8 * j));
                }
            }
            return block;
        }

        static String digest(long length) throws Exception {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1024 * 1024];
            try (InputStream in = new Video(length)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha256.update(buffer, 0, n);
                }
            }
            return "sha256:" + java.util.HexFormat.of().formatHex(sha256.digest());
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            if (count == 0) {
                return 0;
            }
            int inBlock = (int) (position % BLOCK);
            int n = (int) Math.min(Math.min(count, length - position), BLOCK - inBlock);
            System.arraycopy(RANDOM, inBlock, buffer, offset, n);
            for (int i = 0; i < n; i++) {
                long at = position + i;
                if (at < FTYP.length) {
                    buffer[offset + i] = FTYP[(int) at];
                } else if (inBlock + i < 8) {
                    buffer[offset + i] = (byte) ((position / BLOCK) >>> (8 * (inBlock + i)));
                } else {
                    break;
                }
            }
            position += n;
            return n;
        }
    }
}
