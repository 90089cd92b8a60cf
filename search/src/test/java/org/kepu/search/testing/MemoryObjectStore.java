package org.kepu.search.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.PreconditionFailedException;

/** An object store in memory with the conditional writes of the real ones, for unit tests of the search module. */
public final class MemoryObjectStore implements ObjectStore {

    private record Stored(byte[] content, String etag) {}

    private final Map<String, Stored> objects = new ConcurrentSkipListMap<>();

    @Override
    public ObjectInfo put(String key, InputStream content, long size, String contentType) {
        try {
            return store(key, content.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized ObjectInfo putIfAbsent(String key, byte[] content, String contentType)
            throws PreconditionFailedException {
        if (objects.containsKey(key)) {
            throw new PreconditionFailedException(key);
        }
        return store(key, content);
    }

    @Override
    public synchronized ObjectInfo putIfMatch(String key, byte[] content, String contentType, String etag)
            throws PreconditionFailedException {
        Stored current = objects.get(key);
        if (current == null || !current.etag().equals(etag)) {
            throw new PreconditionFailedException(key);
        }
        return store(key, content);
    }

    private ObjectInfo store(String key, byte[] content) {
        Stored stored = new Stored(content, UUID.randomUUID().toString());
        objects.put(key, stored);
        return new ObjectInfo(key, content.length, stored.etag(), Instant.now());
    }

    @Override
    public Optional<Blob> read(String key) {
        return Optional.ofNullable(objects.get(key)).map(s -> new Blob(s.content(), s.etag()));
    }

    @Override
    public Optional<InputStream> open(String key) {
        return read(key).map(blob -> new ByteArrayInputStream(blob.content()));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return Optional.ofNullable(objects.get(key))
                .map(s -> new ObjectInfo(key, s.content().length, s.etag(), Instant.now()));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return objects.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> new ObjectInfo(
                        e.getKey(), e.getValue().content().length, e.getValue().etag(), Instant.now()))
                .toList();
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public Optional<URI> presignedGet(String key, Duration ttl) {
        return Optional.empty();
    }
}
