package org.kepu.ingestion.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Stages the pieces of an object in a temporary file and hands the whole file to {@link ObjectStore#put}
 * on commit, for adapters that cannot take an object piece by piece themselves.
 */
final class SpooledWriter implements ObjectStore.Writer {

    private final ObjectStore store;
    private final String key;
    private final String contentType;
    private final Path temp;
    private final FileChannel channel;
    private long size;
    private boolean done;

    SpooledWriter(ObjectStore store, String key, String contentType) {
        this.store = store;
        this.key = key;
        this.contentType = contentType;
        try {
            this.temp = Files.createTempFile("kepu-upload-", ".part");
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot stage object " + key, e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        requireOpen();
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            abort();
            throw new ObjectStoreException("cannot stage object " + key, e);
        }
        size += length;
    }

    @Override
    public ObjectStore.ObjectInfo commit() {
        requireOpen();
        try (InputStream content = Files.newInputStream(temp)) {
            channel.close();
            return store.put(key, content, size, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            abort();
        }
    }

    @Override
    public void abort() {
        done = true;
        try {
            channel.close();
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // A temporary file that cannot be removed now is the operating system's to clean up.
        }
    }

    private void requireOpen() {
        if (done) {
            throw new IllegalStateException("object " + key + " was already committed or aborted");
        }
    }
}
