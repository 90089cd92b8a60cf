package org.kepu.search.index;

import java.util.Objects;

/**
 * What became of a write: applied; stale (the index already holds a later revision); or refused by the
 * index for this document alone (a mapping error, a document too large), with the index's reason. A
 * refusal is about the document, not the index: the other writes of the same bulk request stand.
 */
public record WriteOutcome(Kind kind, String reason) {

    public enum Kind {
        APPLIED,
        STALE,
        REFUSED
    }

    public static final WriteOutcome APPLIED = new WriteOutcome(Kind.APPLIED, "");
    public static final WriteOutcome STALE = new WriteOutcome(Kind.STALE, "");

    public WriteOutcome {
        Objects.requireNonNull(kind);
        reason = reason == null ? "" : reason;
    }

    public static WriteOutcome refused(String reason) {
        return new WriteOutcome(Kind.REFUSED, reason == null || reason.isBlank() ? "refused by the index" : reason);
    }

    public boolean refused() {
        return kind == Kind.REFUSED;
    }
}
