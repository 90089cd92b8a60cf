package org.kepu.ingestion.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    void tempFilesOfWritesInFlightAreInvisible() throws IOException {
        store.put(key("works/1/manifest.json"), new ByteArrayInputStream("{}".getBytes(UTF_8)), 2, null);
        Files.write(root.resolve(FileSystemObjectStore.TEMP_DIR).resolve("in-flight.tmp"), new byte[4096]);

        assertThat(store.list(""))
                .extracting(ObjectStore.ObjectInfo::key)
                .containsExactly(key("works/1/manifest.json"));
    }

    @Test
    void tempFilesLeftByACrashAreRemovedWhenTheStoreOpens(@TempDir Path crashedRoot) throws IOException {
        Path tempDir = Files.createDirectories(crashedRoot.resolve(FileSystemObjectStore.TEMP_DIR));
        Path leftover = Files.write(tempDir.resolve("3f2c-half-written.tmp"), new byte[4096]);
        Files.createDirectories(crashedRoot.resolve("works/1"));
        new FileSystemObjectStore(root).put("works/1/v1", new ByteArrayInputStream(new byte[] {7}), 1, null);
        Files.copy(root.resolve("works/1/v1"), crashedRoot.resolve("works/1/v1"));

        FileSystemObjectStore reopened = new FileSystemObjectStore(crashedRoot);

        assertThat(leftover).doesNotExist();
        assertThat(tempFiles(tempDir)).isEmpty();
        assertThat(reopened.list("")).extracting(ObjectStore.ObjectInfo::key).containsExactly("works/1/v1");
        assertThat(reopened.read("works/1/v1").orElseThrow().content()).containsExactly(7);
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

        assertThat(tempFiles(root.resolve(FileSystemObjectStore.TEMP_DIR))).isEmpty();
    }

    @Test
    void twoStoresOnOneRootInThisProcessShareTheirLocks() throws PreconditionFailedException {
        FileSystemObjectStore other = new FileSystemObjectStore(root);
        ObjectStore.ObjectInfo created = store.putIfAbsent(key("m"), "1".getBytes(UTF_8), null);

        other.putIfMatch(key("m"), "2".getBytes(UTF_8), null, created.etag());

        assertThatThrownBy(() -> store.putIfMatch(key("m"), "3".getBytes(UTF_8), null, created.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(store.read(key("m")).orElseThrow().content()).isEqualTo("2".getBytes(UTF_8));
    }

    @Test
    void anotherProcessCannotOpenTheSameRoot() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        OpenStoreInThisProcess.class.getName(),
                        root.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(OpenStoreInThisProcess.REFUSED);
    }

    /** Run in a child JVM: exits with {@link #REFUSED} when the store refuses to open. */
    static final class OpenStoreInThisProcess {

        static final int REFUSED = 3;

        public static void main(String[] args) {
            try {
                new FileSystemObjectStore(Path.of(args[0]));
            } catch (ObjectStoreException e) {
                System.exit(REFUSED);
            }
            System.exit(0);
        }
    }

    private static List<Path> tempFiles(Path tempDir) throws IOException {
        try (Stream<Path> files = Files.list(tempDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
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
