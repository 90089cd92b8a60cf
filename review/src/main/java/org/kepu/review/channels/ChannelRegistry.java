package org.kepu.review.channels;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.work.JsonObjects;

/**
 * Channels as objects ({@code channels/{name}.json}) in the object store, the system of record. Two admins
 * may write the same channel at once, so writes are compare-and-set ({@link JsonObjects#change}). Blocking.
 */
public class ChannelRegistry {

    static final String PREFIX = "channels/";
    /**
     * Every outlet search and feed request asks which channels the outlet may see; reading them from S3
     * each time would add a listing and a read per channel to every request. A change made here is seen
     * at once, one made by another instance within this time.
     */
    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final ObjectStore store;
    private final JsonObjects objects;
    private final Clock clock;
    private final AtomicLong writes = new AtomicLong();
    private volatile Snapshot snapshot;

    /** The channels as read at a time, after a number of this instance's writes. */
    private record Snapshot(List<Channel> channels, long readAtNanos, long afterWrites) {}

    public ChannelRegistry(ObjectStore store, Clock clock) {
        this.store = store;
        this.objects = new JsonObjects(store);
        this.clock = clock;
    }

    /**
     * The channel from the same snapshot as {@link #all()}: every feed request asks for its channel, and a
     * read from the store each time would cost an object read per poll.
     */
    public Optional<Channel> find(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The channels as last read, if that read is fresh; never touches the store, so never blocks. */
    public Optional<List<Channel>> fresh() {
        Snapshot current = snapshot;
        return current != null
                        && current.afterWrites() == writes.get()
                        && System.nanoTime() - current.readAtNanos() < FRESH_FOR.toNanos()
                ? Optional.of(current.channels())
                : Optional.empty();
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
                .map(k -> objects.read(k, Channel.class))
                .flatMap(Optional::stream)
                .toList();
    }

    /** The channels an outlet with this client id may see: those it is entitled to and the public ones. */
    public List<Channel> visibleTo(String clientId) {
        return all().stream().filter(c -> c.visibleTo(clientId)).toList();
    }

    /** Creates or replaces the channel; an unchanged channel is not written again. */
    public Written put(Channel wanted) {
        JsonObjects.Changed<Channel> changed = objects.change(
                key(wanted.name()),
                Channel.class,
                old -> old.isPresent() && old.get().sameAs(wanted)
                        ? old.get()
                        : new Channel(
                                wanted.name(),
                                wanted.title(),
                                wanted.description(),
                                wanted.open(),
                                wanted.outlets(),
                                clock.instant()));
        writes.incrementAndGet();
        return new Written(changed.after(), changed.created());
    }

    public record Written(Channel channel, boolean created) {}

    private static String key(String name) {
        return PREFIX + name + ".json";
    }
}
