package org.kepu.review.checks;

import java.util.List;

/** The findings of one screening, sorted by position in the text. */
public record ScreeningReport(List<Finding> findings) {

    public ScreeningReport {
        findings = List.copyOf(findings);
    }

    public boolean hasBlocker() {
        return findings.stream().anyMatch(Finding::isBlocker);
    }

    public List<Finding> blockers() {
        return findings.stream().filter(Finding::isBlocker).toList();
    }
}
