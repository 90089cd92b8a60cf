package org.kepu.ingestion.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.PreconditionFailedException;

/**
 * Listing works by status ({@link WorkRepository#inStatus}) through status markers, the same on every
 * store adapter: markers follow the manifest, a crash between marker and manifest lists nothing wrong, stale
 * markers go, and a store written before markers existed is marked once.
 */
abstract class WorkListingContract {

    /** A fresh, empty store for each test. */
    protected abstract ObjectStore emptyStore();

    private ObjectStore store;
    private WorkRepository works;

    @BeforeEach
    void repository() {
        store = emptyStore();
        works = new WorkRepository(store, Clock.systemUTC());
    }

    @Test
    void aWorkIsListedInTheStatusItIsInAndNoOther() {
        works.create(aWork("w1", WorkStatus.PROCESSING));
        works.create(aWork("w2", WorkStatus.PROCESSING));
        assertThat(ids(WorkStatus.PROCESSING)).containsExactly("w1", "w2");

        works.update("w1", w -> w.withStatus(WorkStatus.IN_REVIEW, null));

        assertThat(ids(WorkStatus.PROCESSING)).containsExactly("w2");
        assertThat(ids(WorkStatus.IN_REVIEW)).containsExactly("w1");
        assertThat(marker(WorkStatus.PROCESSING, "w1"))
                .as("the marker of the status left")
                .isEmpty();

        works.update("w1", w -> w.withStatus(WorkStatus.APPROVED, null));
        works.update("w1", w -> w.withStatus(WorkStatus.SCHEDULED, null));

        assertThat(ids(WorkStatus.IN_REVIEW)).isEmpty();
        assertThat(ids(WorkStatus.SCHEDULED)).containsExactly("w1");
        assertThat(store.list(WorkRepository.STATES + "APPROVED/"))
                .as("statuses nothing works on have no markers")
                .isEmpty();
    }

    @Test
    void aChangeThatKeepsTheStatusWritesNoMarker() {
        works.create(aWork("w1", WorkStatus.IN_REVIEW));
        String etag = marker(WorkStatus.IN_REVIEW, "w1").orElseThrow().etag();
        Instant written = marker(WorkStatus.IN_REVIEW, "w1").orElseThrow().lastModified();

        Work renamed = works.update("w1", w -> w.withStatus(WorkStatus.IN_REVIEW, "renamed"));

        assertThat(renamed.revision()).isEqualTo(2);
        assertThat(marker(WorkStatus.IN_REVIEW, "w1").orElseThrow().etag()).isEqualTo(etag);
        assertThat(marker(WorkStatus.IN_REVIEW, "w1").orElseThrow().lastModified())
                .isEqualTo(written);
        assertThat(ids(WorkStatus.IN_REVIEW)).containsExactly("w1");
    }

    @Test
    void aCrashBetweenTheMarkerAndTheManifestListsNothingWrong() {
        works.create(aWork("w1", WorkStatus.PROCESSING));
        WorkRepository crashing = new WorkRepository(new DiesBeforeManifest(store), Clock.systemUTC());

        assertThatThrownBy(() -> crashing.update("w1", w -> w.withStatus(WorkStatus.IN_REVIEW, null)))
                .hasMessageContaining("died");

        assertThat(marker(WorkStatus.IN_REVIEW, "w1"))
                .as("written before the manifest")
                .isPresent();
        assertThat(works.find("w1").orElseThrow().status()).isEqualTo(WorkStatus.PROCESSING);
        assertThat(ids(WorkStatus.IN_REVIEW)).as("the manifest decides").isEmpty();
        assertThat(ids(WorkStatus.PROCESSING)).containsExactly("w1");
        assertThat(marker(WorkStatus.IN_REVIEW, "w1"))
                .as("young: it may belong to a writer about to change the manifest")
                .isPresent();

        works.update("w1", w -> w.withStatus(WorkStatus.IN_REVIEW, null));
        assertThat(ids(WorkStatus.IN_REVIEW)).containsExactly("w1");
        assertThat(ids(WorkStatus.PROCESSING)).isEmpty();
    }

    @Test
    void aStaleMarkerIsDeletedByTheNextReaderAndAFreshOneIsNot() {
        works.create(aWork("w1", WorkStatus.PROCESSING));
        works.create(aWork("w2", WorkStatus.SCHEDULED));
        WorkRepository crashing = new WorkRepository(new DiesBeforeManifest(store), Clock.systemUTC());
        assertThatThrownBy(() -> crashing.update("w1", w -> w.withStatus(WorkStatus.SCHEDULED, null)));
        WorkRepository later = new WorkRepository(store, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11)));

        assertThat(later.inStatus(WorkStatus.SCHEDULED)).extracting(Work::id).containsExactly("w2");

        assertThat(marker(WorkStatus.SCHEDULED, "w1")).as("stale and wrong").isEmpty();
        assertThat(marker(WorkStatus.SCHEDULED, "w2")).as("stale but right").isPresent();
        assertThat(later.inStatus(WorkStatus.PROCESSING)).extracting(Work::id).containsExactly("w1");
    }

    @Test
    void aMarkerWhoseManifestIsGoneIsDeletedOnceStale() {
        store.put(
                StatusMarkers.key(WorkStatus.IN_REVIEW, "gone"),
                InputStream.nullInputStream(),
                0,
                "application/octet-stream");
        assertThat(ids(WorkStatus.IN_REVIEW)).isEmpty();
        assertThat(marker(WorkStatus.IN_REVIEW, "gone")).isPresent();

        new WorkRepository(store, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11)))
                .inStatus(WorkStatus.IN_REVIEW);

        assertThat(marker(WorkStatus.IN_REVIEW, "gone")).isEmpty();
    }

    @Test
    void aStoreWrittenBeforeMarkersIsMarkedOnceByTheFirstReader() {
        writtenWithoutMarker(aWork("old1", WorkStatus.IN_REVIEW));
        writtenWithoutMarker(aWork("old2", WorkStatus.PUBLISHED));
        writtenWithoutMarker(aWork("old3", WorkStatus.SCHEDULED));

        assertThat(ids(WorkStatus.IN_REVIEW)).containsExactly("old1");
        assertThat(ids(WorkStatus.SCHEDULED)).containsExactly("old3");
        assertThat(store.stat(StatusMarkers.BACKFILLED)).isPresent();

        // Only the first reader of the store scans it: later manifests without a marker stay unlisted.
        writtenWithoutMarker(aWork("old4", WorkStatus.IN_REVIEW));
        assertThat(ids(WorkStatus.IN_REVIEW)).containsExactly("old1");
        assertThat(new WorkRepository(store, Clock.systemUTC()).inStatus(WorkStatus.IN_REVIEW))
                .extracting(Work::id)
                .containsExactly("old1");
    }

    @Test
    void anUnreadableManifestIsSkippedByTheBackfill() {
        writtenWithoutMarker(aWork("good", WorkStatus.IN_REVIEW));
        store.put(
                WorkRepository.manifestKey("broken"),
                new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)),
                9,
                "application/json");

        assertThat(ids(WorkStatus.IN_REVIEW)).containsExactly("good");
    }

    @Test
    void aMarkedWorkWhoseManifestIsUnreadableIsLeftOutOfTheListing() {
        works.create(aWork("good", WorkStatus.IN_REVIEW));
        assertThat(ids(WorkStatus.IN_REVIEW)).containsExactly("good");
        store.put(
                WorkRepository.manifestKey("broken"),
                new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)),
                9,
                "application/json");
        store.put(
                StatusMarkers.key(WorkStatus.IN_REVIEW, "broken"),
                InputStream.nullInputStream(),
                0,
                "application/octet-stream");

        assertThat(ids(WorkStatus.IN_REVIEW)).containsExactly("good");
    }

    @Test
    void onlyStatusesWithMarkersCanBeListed() {
        assertThatThrownBy(() -> works.inStatus(WorkStatus.PUBLISHED)).isInstanceOf(IllegalArgumentException.class);
        assertThat(WorkRepository.listedByStatus(WorkStatus.IN_REVIEW)).isTrue();
        assertThat(WorkRepository.listedByStatus(WorkStatus.APPROVED)).isFalse();
    }

    private List<String> ids(WorkStatus status) {
        return works.inStatus(status).stream().map(Work::id).toList();
    }

    private Optional<ObjectStore.ObjectInfo> marker(WorkStatus status, String id) {
        return store.stat(StatusMarkers.key(status, id));
    }

    private void writtenWithoutMarker(Work work) {
        try {
            store.putIfAbsent(
                    WorkRepository.manifestKey(work.id()),
                    JsonObjects.MAPPER.writeValueAsBytes(work.stamped(1, Instant.now(), null)),
                    "application/json");
        } catch (PreconditionFailedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Work aWork(String id, WorkStatus status) {
        Instant now = Instant.now();
        WorkMetadata metadata = new WorkMetadata(
                "黑洞", "引力", "article", List.of("物理"), List.of("public"), "CC-BY-4.0", List.of(), false);
        return new Work(id, 0, "alice", metadata, status, null, List.of(), null, now, now);
    }

    /** A store whose process dies just before it replaces a manifest: every write before that one lands. */
    private static final class DiesBeforeManifest implements ObjectStore {

        private final ObjectStore delegate;

        DiesBeforeManifest(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public ObjectInfo putIfMatch(String key, byte[] content, String contentType, String etag) {
            throw new IllegalStateException("the process died before writing " + key);
        }

        @Override
        public ObjectInfo put(String key, InputStream content, long size, String contentType) {
            return delegate.put(key, content, size, contentType);
        }

        @Override
        public ObjectInfo putIfAbsent(String key, byte[] content, String contentType)
                throws PreconditionFailedException {
            return delegate.putIfAbsent(key, content, contentType);
        }

        @Override
        public Optional<Blob> read(String key) {
            return delegate.read(key);
        }

        @Override
        public Optional<InputStream> open(String key) {
            return delegate.open(key);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            return delegate.stat(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) {
            return delegate.list(prefix);
        }

        @Override
        public void delete(String key) {
            delegate.delete(key);
        }

        @Override
        public Optional<URI> presignedGet(String key, Duration ttl) {
            return delegate.presignedGet(key, ttl);
        }
    }
}
