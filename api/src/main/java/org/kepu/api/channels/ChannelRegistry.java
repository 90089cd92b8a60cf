package org.kepu.api.channels;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final ObjectStore store;
    private final Clock clock;
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
