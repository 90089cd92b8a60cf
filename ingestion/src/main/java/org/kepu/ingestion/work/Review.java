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
        Retraction retraction) {

    public static final Review NONE = new Review(1, null, List.of(), List.of(), List.of(), null, null);

    public Review {
        requiredApprovals = Math.max(1, requiredApprovals);
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    public enum Verdict {
        APPROVE,
        REQUEST_CHANGES,
        REJECT
    }

    public record Assignment(String reviewer, Instant assignedAt) {}

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

    /** What the automated screening found in one version; the findings themselves are an object beside it. */
    public record FindingsSummary(
            int version, String digest, int blockers, int warnings, int infos, Instant screenedAt) {}

    public record Publication(List<String> channels, Instant publishAt, Instant publishedAt, String editor) {
        public Publication {
            channels = channels == null ? List.of() : List.copyOf(channels);
        }
    }

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
        return new Review(required, newDeadline, assignments, decisions, findings, publication, retraction);
    }

    public Review plusAssignments(List<Assignment> added) {
        List<Assignment> copy = new ArrayList<>(assignments);
        copy.addAll(added);
        return new Review(requiredApprovals, deadline, copy, decisions, findings, publication, retraction);
    }

    public Review plusDecision(Decision added) {
        List<Decision> copy = new ArrayList<>(decisions);
        copy.add(added);
        return new Review(requiredApprovals, deadline, assignments, copy, findings, publication, retraction);
    }

    /** Records the screening of a version, replacing an earlier summary of the same version. */
    public Review withFindings(FindingsSummary summary) {
        List<FindingsSummary> copy = new ArrayList<>(findings);
        copy.removeIf(f -> f.version() == summary.version());
        copy.add(summary);
        return new Review(requiredApprovals, deadline, assignments, decisions, copy, publication, retraction);
    }

    public Review withPublication(Publication newPublication) {
        return new Review(requiredApprovals, deadline, assignments, decisions, findings, newPublication, retraction);
    }

    public Review withRetraction(Retraction newRetraction) {
        return new Review(requiredApprovals, deadline, assignments, decisions, findings, publication, newRetraction);
    }
}
