package org.kepu.ingestion.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.detect.Corpus;
import org.kepu.ingestion.detect.HostileZips;
import org.kepu.ingestion.detect.MediaTypeDetector;
import org.kepu.ingestion.store.FileSystemObjectStore;

/** A hostile upload is refused within bounds, leaves nothing behind, and does not hold up others. */
class HostileUploadTest {

    @TempDir
    Path dir;

    @Test
    void aZipOfAMillionEntriesIsRefusedQuicklyWhileANormalUploadGoesThrough() throws Exception {
        FileSystemObjectStore store = new FileSystemObjectStore(dir.resolve("objects"));
        UploadService uploads =
                new UploadService(store, new DetectedMediaTypes(new MediaTypeDetector()), 512L * 1024 * 1024);
        Path zip = HostileZips.manyEntries(dir.resolve("many.docx"), 1_000_000);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<StoredFile> normal = other.submit(
                    () -> uploads.store("w-normal", new ByteArrayInputStream(Corpus.docx(Corpus.VACCINES)), "科普.docx"));
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            try (InputStream in = Files.newInputStream(zip)) {
                assertThatThrownBy(() -> uploads.store("w-hostile", in, "many.docx"))
                        .isInstanceOf(UnsupportedFileException.class)
                        .hasMessageContaining("more than 10000 entries");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

            assertThat(took).isLessThan(Duration.ofSeconds(30));
            // Streaming 85 MB in and out of the store, but never holding the archive or its listing.
            assertThat(allocated).isLessThan(32L << 20);
            assertThat(store.list("works/w-hostile/")).isEmpty();
            StoredFile stored = normal.get(30, TimeUnit.SECONDS);
            assertThat(stored.mediaType()).isEqualTo(MediaTypeDetector.DOCX);
            assertThat(store.list("works/w-normal/")).hasSize(1);
        } finally {
            other.shutdownNow();
            Files.delete(zip);
        }
    }
}
