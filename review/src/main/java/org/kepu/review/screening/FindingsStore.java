package org.kepu.review.screening;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.Severity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The findings of a version as an immutable object beside it ({@code works/{id}/v{n}/findings.json}).
 * Written once with {@code If-None-Match: *}: when extraction is retried after a crash, the first
 * screening stands and is what reviewers saw. Blocking.
 */
public class FindingsStore {

    /**
     * The stored object: the findings and what they were computed from.
     *
     * @param newFindings findings the knowledge base's changes added since the version was first
     *     screened (0 in objects written before it existed)
     * @param rescreenedAt when the knowledge base's last change was screened for, or null
     */
    public record StoredFindings(
            String workId,
            int version,
            String digest,
            Instant screenedAt,
            List<Finding> findings,
            Integer newFindings,
            Instant rescreenedAt) {

        public StoredFindings {
            findings = findings == null ? List.of() : List.copyOf(findings);
            newFindings = newFindings == null ? 0 : newFindings;
        }

        public StoredFindings(String workId, int version, String digest, Instant screenedAt, List<Finding> findings) {
            this(workId, version, digest, screenedAt, findings, 0, null);
        }

        public FindingsSummary summary() {
            return new FindingsSummary(
                    version,
                    digest,
                    count(Severity.BLOCKER),
                    count(Severity.WARNING),
                    count(Severity.INFO),
                    screenedAt);
        }

        private int count(Severity severity) {
            return (int) findings.stream().filter(f -> f.severity() == severity).count();
        }
    }

    private final ObjectStore store;
    private final Clock clock;
    private final JsonMapper json = JsonObjects.MAPPER;

    public FindingsStore(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static String key(String workId, int version) {
        return WorkRepository.versionKey(workId, version, "findings.json");
    }

    /** The stored findings of a version; empty if it was not screened. */
    public List<Finding> findings(String workId, int version) {
        return read(workId, version).map(StoredFindings::findings).orElse(List.of());
    }

    public Optional<StoredFindings> read(String workId, int version) {
        return store.read(key(workId, version)).map(blob -> json.readValue(blob.content(), StoredFindings.class));
    }

    /**
     * Replaces the stored findings of a version screened before with what {@code change} makes of them, by
     * compare-and-set, retried when another instance wrote in between; empty when nothing was stored, the
     * digest is not the stored one, or the change keeps them as they are.
     */
    public Optional<StoredFindings> replace(
            String workId, int version, String digest, UnaryOperator<StoredFindings> change) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<ObjectStore.Blob> blob = store.read(key(workId, version));
            if (blob.isEmpty()) {
                return Optional.empty();
            }
            StoredFindings old = json.readValue(blob.get().content(), StoredFindings.class);
            if (!digest.equals(old.digest())) {
                return Optional.empty();
            }
            StoredFindings next = change.apply(old);
            if (next == old) {
                return Optional.empty();
            }
            try {
                store.putIfMatch(
                        key(workId, version),
                        json.writeValueAsBytes(next),
                        "application/json",
                        blob.get().etag());
                return Optional.of(next);
            } catch (PreconditionFailedException raced) {
                // another instance re-screened meanwhile: apply the change to what it wrote
            }
        }
        throw new IllegalStateException("findings of " + workId + " v" + version + " kept changing");
    }

    /** The findings of the version, screening it only if no findings were stored before. */
    public StoredFindings storeOnce(String workId, Version version, Supplier<List<Finding>> screen) {
        Optional<StoredFindings> existing = read(workId, version.number());
        if (existing.isPresent() && version.digest().equals(existing.get().digest())) {
            return existing.get();
        }
        StoredFindings fresh =
                new StoredFindings(workId, version.number(), version.digest(), clock.instant(), screen.get());
        try {
            store.putIfAbsent(key(workId, version.number()), json.writeValueAsBytes(fresh), "application/json");
            return fresh;
        } catch (PreconditionFailedException raced) {
            return read(workId, version.number()).orElse(fresh);
        }
    }
}
