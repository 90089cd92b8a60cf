package org.kepu.api.channels;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.kepu.api.problem.Problem;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.Blob;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Channels as objects ({@code channels/{name}.json}) in the object store, the system of record. Two admins
 * may write the same channel at once, so writes are compare-and-set and retried on a lost race. Blocking.
 */
@Component
public class ChannelRegistry {

    static final String PREFIX = "channels/";
    private static final int MAX_ATTEMPTS = 16;
    /**
     * Every outlet search asks which channels the outlet may see; reading them all from S3 each time would
     * add a listing and a read per channel to every search. A change made here is seen at once, one made
     * by another instance within this time.
     */
    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final ObjectStore store;
    private final Clock clock;
    private final AtomicLong writes = new AtomicLong();
    private volatile Snapshot snapshot;

    /** The channels as read at a time, after a number of this instance's writes. */
    private record Snapshot(List<Channel> channels, long readAtNanos, long afterWrites) {}

    private final JsonMapper json = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    ChannelRegistry(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The name must already be valid (see {@link ChannelService#NAME}): it becomes part of a key. */
    public Optional<Channel> find(String name) {
        return store.read(key(name)).map(this::read);
    }

    public List<Channel> all() {
        Snapshot current = snapshot;
        long written = writes.get();
        if (current != null
                && current.afterWrites() == written
                && System.nanoTime() - current.readAtNanos() < FRESH_FOR.toNanos()) {
            return current.channels();
        }
        long readAt = System.nanoTime();
        List<Channel> channels = read();
        // a read that overlapped a write of this instance may miss it: don't keep that one
        if (writes.get() == written) {
            snapshot = new Snapshot(channels, readAt, written);
        }
        return channels;
    }

    private List<Channel> read() {
        return store.list(PREFIX).stream()
                .map(ObjectInfo::key)
                .filter(k -> k.endsWith(".json"))
                .map(store::read)
                .flatMap(Optional::stream)
                .map(this::read)
                .toList();
    }

    /** The channels an outlet with this client id may see: those it is entitled to and the public ones. */
    public List<Channel> visibleTo(String clientId) {
        return all().stream().filter(c -> c.visibleTo(clientId)).toList();
    }

    /** Creates or replaces the channel; an unchanged channel is not written again. */
    Written put(Channel wanted) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Blob> blob = store.read(key(wanted.name()));
            Optional<Channel> old = blob.map(this::read);
            if (old.isPresent() && old.get().sameAs(wanted)) {
                return new Written(old.get(), false);
            }
            Channel next = new Channel(
                    wanted.name(),
                    wanted.title(),
                    wanted.description(),
                    wanted.open(),
                    wanted.outlets(),
                    clock.instant());
            byte[] bytes = json.writeValueAsBytes(next);
            try {
                if (blob.isPresent()) {
                    store.putIfMatch(
                            key(next.name()),
                            bytes,
                            "application/json",
                            blob.get().etag());
                } else {
                    store.putIfAbsent(key(next.name()), bytes, "application/json");
                }
                writes.incrementAndGet();
                return new Written(next, blob.isEmpty());
            } catch (PreconditionFailedException lost) {
                Thread.onSpinWait();
            }
        }
        throw Problem.conflict("The channel was changed at the same time by another request; try again.", Map.of());
    }

    record Written(Channel channel, boolean created) {}

    private Channel read(Blob blob) {
        return json.readValue(blob.content(), Channel.class);
    }

    private static String key(String name) {
        return PREFIX + name + ".json";
    }
}
