package org.kepu.api.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Work;
import org.kepu.review.checks.Finding;
import org.kepu.review.screening.FindingsStore;
import org.kepu.review.stats.WorkFacts;
import org.springframework.stereotype.Component;

/**
 * The statistics facts of a work as its index document carries them. Built when the work is indexed, so
 * statistics read the index alone; reading the findings of each screened version costs a small object each.
 */
@Component
public class StatsFacts {

    private final FindingsStore findings;

    StatsFacts(FindingsStore findings) {
        this.findings = findings;
    }

    public String json(Work work) {
        Map<Integer, List<Finding>> byVersion = new HashMap<>();
        for (FindingsSummary summary : work.review().findings()) {
            byVersion.put(summary.version(), findings.findings(work.id(), summary.version()));
        }
        return JsonObjects.MAPPER.writeValueAsString(WorkFacts.of(work, byVersion));
    }

    static WorkFacts parse(String json) {
        return JsonObjects.MAPPER.readValue(json, WorkFacts.class);
    }
}
