package org.kepu.api.review;

import java.util.List;
import java.util.Set;
import org.kepu.api.security.Caller;
import org.kepu.review.publication.DuePublications;
import org.springframework.context.ApplicationContext;

/** The review's steps, run on demand by benchmarks outside this package. */
public final class ReviewSteps {

    private ReviewSteps() {}

    /** One scan of the publication scheduler; returns how many scheduled works it published. */
    public static int publishDue(ApplicationContext context) {
        return context.getBean(DuePublications.class).publishDue();
    }

    /** The reviewer's queue as the service answers it, without HTTP; returns its length. */
    public static int queueLength(ApplicationContext context, String reviewer) {
        Caller caller = new Caller(reviewer, Set.of(Caller.REVIEWER), List.of(), null);
        return context.getBean(ReviewService.class).queue(caller).size();
    }
}
