package org.kepu.ingestion.work;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest of a work: the only mutable object per work, replaced as a whole by compare-and-set.
 * {@code revision} grows by one with every change and orders every derived copy (index, feeds).
 *
 * @param events what the change that made this revision records in the audit trail; the next revision
 *     replaces them, once they are in the trail
 * @param anchor the head of the audit trail right before {@code events}: a trail rewritten since, even
 *     with its digests recomputed, no longer leads to it. Null in manifests older than the anchor.
 */
public record Work(
        String id,
        long revision,
        String owner,
        WorkMetadata metadata,
        WorkStatus status,
        String statusReason,
        List<Version> versions,
        Lease lease,
        Instant createdAt,
        Instant updatedAt,
        Review review,
        List<PendingEvent> events,
        ChainHead anchor) {

    public Work {
        versions = List.copyOf(versions);
        review = review == null ? Review.NONE : review;
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** A work that records no events yet. */
    public Work(
            String id,
            long revision,
            String owner,
            WorkMetadata metadata,
            WorkStatus status,
            String statusReason,
            List<Version> versions,
            Lease lease,
            Instant createdAt,
            Instant updatedAt,
            Review review) {
        this(
                id,
                revision,
                owner,
                metadata,
                status,
                statusReason,
                versions,
                lease,
                createdAt,
                updatedAt,
                review,
                List.of(),
                null);
    }

    /** A work without review state yet, as created on upload. */
    public Work(
            String id,
            long revision,
            String owner,
            WorkMetadata metadata,
            WorkStatus status,
            String statusReason,
            List<Version> versions,
            Lease lease,
            Instant createdAt,
            Instant updatedAt) {
        this(id, revision, owner, metadata, status, statusReason, versions, lease, createdAt, updatedAt, Review.NONE);
    }

    public int currentVersion() {
        return versions.isEmpty() ? 0 : versions.get(versions.size() - 1).number();
    }

    public Optional<Version> version(int number) {
        return versions.stream().filter(v -> v.number() == number).findFirst();
    }

    public Version current() {
        return versions.get(versions.size() - 1);
    }

    public Work withStatus(WorkStatus newStatus, String reason) {
        return new Work(
                id, revision, owner, metadata, newStatus, reason, versions, lease, createdAt, updatedAt, review, events,
                anchor);
    }

    public Work withLease(Lease newLease) {
        return new Work(
                id,
                revision,
                owner,
                metadata,
                status,
                statusReason,
                versions,
                newLease,
                createdAt,
                updatedAt,
                review,
                events,
                anchor);
    }

    public Work withVersion(Version replaced) {
        List<Version> copy = new ArrayList<>(versions);
        copy.replaceAll(v -> v.number() == replaced.number() ? replaced : v);
        return withVersions(copy);
    }

    public Work plusVersion(Version added) {
        List<Version> copy = new ArrayList<>(versions);
        copy.add(added);
        return withVersions(copy);
    }

    private Work withVersions(List<Version> newVersions) {
        return new Work(
                id,
                revision,
                owner,
                metadata,
                status,
                statusReason,
                newVersions,
                lease,
                createdAt,
                updatedAt,
                review,
                events,
                anchor);
    }

    public Work withReview(Review newReview) {
        return new Work(
                id,
                revision,
                owner,
                metadata,
                status,
                statusReason,
                versions,
                lease,
                createdAt,
                updatedAt,
                newReview,
                events,
                anchor);
    }

    /** This change with one more event to record; the event is committed with the change or not at all. */
    public Work recording(String type, String actor, Integer version, Map<String, Object> data) {
        List<PendingEvent> more = new ArrayList<>(events);
        more.add(new PendingEvent(type, actor, version, data));
        return withEvents(more);
    }

    Work withEvents(List<PendingEvent> newEvents) {
        return new Work(
                id,
                revision,
                owner,
                metadata,
                status,
                statusReason,
                versions,
                lease,
                createdAt,
                updatedAt,
                review,
                newEvents,
                anchor);
    }

    Work stamped(long newRevision, Instant now, ChainHead newAnchor) {
        return new Work(
                id,
                newRevision,
                owner,
                metadata,
                status,
                statusReason,
                versions,
                lease,
                createdAt,
                now,
                review,
                events,
                newAnchor);
    }
}
