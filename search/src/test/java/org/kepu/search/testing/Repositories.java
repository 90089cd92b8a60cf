package org.kepu.search.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;

/** A work repository over an in-memory store, with the steps an upload goes through. */
public final class Repositories {

    private Repositories() {}

    public static WorkRepository inMemory() {
        return new WorkRepository(new MemoryObjectStore(), Clock.systemUTC());
    }

    /** A new work, still processing: only its metadata is known. */
    public static Work uploaded(WorkRepository repository, String id, String title, List<String> topics) {
        WorkMetadata metadata =
                new WorkMetadata(title, "", "ARTICLE", topics, List.of("public"), "CC-BY-4.0", List.of(), false);
        Instant now = Instant.now();
        return repository.create(
                new Work(id, 0, "alice", metadata, WorkStatus.PROCESSING, null, List.of(), null, now, now));
    }

    /** The text of the work was extracted: it gets a version with a text key, and goes to review. */
    public static Work extracted(WorkRepository repository, String id, String text) {
        String key = WorkRepository.versionKey(id, 1, "text.txt");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        repository.store().put(key, new ByteArrayInputStream(bytes), bytes.length, "text/plain");
        Version version = new Version(
                1,
                "sha256:00",
                bytes.length,
                "text/plain",
                "work.txt",
                WorkRepository.originalKey(id, "u1"),
                null,
                Instant.now(),
                key,
                (long) text.length(),
                null);
        return repository.update(id, work -> work.plusVersion(version).withStatus(WorkStatus.IN_REVIEW, null));
    }
}
