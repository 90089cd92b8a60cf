package org.kepu.ingestion.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;

class JsonObjectsTest {

    record Counter(String name, int value) {}

    @TempDir
    Path dir;

    @Test
    void createsThenChangesAndLeavesAnUnchangedObjectUnwritten() {
        FileSystemObjectStore store = new FileSystemObjectStore(dir);
        JsonObjects objects = new JsonObjects(store);

        JsonObjects.Changed<Counter> created = objects.change(
                "c.json",
                Counter.class,
                old -> new Counter("c", old.map(Counter::value).orElse(0) + 1));
        assertThat(created.created()).isTrue();
        assertThat(objects.read("c.json", Counter.class)).contains(new Counter("c", 1));

        String etag = store.stat("c.json").orElseThrow().etag();
        JsonObjects.Changed<Counter> same = objects.change("c.json", Counter.class, Optional::orElseThrow);
        assertThat(same.created()).isFalse();
        assertThat(store.stat("c.json").orElseThrow().etag()).isEqualTo(etag);
    }

    @Test
    void concurrentChangesAreAllKept() throws Exception {
        JsonObjects objects = new JsonObjects(new FileSystemObjectStore(dir));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                done.add(pool.submit(() -> objects.change(
                        "n.json",
                        Counter.class,
                        old -> new Counter("n", old.map(Counter::value).orElse(0) + 1))));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(objects.read("n.json", Counter.class)).contains(new Counter("n", 30));
    }
}
