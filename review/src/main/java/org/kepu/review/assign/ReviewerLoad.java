package org.kepu.review.assign;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;

/**
 * The reviewers and how busy they are. Load is counted from the manifests (works in review that a
 * reviewer has not yet decided on), so it is never out of step with them. Blocking; reads the manifests
 * of the works in review only, found by their status markers.
 */
public class ReviewerLoad {

    private final WorkRepository works;
    private final ReviewerRegistry registry;

    public ReviewerLoad(WorkRepository works, ReviewerRegistry registry) {
        this.works = works;
        this.registry = registry;
    }

    public List<Reviewer> reviewers() {
        return registry.all();
    }

    public List<Work> inReview() {
        return works.inStatus(WorkStatus.IN_REVIEW);
    }

    /** Per reviewer, how many of these works wait for their decision. */
    public static Map<String, Integer> load(List<Work> inReview) {
        Map<String, Integer> load = new HashMap<>();
        for (Work work : inReview) {
            for (Assignment a : work.review().assignments()) {
                if (!decided(work, a.reviewer())) {
                    load.merge(a.reviewer(), 1, Integer::sum);
                }
            }
        }
        return load;
    }

    /** Whether the reviewer decided on the current version already. */
    public static boolean decided(Work work, String reviewer) {
        Version current = work.current();
        return work.review().decisionsFor(current).stream()
                .anyMatch(d -> d.reviewer().equals(reviewer));
    }
}
