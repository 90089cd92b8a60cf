package org.kepu.ingestion.store;

import io.minio.AbortMultipartUploadArgs;
import io.minio.Checksum;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.Http;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.UploadPartArgs;
import io.minio.UploadPartResponse;
import io.minio.errors.MinioException;
import io.minio.messages.Part;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import okhttp3.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream of unknown length written as an S3 multipart upload with several parts in flight. The
 * calling thread only reads the stream into part buffers; checksums, signing and sending happen on the
 * part threads, so reading the next part overlaps with sending the previous ones.
 *
 * <p>Every part carries a CRC32C that the server checks (computed with the JDK's intrinsic, not the
 * SDK's byte-at-a-time table). Over plain HTTP the payload is also signed with its SHA-256, as the SDK
 * does, since nothing else protects the bytes in transit; over HTTPS the payload is sent unsigned under
 * TLS, again as the SDK does.
 *
 * <p>A stream that ends within the first part is written with one PUT. Any failure aborts the multipart
 * upload after the parts still in flight have finished, so nothing stays under the key.
 *
 * <p>The stream is either pulled ({@link #write}) or pushed piece by piece ({@link #accept}, {@link #finish},
 * {@link #abort}) by a caller whose pieces arrive from the network.
 */
final class StreamedUpload {

    private static final Logger log = LoggerFactory.getLogger(StreamedUpload.class);

    /** Parts in flight per upload when extra buffers are free. */
    static final int MAX_IN_FLIGHT = 3;

    /** How much of a stream is read at a time. */
    private static final int CHUNK = 64 * 1024;

    /** Buffers an upload may always hold: one being filled, one in flight. */
    private static final int OWN_BUFFERS = 2;

    private final MinioAsyncClient s3;
    private final ExecutorService partThreads;
    private final PartBuffers buffers;
    private final boolean signPayload;
    private final PutObjectArgs target;
    private final String contentType;

    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final List<byte[]> spare = new ArrayList<>();
    private final List<Part> parts = new ArrayList<>();
    private String uploadId;
    private int partNumber = 1;
    private byte[] current;
    private int filled;
    private int buffersHeld;
    private int extrasHeld;

    StreamedUpload(
            MinioAsyncClient s3,
            ExecutorService partThreads,
            PartBuffers buffers,
            boolean signPayload,
            String bucket,
            String key,
            String contentType) {
        this.s3 = s3;
        this.partThreads = partThreads;
        this.buffers = buffers;
        this.signPayload = signPayload;
        this.contentType = contentType;
        // Only the multipart calls read this: bucket, key, content type and the SDK's retry settings.
        this.target = PutObjectArgs.builder().bucket(bucket).object(key).stream(
                        InputStream.nullInputStream(), null, (long) buffers.partSize())
                .contentType(contentType)
                .build();
    }

    /**
     * Writes the stream. Its own exceptions come out unchanged (IOException, RuntimeException); the
     * server's as MinioException.
     */
    ObjectWriteResponse write(InputStream in, SinglePut singlePut) throws IOException, MinioException {
        try {
            byte[] chunk = new byte[CHUNK];
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                accept(chunk, 0, n);
            }
            return finish(singlePut);
        } catch (IOException | RuntimeException | MinioException e) {
            abort(e);
            throw e;
        }
    }

    /**
     * Takes the next piece; a full part goes to the part threads. Blocks only while all of this upload's
     * buffers are in flight, never for the sender of the pieces. After an exception, call {@link #abort}.
     */
    void accept(byte[] bytes, int offset, int length) throws MinioException {
        while (length > 0) {
            if (current == null) {
                current = uploadId == null ? takeBuffer() : nextBuffer();
                filled = 0;
            }
            int n = Math.min(length, current.length - filled);
            System.arraycopy(bytes, offset, current, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == current.length) {
                if (uploadId == null) {
                    uploadId = join(s3.createMultipartUpload(new CreateMultipartUploadArgs(
                                    target, MediaType.parse(contentType), Checksum.Algorithm.CRC32C)))
                            .result()
                            .uploadId();
                }
                submit(uploadId, partNumber++, current, filled);
                current = null;
            }
        }
    }

    /**
     * Makes the object: one PUT when it fitted in the first part, else the last part and the completion.
     * After an exception, call {@link #abort}.
     */
    ObjectWriteResponse finish(SinglePut singlePut) throws MinioException {
        if (uploadId == null) {
            byte[] only = current != null ? current : new byte[0];
            ObjectWriteResponse response = singlePut.put(only, current != null ? filled : 0);
            releaseBuffers();
            return response;
        }
        if (current != null && filled > 0) {
            submit(uploadId, partNumber++, current, filled);
            current = null;
        }
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
        ObjectWriteResponse response = join(s3.completeMultipartUpload(
                new CompleteMultipartUploadArgs(target, uploadId, parts.toArray(Part[]::new))));
        releaseBuffers();
        return response;
    }

    /**
     * Drops what was sent, after the parts still in flight have finished, so nothing stays under the key;
     * gives the buffers back. {@code cause}, if any, collects a failure to abort.
     */
    void abort(Exception cause) {
        if (uploadId != null) {
            abort(uploadId, cause);
            uploadId = null;
        }
        releaseBuffers();
    }

    /** The whole stream fitted in the first buffer. */
    interface SinglePut {
        ObjectWriteResponse put(byte[] content, int length) throws MinioException;
    }

    private void submit(String uploadId, int partNumber, byte[] buffer, int length) {
        Future<Part> part = partThreads.submit(() -> uploadPart(uploadId, partNumber, buffer, length));
        inFlight.addLast(new InFlight(part, buffer));
    }

    private Part uploadPart(String uploadId, int partNumber, byte[] buffer, int length) throws MinioException {
        CRC32C crc = new CRC32C();
        crc.update(buffer, 0, length);
        String crc32c = Base64.getEncoder().encodeToString(intBytes((int) crc.getValue()));
        Http.Headers headers =
                new Http.Headers("x-amz-sdk-checksum-algorithm", "CRC32C", "x-amz-checksum-crc32c", crc32c);
        if (signPayload) {
            headers.put(Http.Headers.X_AMZ_CONTENT_SHA256, sha256Hex(buffer, length));
        }
        UploadPartResponse response = join(s3.uploadPart(UploadPartArgs.builder()
                .bucket(target.bucket())
                .object(target.object())
                .uploadId(uploadId)
                .partNumber(partNumber)
                .data(buffer, length)
                .headers(headers)
                .build()));
        Part answered = response.part();
        // Some servers do not echo the checksum; the completion must still list it for every part.
        String checksum = answered.checksumCRC32C() != null ? answered.checksumCRC32C() : crc32c;
        return new Part(partNumber, answered.etag(), null, checksum, null, null, null);
    }

    /** A buffer for the next part: a finished part's, a new own one, an extra one, or the oldest's. */
    private byte[] nextBuffer() throws MinioException {
        while (!inFlight.isEmpty() && inFlight.peekFirst().part().isDone()) {
            awaitOldest();
        }
        if (!spare.isEmpty()) {
            return spare.remove(spare.size() - 1);
        }
        if (buffersHeld < OWN_BUFFERS) {
            return takeBuffer();
        }
        if (inFlight.size() < MAX_IN_FLIGHT && buffers.tryTakeExtra()) {
            extrasHeld++;
            return takeBuffer();
        }
        awaitOldest();
        return spare.remove(spare.size() - 1);
    }

    private byte[] takeBuffer() {
        buffersHeld++;
        return buffers.take();
    }

    private void awaitOldest() throws MinioException {
        InFlight oldest = inFlight.removeFirst();
        try {
            parts.add(oldest.part().get());
            spare.add(oldest.buffer());
        } catch (ExecutionException e) {
            // The buffer goes back only once its part is over, which it is now.
            spare.add(oldest.buffer());
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            // The part may still be sending from this buffer: let it go to the collector, not the pool.
            buffersHeld--;
            Thread.currentThread().interrupt();
            throw new MinioException(e);
        }
    }

    private void abort(String uploadId, Exception cause) {
        // Parts still sending would otherwise land after the abort and linger on some servers.
        while (!inFlight.isEmpty()) {
            InFlight part = inFlight.removeFirst();
            try {
                part.part().get();
                spare.add(part.buffer());
            } catch (ExecutionException | CancellationException e) {
                spare.add(part.buffer());
            } catch (InterruptedException e) {
                buffersHeld--;
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            join(s3.abortMultipartUpload(new AbortMultipartUploadArgs(target, uploadId)));
        } catch (MinioException | RuntimeException e) {
            log.warn("aborting multipart upload of {}/{} failed", target.bucket(), target.object(), e);
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Gives every buffer this upload holds back; once an upload is over, doing it again does nothing. */
    private void releaseBuffers() {
        if (current != null) {
            spare.add(current);
            current = null;
        }
        for (byte[] buffer : spare) {
            buffers.give(buffer);
        }
        spare.clear();
        buffers.releaseExtras(extrasHeld);
        extrasHeld = 0;
        buffersHeld = 0;
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) throws MinioException {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static MinioException unwrap(Throwable cause) {
        Throwable inner = cause;
        while (inner instanceof CompletionException && inner.getCause() != null) {
            inner = inner.getCause();
        }
        if (inner instanceof MinioException minio) {
            return minio;
        }
        if (inner instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (inner instanceof Error error) {
            throw error;
        }
        return new MinioException(inner);
    }

    private static String sha256Hex(byte[] buffer, int length) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(buffer, 0, length);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private record InFlight(Future<Part> part, byte[] buffer) {}
}
