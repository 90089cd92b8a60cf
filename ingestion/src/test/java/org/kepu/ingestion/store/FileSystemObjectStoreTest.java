package org.kepu.ingestion.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path root;

    private FileSystemObjectStore store;

    @BeforeEach
    void openStore() {
        store = new FileSystemObjectStore(root);
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected boolean supportsPresignedUrls() {
        return false;
    }

    @Test
    void leftoverTempFilesAreInvisibleAndCleanedOnOpen() throws IOException {
        store.put(key("works/1/manifest.json"), new ByteArrayInputStream("{}".getBytes(UTF_8)), 2, null);
        Path tempDir = root.resolve(FileSystemObjectStore.TEMP_DIR);
        Path leftover = Files.write(tempDir.resolve("crashed-write.tmp"), new byte[4096]);

        assertThat(store.list(""))
                .extracting(ObjectStore.ObjectInfo::key)
                .containsExactly(key("works/1/manifest.json"));

        new FileSystemObjectStore(root);

        assertThat(leftover).doesNotExist();
        assertThat(tempDir).isEmptyDirectory();
        assertThat(store.read(key("works/1/manifest.json"))).isPresent();
    }

    @Test
    void writesLeaveNoTempFiles() throws IOException {
        store.put(key("a"), TestStreams.pseudoRandom(300_000, 1), ObjectStore.UNKNOWN_SIZE, null);
        assertThatThrownBy(() -> store.put(
                        key("b"),
                        TestStreams.failingAfter(100_000, new IOException("cut")),
                        ObjectStore.UNKNOWN_SIZE,
                        null))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(root.resolve(FileSystemObjectStore.TEMP_DIR)).isEmptyDirectory();
    }

    @Test
    void objectsLiveUnderTheirKeyPath() {
        store.put(key("works/7/v1/original.txt"), new ByteArrayInputStream("hello".getBytes(UTF_8)), 5, null);

        Path file = root.resolve(key("works/7/v1/original.txt"));
        assertThat(file).isRegularFile();
        assertThat(file).hasSize(FileSystemObjectStore.HEADER_LENGTH + 5);
    }

    @Test
    void theTempDirectoryNameIsReserved() {
        assertThatThrownBy(() -> store.stat(FileSystemObjectStore.TEMP_DIR + "/x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filesNotWrittenByTheStoreAreSkippedByList() throws IOException {
        store.put(key("good"), new ByteArrayInputStream(new byte[] {1}), 1, null);
        Path stray = root.resolve(key("stray.txt"));
        Files.writeString(stray, "dropped here by hand");

        try (Stream<Path> files = Files.list(root.resolve(key("")))) {
            assertThat(files).hasSize(2);
        }
        assertThat(store.list(key(""))).extracting(ObjectStore.ObjectInfo::key).containsExactly(key("good"));
        assertThatThrownBy(() -> store.read(key("stray.txt"))).isInstanceOf(ObjectStoreException.class);
    }

    @Test
    void aDirectoryIsNotAnObject() {
        store.put(key("dir/child"), new ByteArrayInputStream(new byte[] {1}), 1, null);

        assertThat(store.stat(key("dir"))).isEmpty();
        assertThat(store.read(key("dir"))).isEmpty();
        store.delete(key("dir"));
        assertThat(store.stat(key("dir/child"))).isPresent();
    }
}
