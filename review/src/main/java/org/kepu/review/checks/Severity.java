package org.kepu.review.checks;

/** How strongly a finding should stop a work: a blocker must be resolved before review can pass. */
public enum Severity {
    BLOCKER,
    WARNING,
    INFO
}
