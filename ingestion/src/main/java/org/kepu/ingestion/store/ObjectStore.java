package org.kepu.ingestion.store;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The system of record: every durable fact of kepu is an object here. Keys are '/'-separated paths made
 * by kepu itself (never from user input). Implementations are blocking and thread-safe; callers on an
 * event loop must move calls to a bounded scheduler.
 */
public interface ObjectStore {

    /** Size to pass to {@link #put} when the length of the stream is not known in advance. */
    long UNKNOWN_SIZE = -1;

    /**
     * Stores the stream under the key, replacing any object there. The stream is read to its end and
     * never held whole in memory. Readers never see a partly written object. If reading the stream
     * fails, nothing is left under the key and the stream's exception is rethrown: unchecked ones as they
     * are, an {@link java.io.IOException} wrapped in {@link java.io.UncheckedIOException}.
     */
    ObjectInfo put(String key, InputStream content, long size, String contentType);

    /** Stores small content only if no object exists under the key ({@code If-None-Match: *}). */
    ObjectInfo putIfAbsent(String key, byte[] content, String contentType) throws PreconditionFailedException;

    /** Replaces small content only if the current object has the given ETag ({@code If-Match}). */
    ObjectInfo putIfMatch(String key, byte[] content, String contentType, String etag)
            throws PreconditionFailedException;

    /** Reads a small object whole, with the ETag to use for a later {@link #putIfMatch}. */
    Optional<Blob> read(String key);

    /** Opens an object for streaming; the caller closes the stream. */
    Optional<InputStream> open(String key);

    /**
     * Opens part of an object: {@code length} bytes from {@code offset} (fewer at the end of the object).
     * Adapters that can ask the server for the part do; this default skips what comes before it.
     */
    default Optional<InputStream> open(String key, long offset, long length) {
        Optional<InputStream> whole = open(key);
        if (whole.isEmpty()) {
            return whole;
        }
        InputStream in = whole.get();
        try {
            in.skipNBytes(offset);
        } catch (java.io.EOFException e) {
            // an offset past the end reads nothing, as an HTTP range past the end would
        } catch (java.io.IOException e) {
            try {
                in.close();
            } catch (java.io.IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new java.io.UncheckedIOException(e);
        }
        return Optional.of(new LimitedInputStream(in, length));
    }

    Optional<ObjectInfo> stat(String key);

    /** All objects whose key starts with the prefix, in key order. */
    List<ObjectInfo> list(String prefix);

    /** Deletes the object; deleting a missing key is not an error. */
    void delete(String key);

    /** A short-lived URL to download the object directly, where the store supports it. */
    Optional<URI> presignedGet(String key, Duration ttl);

    /**
     * Starts an object whose content arrives piece by piece, such as an upload read from the network:
     * each call blocks only for the store's own work, never while waiting for the next piece, so a slow
     * sender holds no thread. Nothing is visible under the key before {@link Writer#commit()}. Adapters
     * without a native way stage the pieces in a temporary file and {@link #put} it on commit.
     */
    default Writer writer(String key, String contentType) {
        ObjectKeys.requireValidKey(key);
        return new SpooledWriter(this, key, contentType);
    }

    /** An object being written piece by piece; not thread-safe, one piece after the other. */
    interface Writer {

        void write(byte[] bytes, int offset, int length);

        /** Makes the object visible under its key. */
        ObjectInfo commit();

        /** Drops what was written; safe to call after a failure, after a commit (no effect) and twice. */
        void abort();
    }

    record ObjectInfo(String key, long size, String etag, Instant lastModified) {}

    record Blob(byte[] content, String etag) {}
}
