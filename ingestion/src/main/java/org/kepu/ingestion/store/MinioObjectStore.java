package org.kepu.ingestion.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production object store: one bucket of MinIO or any S3 server with conditional writes, through
 * the MinIO Java SDK. Path-style addressing; the client and the bucket are set up on first use, because
 * building the client is slow and should stay off the start-up path.
 */
public final class MinioObjectStore implements ObjectStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MinioObjectStore.class);

    /**
     * Part size for streams of unknown length. With S3's 10,000 parts this allows objects of 80 GB,
     * far above kepu's upload limit, while an upload holds two part buffers of its own (see
     * {@link PartBuffers}).
     */
    static final int PART_SIZE = 8 * 1024 * 1024;

    /** Part buffers beyond each upload's own two, shared by all uploads of this store. */
    static final int EXTRA_PART_BUFFERS = 4;

    /** Requests in flight to the server at once; OkHttp's default of five per host would queue parts. */
    private static final int MAX_REQUESTS = 64;

    static final String DEFAULT_REGION = "us-east-1";
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);

    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;
    private final String region;
    private final Object setupLock = new Object();
    private final ReentrantLock[] conditionalLocks = new ReentrantLock[64];
    private final PartBuffers partBuffers = new PartBuffers(PART_SIZE, EXTRA_PART_BUFFERS);
    private volatile Clients clients;
    private volatile boolean closed;

    public MinioObjectStore(String endpoint, String accessKey, String secretKey, String bucket) {
        this(endpoint, accessKey, secretKey, bucket, DEFAULT_REGION);
    }

    public MinioObjectStore(String endpoint, String accessKey, String secretKey, String bucket, String region) {
        this.endpoint = requireText(endpoint, "endpoint");
        this.accessKey = requireText(accessKey, "access key");
        this.secretKey = requireText(secretKey, "secret key");
        this.bucket = requireText(bucket, "bucket");
        this.region = requireText(region, "region");
        for (int i = 0; i < conditionalLocks.length; i++) {
            conditionalLocks[i] = new ReentrantLock();
        }
    }

    @Override
    public ObjectInfo put(String key, InputStream content, long size, String contentType) {
        ObjectKeys.requireValidKey(key);
        Objects.requireNonNull(content, "content");
        Clients ready = clients();
        MinioClient minio = ready.sync();
        WatchedStream watched = new WatchedStream(content, size);
        try {
            ObjectWriteResponse response;
            if (size >= 0) {
                PutObjectArgs args =
                        PutObjectArgs.builder().bucket(bucket).object(key).contentType(contentType(contentType)).stream(
                                        watched, size, null)
                                .build();
                response = minio.putObject(args);
            } else {
                StreamedUpload upload = new StreamedUpload(
                        ready.async(),
                        ready.partThreads(),
                        partBuffers,
                        !ready.https(),
                        bucket,
                        key,
                        contentType(contentType));
                response = upload.write(
                        watched,
                        (buffer, length) -> minio.putObject(PutObjectArgs.builder()
                                .bucket(bucket)
                                .object(key)
                                .contentType(contentType(contentType))
                                .data(buffer, length)
                                .build()));
            }
            return written(key, watched.count(), response);
        } catch (MinioException | IOException | RuntimeException e) {
            // The SDK wraps a failing stream in its own exceptions; any multipart upload has been
            // aborted by then (by the SDK or StreamedUpload). The caller must see the stream's own exception.
            watched.rethrowFailure();
            if (size >= 0 && watched.ended() && watched.count() < size) {
                throw new UncheckedIOException(
                        new EOFException("stream ended after " + watched.count() + " of " + size + " bytes"));
            }
            throw failure("put", key, e);
        }
    }

    /**
     * Pushes the pieces straight into a multipart upload: a full part goes to the part threads while the
     * next pieces arrive, so nothing is staged on local disk and no thread waits for the sender.
     */
    @Override
    public Writer writer(String key, String contentType) {
        ObjectKeys.requireValidKey(key);
        Clients ready = clients();
        String type = contentType(contentType);
        StreamedUpload upload =
                new StreamedUpload(ready.async(), ready.partThreads(), partBuffers, !ready.https(), bucket, key, type);
        return new Writer() {
            private long size;
            private boolean done;

            @Override
            public void write(byte[] bytes, int offset, int length) {
                requireOpen();
                try {
                    upload.accept(bytes, offset, length);
                    size += length;
                } catch (MinioException | RuntimeException e) {
                    abort();
                    throw failure("put", key, e);
                }
            }

            @Override
            public ObjectInfo commit() {
                requireOpen();
                done = true;
                try {
                    return written(
                            key,
                            size,
                            upload.finish((buffer, length) -> ready.sync()
                                    .putObject(PutObjectArgs.builder()
                                            .bucket(bucket)
                                            .object(key)
                                            .contentType(type)
                                            .data(buffer, length)
                                            .build())));
                } catch (MinioException | RuntimeException e) {
                    upload.abort(e);
                    throw failure("put", key, e);
                }
            }

            @Override
            public void abort() {
                if (!done) {
                    done = true;
                    upload.abort(null);
                }
            }

            private void requireOpen() {
                if (done) {
                    throw new IllegalStateException("object " + key + " was already committed or aborted");
                }
            }
        };
    }

    @Override
    public ObjectInfo putIfAbsent(String key, byte[] content, String contentType) throws PreconditionFailedException {
        return putConditionally(key, content, contentType, Map.of("If-None-Match", "*"), false);
    }

    @Override
    public ObjectInfo putIfMatch(String key, byte[] content, String contentType, String etag)
            throws PreconditionFailedException {
        if (etag == null || etag.isBlank()) {
            throw new IllegalArgumentException("etag must not be empty");
        }
        return putConditionally(key, content, contentType, Map.of("If-Match", ETags.quoted(etag)), true);
    }

    private ObjectInfo putConditionally(
            String key, byte[] content, String contentType, Map<String, String> condition, boolean mustExist)
            throws PreconditionFailedException {
        ObjectKeys.requireValidKey(key);
        MinioClient minio = client();
        PutObjectArgs args = PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .data(content, content.length)
                .contentType(contentType(contentType))
                .extraHeaders(condition)
                .build();
        // Servers that check the condition and then write without a lock (S3Proxy does) would let two
        // writers of this process both win; serialising them here keeps compare-and-set safe within one
        // instance. Across instances the server's own atomic check is what counts (MinIO, AWS S3).
        ReentrantLock lock = conditionalLocks[Math.floorMod(key.hashCode(), conditionalLocks.length)];
        lock.lock();
        try {
            return written(key, content.length, minio.putObject(args));
        } catch (ErrorResponseException e) {
            if (isPreconditionFailure(e) || (mustExist && isNotFound(e))) {
                throw new PreconditionFailedException(key);
            }
            throw failure("conditional put", key, e);
        } catch (MinioException | IllegalStateException e) {
            throw failure("conditional put", key, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Blob> read(String key) {
        ObjectKeys.requireValidKey(key);
        MinioClient minio = client();
        try (GetObjectResponse response = minio.getObject(
                GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            String etag = ETags.normalise(response.headers().get("ETag"));
            return Optional.of(new Blob(response.readAllBytes(), etag));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        } catch (MinioException | IOException | IllegalStateException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        return get(key, GetObjectArgs.builder().bucket(bucket).object(key).build());
    }

    /** Asks the server for the range alone, so a video player's seek does not download what it skips. */
    @Override
    public Optional<InputStream> open(String key, long offset, long length) {
        return get(
                key,
                GetObjectArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .offset(offset)
                        .length(length)
                        .build());
    }

    private Optional<InputStream> get(String key, GetObjectArgs args) {
        ObjectKeys.requireValidKey(key);
        MinioClient minio = client();
        try {
            return Optional.of(minio.getObject(args));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            if ("InvalidRange".equals(e.errorResponse().code())) {
                // a range from the object's end on (every range of an empty object): S3 answers 416 for an
                // object that is there, and the filesystem store reads nothing
                return Optional.of(InputStream.nullInputStream());
            }
            throw failure("open", key, e);
        } catch (MinioException | IllegalStateException e) {
            throw failure("open", key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        ObjectKeys.requireValidKey(key);
        MinioClient minio = client();
        try {
            StatObjectResponse stat = minio.statObject(
                    StatObjectArgs.builder().bucket(bucket).object(key).build());
            return Optional.of(
                    new ObjectInfo(key, stat.size(), ETags.normalise(stat.etag()), instant(stat.lastModified())));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("stat", key, e);
        } catch (MinioException | IllegalStateException e) {
            throw failure("stat", key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        ObjectKeys.requireValidPrefix(prefix);
        MinioClient minio = client();
        ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(bucket).recursive(true);
        if (!prefix.isEmpty()) {
            args.prefix(prefix);
        }
        List<ObjectInfo> found = new ArrayList<>();
        try {
            for (Result<Item> result : minio.listObjects(args.build())) {
                Item item = result.get();
                if (!item.isDir() && !item.isDeleteMarker()) {
                    found.add(new ObjectInfo(
                            item.objectName(),
                            item.size(),
                            ETags.normalise(item.etag()),
                            instant(item.lastModified())));
                }
            }
        } catch (MinioException | IllegalStateException e) {
            throw failure("list", prefix, e);
        }
        // S3 already answers in key order; sorting again guards against servers that do not.
        found.sort((a, b) -> ObjectKeys.ORDER.compare(a.key(), b.key()));
        return found;
    }

    @Override
    public void delete(String key) {
        ObjectKeys.requireValidKey(key);
        MinioClient minio = client();
        try {
            minio.removeObject(
                    RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (ErrorResponseException e) {
            if (!isNotFound(e)) {
                throw failure("delete", key, e);
            }
        } catch (MinioException | IllegalStateException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public Optional<URI> presignedGet(String key, Duration ttl) {
        ObjectKeys.requireValidKey(key);
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_PRESIGN_TTL) > 0) {
            throw new IllegalArgumentException("presigned URL lifetime must be between 1 s and 7 days: " + ttl);
        }
        MinioClient minio = client();
        try {
            String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) ttl.toSeconds(), TimeUnit.SECONDS)
                    .build());
            return Optional.of(URI.create(url));
        } catch (MinioException | IllegalStateException e) {
            throw failure("presign", key, e);
        }
    }

    @Override
    public void close() {
        synchronized (setupLock) {
            closed = true;
            if (clients != null) {
                clients.close();
                clients = null;
            }
        }
    }

    private MinioClient client() {
        return clients().sync();
    }

    /** Builds the clients and makes sure the bucket exists, once, on first use from any thread. */
    private Clients clients() {
        Clients ready = clients;
        if (ready != null) {
            return ready;
        }
        synchronized (setupLock) {
            if (closed) {
                throw new IllegalStateException("object store is closed");
            }
            if (clients == null) {
                boolean https = !endpoint.regionMatches(true, 0, "http://", 0, 7);
                // The SDK's default HTTP client parses every CA certificate named by SSL_CERT_FILE and
                // SSL_CERT_DIR, seconds of work per client that a plain-HTTP endpoint never uses. Both
                // clients share one HTTP client, so that work happens at most once.
                OkHttpClient http = https ? Http.newDefaultClient() : plainHttpClient();
                http.dispatcher().setMaxRequests(MAX_REQUESTS);
                http.dispatcher().setMaxRequestsPerHost(MAX_REQUESTS);
                MinioClient sync = MinioClient.builder()
                        .endpoint(endpoint)
                        .region(region)
                        .credentials(accessKey, secretKey)
                        .httpClient(http, false)
                        .build();
                MinioAsyncClient async = MinioAsyncClient.builder()
                        .endpoint(endpoint)
                        .region(region)
                        .credentials(accessKey, secretKey)
                        .httpClient(http, false)
                        .build();
                Clients created = new Clients(sync, async, http, https, partThreads());
                try {
                    ensureBucket(sync);
                } catch (RuntimeException e) {
                    created.close();
                    throw e;
                }
                clients = created;
            }
            return clients;
        }
    }

    /**
     * Threads that checksum, sign and send parts. Unbounded in number, because the parts in flight are
     * bounded by the part buffers (two per upload plus a shared few), not by this pool.
     */
    private ExecutorService partThreads() {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "kepu-s3-part-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
    }

    private record Clients(
            MinioClient sync, MinioAsyncClient async, OkHttpClient http, boolean https, ExecutorService partThreads) {

        void close() {
            partThreads.shutdown();
            closeQuietly(sync);
            try {
                async.close();
            } catch (Exception e) {
                log.debug("closing the S3 client failed", e);
            }
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** The SDK's defaults (timeouts, HTTP/1.1, retries on 5xx and throttling) without the TLS set-up. */
    private static OkHttpClient plainHttpClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Http.DEFAULT_TIMEOUT, TimeUnit.MILLISECONDS)
                .writeTimeout(Http.DEFAULT_TIMEOUT, TimeUnit.MILLISECONDS)
                .readTimeout(Http.DEFAULT_TIMEOUT, TimeUnit.MILLISECONDS)
                .protocols(List.of(Protocol.HTTP_1_1))
                .addInterceptor(new Http.StatusRetryInterceptor())
                .build();
    }

    private void ensureBucket(MinioClient minio) {
        try {
            if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                log.info("created bucket {} at {}", bucket, endpoint);
            }
        } catch (ErrorResponseException e) {
            // Another instance may have created it between the check and the create.
            String code = e.errorResponse().code();
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw failure("create bucket", "", e);
            }
        } catch (MinioException | IllegalStateException e) {
            throw failure("create bucket", "", e);
        }
    }

    private ObjectInfo written(String key, long size, ObjectWriteResponse response) {
        Instant modified = response.lastModified() != null
                ? response.lastModified().toInstant()
                : serverDate(response).orElseGet(Instant::now);
        return new ObjectInfo(key, size, ETags.normalise(response.etag()), modified);
    }

    private static Optional<Instant> serverDate(ObjectWriteResponse response) {
        try {
            return Optional.ofNullable(response.headers().getInstant("Date"));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isPreconditionFailure(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return e.response().code() == 412
                || "PreconditionFailed".equals(code)
                || (e.response().code() == 409 && "ConditionalRequestConflict".equals(code));
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code);
    }

    /**
     * Messages name the operation, bucket, key and S3 error code only; never the credentials. The
     * synchronous client reports transport failures (connection refused, timeouts) as
     * IllegalStateException, which is why the call sites catch that too.
     */
    private ObjectStoreException failure(String operation, String key, Exception e) {
        String detail;
        if (e instanceof ErrorResponseException error) {
            detail = error.errorResponse().code() + " (HTTP " + error.response().code() + ")";
        } else {
            detail = e.getClass().getSimpleName();
        }
        return new ObjectStoreException("S3 " + operation + " of " + bucket + "/" + key + " failed: " + detail, e);
    }

    private static String contentType(String contentType) {
        return contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
    }

    private static Instant instant(ZonedDateTime time) {
        return time == null ? Instant.EPOCH : time.toInstant();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    private static void closeQuietly(MinioClient minio) {
        try {
            minio.close();
        } catch (Exception e) {
            log.debug("closing the S3 client failed", e);
        }
    }

    /** Remembers what the caller's stream did, so its own failure can be told apart from the SDK's. */
    private static final class WatchedStream extends FilterInputStream {

        private final long limit;
        private volatile Exception failure;
        private volatile boolean ended;
        private volatile long count;

        /** With a limit of zero or more, reads stop there, as the filesystem store does with a known size. */
        WatchedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (limit >= 0 && count >= limit) {
                return -1;
            }
            try {
                int b = super.read();
                if (b < 0) {
                    ended = true;
                } else {
                    count++;
                }
                return b;
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (limit >= 0 && count >= limit) {
                return length == 0 ? 0 : -1;
            }
            int wanted = limit >= 0 ? (int) Math.min(length, limit - count) : length;
            try {
                int n = super.read(buffer, offset, wanted);
                if (n < 0) {
                    ended = true;
                } else {
                    count += n;
                }
                return n;
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        long count() {
            return count;
        }

        boolean ended() {
            return ended;
        }

        void rethrowFailure() {
            Exception e = failure;
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
        }
    }
}
