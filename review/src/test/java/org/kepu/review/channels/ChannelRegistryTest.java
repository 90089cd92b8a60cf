package org.kepu.review.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;

class ChannelRegistryTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aWriteIsSeenAtOnceAndAnUnchangedChannelKeepsItsTime() {
        ObjectStore store = new FileSystemObjectStore(dir);
        ChannelRegistry registry = new ChannelRegistry(store, Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(registry.all()).isEmpty();

        ChannelRegistry.Written first = registry.put(new Channel("kids", "少儿", null, false, List.of("cctv"), null));
        assertThat(first.created()).isTrue();
        assertThat(first.channel().updatedAt()).isEqualTo(T0);
        // the snapshot read above is stale after this instance's own write
        assertThat(registry.find("kids")).contains(first.channel());
        assertThat(registry.visibleTo("cctv")).extracting(Channel::name).containsExactly("kids");
        assertThat(registry.visibleTo("xinhua")).isEmpty();

        ChannelRegistry later = new ChannelRegistry(store, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
        ChannelRegistry.Written again = later.put(new Channel("kids", "少儿", "", false, List.of("cctv"), null));
        assertThat(again.created()).isFalse();
        assertThat(again.channel().updatedAt()).isEqualTo(T0);
        ChannelRegistry.Written changed = later.put(new Channel("kids", "少儿", "", true, List.of("cctv"), null));
        assertThat(changed.channel().updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(later.fresh()).isEmpty();
        assertThat(later.find("kids").orElseThrow().open()).isTrue();
        assertThat(later.fresh()).isPresent();
    }
}
