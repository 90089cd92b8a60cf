package org.kepu.ingestion.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.kepu.ingestion.store.ObjectStore;

/**
 * An upload fed piece by piece as it arrives, with the same checks as {@link UploadService#store}: the
 * size limit, SHA-256 and the media type judged from the first bytes, so that a refused file stops early.
 * Each call blocks only to write what it is given, never to wait for more. On any refusal nothing stays
 * in the store. Thread-safe, so that an abort may come from another thread while a piece is written.
 */
public final class IncomingFile {

    private final ObjectStore store;
    private final ObjectStore.Writer writer;
    private final String key;
    private final String fileName;
    private final long limit;
    private final Function<byte[], Optional<String>> headCheck;
    private final BiFunction<String, String, String> wholeCheck;
    private final MessageDigest sha256;
    private final byte[] head = new byte[DigestingInputStream.HEAD_SIZE];
    private long count;
    private Optional<String> fromHead;
    private boolean closed;

    IncomingFile(
            ObjectStore store,
            ObjectStore.Writer writer,
            String key,
            String fileName,
            long limit,
            Function<byte[], Optional<String>> headCheck,
            BiFunction<String, String, String> wholeCheck) {
        this.store = store;
        this.writer = writer;
        this.key = key;
        this.fileName = fileName;
        this.limit = limit;
        this.headCheck = headCheck;
        this.wholeCheck = wholeCheck;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Takes the next piece. Throws {@link UploadTooLargeException} or {@link UnsupportedFileException}. */
    public synchronized void write(byte[] bytes, int offset, int length) {
        requireOpen();
        try {
            if (count < head.length) {
                System.arraycopy(bytes, offset, head, (int) count, (int) Math.min(length, head.length - count));
            }
            count += length;
            if (count > limit) {
                throw new UploadTooLargeException(limit);
            }
            sha256.update(bytes, offset, length);
            if (count >= head.length) {
                checkHead();
            }
            writer.write(bytes, offset, length);
        } catch (RuntimeException refused) {
            abort();
            throw refused;
        }
    }

    /** The whole file has arrived: stores it and says what it is. Throws {@link EmptyFileException} too. */
    public synchronized StoredFile finish() {
        requireOpen();
        try {
            checkHead();
            ObjectStore.ObjectInfo stored = writer.commit();
            closed = true;
            try {
                String mediaType = fromHead.orElseGet(() -> wholeCheck.apply(key, fileName));
                return new StoredFile(
                        key, "sha256:" + HexFormat.of().formatHex(sha256.digest()), stored.size(), mediaType, fileName);
            } catch (RuntimeException refused) {
                store.delete(key);
                throw refused;
            }
        } catch (RuntimeException failed) {
            abort();
            throw failed;
        }
    }

    /** Drops what arrived so far; no effect once finished. */
    public synchronized void abort() {
        if (!closed) {
            closed = true;
            writer.abort();
        }
    }

    /** Bytes taken so far. */
    public synchronized long count() {
        return count;
    }

    private void checkHead() {
        if (fromHead == null) {
            byte[] first = Arrays.copyOf(head, (int) Math.min(count, head.length));
            if (first.length == 0) {
                throw new EmptyFileException();
            }
            fromHead = headCheck.apply(first);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the upload to " + key + " is over");
        }
    }
}
