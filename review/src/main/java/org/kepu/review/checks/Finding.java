package org.kepu.review.checks;

import java.util.Objects;

/**
 * One thing an expert should look at.
 *
 * @param rule stable rule id, e.g. {@code myth.health.collagen} or {@code value.speed_of_sound}
 * @param start char offset of the span in the screened text, inclusive
 * @param end char offset, exclusive
 * @param excerpt the text of the span, shortened when long
 * @param message what is wrong and what to do about it, in Chinese, for the creator
 * @param source the authority or standard behind the message
 * @param otherWorkId the other work the message names (a near-duplicate), or null; stored in full so that
 *     reviewers see it, and left out by {@link #withoutOtherWork()} for readers who may not read that work
 * @param entryId the knowledge base entry the finding comes from (a myth, rumour or reference value), or
 *     null; findings stored before entries existed read as null
 * @param sourceUrl where the creator can read the source named by {@code source}, or null
 */
public record Finding(
        String rule,
        Severity severity,
        int start,
        int end,
        String excerpt,
        String message,
        String source,
        String otherWorkId,
        String entryId,
        String sourceUrl) {

    private static final int MAX_EXCERPT = 80;

    /** A finding that cites no knowledge base entry. */
    public Finding(
            String rule,
            Severity severity,
            int start,
            int end,
            String excerpt,
            String message,
            String source,
            String otherWorkId) {
        this(rule, severity, start, end, excerpt, message, source, otherWorkId, null, null);
    }

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end + " for " + rule);
        }
        excerpt = excerpt == null ? "" : excerpt;
        source = source == null ? "" : source;
    }

    /**
     * Whether the finding is about the work as a whole (a missing licence, references or title) rather than
     * about its span, which then only shows where the work begins: such a finding points at no line of a
     * picture.
     */
    public boolean aboutTheWholeWork() {
        return MetadataCheck.aboutTheWholeWork(rule);
    }

    /** Builds a finding whose excerpt is cut from {@code text}. */
    static Finding of(String rule, Severity severity, String text, int start, int end, String message, String source) {
        String span = text.substring(start, end);
        String excerpt = span.length() <= MAX_EXCERPT ? span : span.substring(0, MAX_EXCERPT - 1) + "…";
        return new Finding(rule, severity, start, end, excerpt, message, source, null);
    }

    /** The same finding naming {@code workId} as the other work it is about. */
    Finding about(String workId) {
        return new Finding(rule, severity, start, end, excerpt, message, source, workId, entryId, sourceUrl);
    }

    /**
     * The same finding citing the entry it comes from: its id, its source's title (when it has one, so a
     * finding names the source the entry holds now) and its link.
     */
    public Finding citing(String entry, String title, String url) {
        String named = title == null || title.isBlank() ? source : title;
        return new Finding(rule, severity, start, end, excerpt, message, named, otherWorkId, entry, url);
    }

    /**
     * The finding as told to a reader who may not read the other work: that it exists, never its id or
     * title. Duplicate findings stored before the id was kept separately are told the same way, since
     * their message names the work.
     */
    public Finding withoutOtherWork() {
        if (otherWorkId == null && !NearDuplicateCheck.RULE.equals(rule)) {
            return this;
        }
        return new Finding(
                rule,
                severity,
                start,
                end,
                excerpt,
                NearDuplicateCheck.anonymous(severity),
                source,
                null,
                entryId,
                sourceUrl);
    }

    public boolean isBlocker() {
        return severity == Severity.BLOCKER;
    }
}
