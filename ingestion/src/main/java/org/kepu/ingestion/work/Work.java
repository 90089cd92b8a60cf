package org.kepu.ingestion.work;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manifest of a work: the only mutable object per work, replaced as a whole by compare-and-set.
 * {@code revision} grows by one with every change and orders every derived copy (index, feeds).
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
        Review review) {

    public Work {
        versions = List.copyOf(versions);
        review = review == null ? Review.NONE : review;
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
                id, revision, owner, metadata, newStatus, reason, versions, lease, createdAt, updatedAt, review);
    }

    public Work withLease(Lease newLease) {
        return new Work(
                id, revision, owner, metadata, status, statusReason, versions, newLease, createdAt, updatedAt, review);
    }

    public Work withVersion(Version replaced) {
        List<Version> copy = new ArrayList<>(versions);
        copy.replaceAll(v -> v.number() == replaced.number() ? replaced : v);
        return new Work(id, revision, owner, metadata, status, statusReason, copy, lease, createdAt, updatedAt, review);
    }

    public Work plusVersion(Version added) {
        List<Version> copy = new ArrayList<>(versions);
        copy.add(added);
        return new Work(id, revision, owner, metadata, status, statusReason, copy, lease, createdAt, updatedAt, review);
    }

    public Work withReview(Review newReview) {
        return new Work(
                id, revision, owner, metadata, status, statusReason, versions, lease, createdAt, updatedAt, newReview);
    }

    Work stamped(long newRevision, Instant now) {
        return new Work(
                id, newRevision, owner, metadata, status, statusReason, versions, lease, createdAt, now, review);
    }
}
