package org.kepu.review;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.assign.ReviewerLoad;
import org.kepu.review.assign.ReviewerRegistry;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.audit.AuditLog;
import org.kepu.review.lifecycle.ReviewFlow;

/** Works in a directory object store, with the review's parts around them, for the review steps' tests. */
public final class StoredWorks {

    public static final Instant START = Instant.parse("2025-03-01T08:00:00Z");

    public final MutableClock clock = new MutableClock(START);
    public final ObjectStore store;
    public final AuditLog audit;
    public final WorkRepository works;
    public final ReviewerRegistry registry;
    public final ReviewerLoad load;
    public final ReviewFlow flow = new ReviewFlow(Duration.ofHours(24), Duration.ofDays(3));

    public StoredWorks(Path root) {
        store = new FileSystemObjectStore(root);
        audit = new AuditLog(store, clock);
        works = new WorkRepository(store, clock, audit);
        registry = new ReviewerRegistry(store, clock);
        load = new ReviewerLoad(works, registry);
    }

    public static WorkMetadata physics() {
        return new WorkMetadata("光速", null, "article", List.of("physics"), List.of("public"), null, null, false);
    }

    public static WorkMetadata health() {
        return new WorkMetadata("流感防治", null, "article", List.of("医学", "健康"), List.of("public"), null, null, false);
    }

    /** A work by {@code owner} whose first version is extracted to {@code text}, in PROCESSING. */
    public Work processing(String id, String owner, WorkMetadata metadata, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String textKey = WorkRepository.versionKey(id, 1, "text.txt");
        store.put(textKey, new ByteArrayInputStream(bytes), bytes.length, "text/plain");
        Version v1 = new Version(
                1,
                "sha256:" + id,
                bytes.length,
                "text/plain",
                "a.txt",
                "works/" + id + "/uploads/1",
                null,
                clock.instant(),
                textKey,
                (long) text.length(),
                null);
        return works.create(new Work(
                id,
                0,
                owner,
                metadata,
                WorkStatus.PROCESSING,
                null,
                List.of(v1),
                null,
                clock.instant(),
                clock.instant()));
    }

    /** The work screened clean and sent to review, with whoever is registered now assigned. */
    public Work inReview(String id, String owner, WorkMetadata metadata) {
        processing(id, owner, metadata, "光速约为每秒三十万公里。");
        Instant now = clock.instant();
        return works.update(
                id,
                w -> flow.screened(
                        w,
                        new FindingsSummary(1, w.current().digest(), 0, 0, 0, now),
                        registry.all(),
                        ReviewerLoad.load(load.inReview()),
                        now));
    }

    public List<String> eventTypes(String workId) {
        return audit.events(workId).stream().map(AuditEvent::type).toList();
    }

    public Map<String, Object> lastEvent(String workId, String type) {
        return audit.events(workId).stream()
                .filter(e -> e.type().equals(type))
                .reduce((a, b) -> b)
                .orElseThrow()
                .data();
    }

    /** A clock the test moves on. */
    public static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
