package org.kepu.search.index;

/** What became of a write: applied, or refused because the index already holds a later revision. */
public enum WriteOutcome {
    APPLIED,
    STALE
}
