package org.kepu.ingestion.work;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The review state of a work, kept in its manifest so that every change to it is one compare-and-set:
 * who is assigned, what they decided on which version, what the screening found, and where the work was
 * published or why it was retracted. Lists are never null, so old manifests without it load as {@link #NONE}.
 *
 * @param requiredApprovals distinct approvals of the current version needed before publication
 * @param deadline when reviewers should have decided (emergency works); null otherwise
 */
public record Review(
        int requiredApprovals,
        Instant deadline,
        List<Assignment> assignments,
        List<Decision> decisions,
        List<FindingsSummary> findings,
        Publication publication,
        Retraction retraction,
        List<Placement> placements) {

    public static final Review NONE = new Review(1, null, List.of(), List.of(), List.of(), null, null, List.of());

    public Review {
        requiredApprovals = Math.max(1, requiredApprovals);
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        findings = findings == null ? List.of() : List.copyOf(findings);
        placements = placements == null ? List.of() : List.copyOf(placements);
    }

    public enum Verdict {
        APPROVE,
        REQUEST_CHANGES,
        REJECT
    }

    /**
     * A reviewer's assignment to the work. Old manifests carry only the first two fields.
     *
     * @param replaces the reviewer this one took over from; null for a first assignment
     * @param reason why the work moved from that reviewer: {@code deadline} or {@code conflict}; null if it did not
     * @param overdueSince when the reviewer's time ran out while nobody else could take over; null otherwise
     */
    public record Assignment(
            String reviewer, Instant assignedAt, String replaces, String reason, Instant overdueSince) {

        public Assignment(String reviewer, Instant assignedAt) {
            this(reviewer, assignedAt, null, null, null);
        }

        public Assignment overdue(Instant since) {
            return new Assignment(reviewer, assignedAt, replaces, reason, since);
        }
    }

    /** A span of the extracted text of the decided version, with the reviewer's remark on it. */
    public record Comment(int start, int end, String text) {}

    /** A decision is bound to one version and its digest; a later version makes it history. */
    public record Decision(
            String reviewer,
            int version,
            String digest,
            Verdict decision,
            String summary,
            List<Comment> comments,
            Instant decidedAt) {

        public Decision {
            comments = comments == null ? List.of() : List.copyOf(comments);
        }

        public boolean isFor(Version v) {
            return version == v.number() && v.digest().equals(digest);
        }
    }

    /**
     * What the automated screening found in one version; the findings themselves are an object beside it.
     *
     * @param sensitiveTerms the distinct health, medical and emergency terms found in the version's text,
     *     which can make it need as many approvals as a work that declares such a topic
     */
    public record FindingsSummary(
            int version,
            String digest,
            int blockers,
            int warnings,
            int infos,
            Instant screenedAt,
            List<String> sensitiveTerms) {

        public FindingsSummary {
            sensitiveTerms = sensitiveTerms == null ? List.of() : List.copyOf(sensitiveTerms);
        }

        public FindingsSummary(int version, String digest, int blockers, int warnings, int infos, Instant screenedAt) {
            this(version, digest, blockers, warnings, infos, screenedAt, List.of());
        }

        public FindingsSummary withSensitiveTerms(List<String> terms) {
            return new FindingsSummary(version, digest, blockers, warnings, infos, screenedAt, terms);
        }
    }

    /** @param note what an editor says of this publication, e.g. what a correction changed; may be null */
    public record Publication(
            List<String> channels, Instant publishAt, Instant publishedAt, String editor, String note) {
        public Publication {
            channels = channels == null ? List.of() : List.copyOf(channels);
        }

        public Publication(List<String> channels, Instant publishAt, Instant publishedAt, String editor) {
            this(channels, publishAt, publishedAt, editor, null);
        }
    }

    /** How a work's presence in a channel last changed. */
    public enum Move {
        /** It appeared, for the first time or again after it had left. */
        PUBLISHED,
        /** A newly approved version replaced the one the channel had. */
        UPDATED,
        /** It left: published again to other channels, or a new version is under review. */
        UNPUBLISHED,
        RETRACTED
    }

    /**
     * A channel the work reached, kept after the work leaves it so that every outlet of the channel learns
     * of the departure, however late it looks.
     *
     * @param version the version the channel has, or had when the work left
     * @param live whether the work is in the channel now
     * @param seq grows by one with every move in this channel
     * @param note a correction note or the reason of a retraction; may be null
     */
    public record Placement(
            String channel,
            int version,
            boolean live,
            long seq,
            Move move,
            Instant firstPublishedAt,
            Instant changedAt,
            String note) {}

    public record Retraction(String reason, String editor, Instant retractedAt) {}

    public Optional<FindingsSummary> findingsOf(int version) {
        return findings.stream().filter(f -> f.version() == version).findFirst();
    }

    public List<Decision> decisionsFor(Version v) {
        return decisions.stream().filter(d -> d.isFor(v)).toList();
    }

    /** Distinct reviewers who approved exactly this version. */
    public long approvalsFor(Version v) {
        return decisionsFor(v).stream()
                .filter(d -> d.decision() == Verdict.APPROVE)
                .map(Decision::reviewer)
                .distinct()
                .count();
    }

    public boolean isAssigned(String reviewer) {
        return assignments.stream().anyMatch(a -> a.reviewer().equals(reviewer));
    }

    public Review withRequiredApprovals(int required, Instant newDeadline) {
        return new Review(required, newDeadline, assignments, decisions, findings, publication, retraction, placements);
    }

    public Review plusAssignments(List<Assignment> added) {
        List<Assignment> copy = new ArrayList<>(assignments);
        copy.addAll(added);
        return new Review(requiredApprovals, deadline, copy, decisions, findings, publication, retraction, placements);
    }

    /** Replaces the assignments, as when a work moves from one reviewer to another. */
    public Review withAssignments(List<Assignment> changed) {
        return new Review(
                requiredApprovals, deadline, changed, decisions, findings, publication, retraction, placements);
    }

    public Review plusDecision(Decision added) {
        List<Decision> copy = new ArrayList<>(decisions);
        copy.add(added);
        return new Review(
                requiredApprovals, deadline, assignments, copy, findings, publication, retraction, placements);
    }

    /** Records the screening of a version, replacing an earlier summary of the same version. */
    public Review withFindings(FindingsSummary summary) {
        List<FindingsSummary> copy = new ArrayList<>(findings);
        copy.removeIf(f -> f.version() == summary.version());
        copy.add(summary);
        return new Review(
                requiredApprovals, deadline, assignments, decisions, copy, publication, retraction, placements);
    }

    public Review withPublication(Publication newPublication) {
        return new Review(
                requiredApprovals, deadline, assignments, decisions, findings, newPublication, retraction, placements);
    }

    public Review withPlacements(List<Placement> newPlacements) {
        return new Review(
                requiredApprovals, deadline, assignments, decisions, findings, publication, retraction, newPlacements);
    }

    public Optional<Placement> placementIn(String channel) {
        return placements.stream().filter(p -> p.channel().equals(channel)).findFirst();
    }

    public Review withRetraction(Retraction newRetraction) {
        return new Review(
                requiredApprovals, deadline, assignments, decisions, findings, publication, newRetraction, placements);
    }
}
