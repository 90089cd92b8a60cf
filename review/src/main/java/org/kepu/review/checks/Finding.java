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
 */
public record Finding(
        String rule,
        Severity severity,
        int start,
        int end,
        String excerpt,
        String message,
        String source,
        String otherWorkId) {

    private static final int MAX_EXCERPT = 80;

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

    /** Builds a finding whose excerpt is cut from {@code text}. */
    static Finding of(String rule, Severity severity, String text, int start, int end, String message, String source) {
        String span = text.substring(start, end);
        String excerpt = span.length() <= MAX_EXCERPT ? span : span.substring(0, MAX_EXCERPT - 1) + "…";
        return new Finding(rule, severity, start, end, excerpt, message, source, null);
    }

    /** The same finding naming {@code workId} as the other work it is about. */
    Finding about(String workId) {
        return new Finding(rule, severity, start, end, excerpt, message, source, workId);
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
        return new Finding(rule, severity, start, end, excerpt, NearDuplicateCheck.anonymous(severity), source, null);
    }

    public boolean isBlocker() {
        return severity == Severity.BLOCKER;
    }
}
