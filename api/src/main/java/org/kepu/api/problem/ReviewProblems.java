package org.kepu.api.problem;

import java.util.concurrent.Callable;
import org.kepu.review.lifecycle.IllegalTransitionException;
import org.kepu.review.lifecycle.ReviewException;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Turns refused review steps into problem documents, and runs blocking review work off the event loop. */
public final class ReviewProblems {

    private ReviewProblems() {}

    public static Problem of(ReviewException e) {
        return switch (e.kind()) {
            case CONFLICT ->
                new Problem(
                        HttpStatus.CONFLICT,
                        e instanceof IllegalTransitionException ? "illegal-transition" : "conflict",
                        e.getMessage(),
                        e.details());
            case FORBIDDEN -> new Problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage(), e.details());
            case INVALID ->
                new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", e.getMessage(), e.details());
            case NOT_FOUND -> new Problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), e.details());
        };
    }

    /** Runs the call, answering a refused review step with its problem document. */
    public static <T> T translated(Callable<T> call) {
        try {
            return call.call();
        } catch (ReviewException e) {
            throw of(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(() -> translated(call)).subscribeOn(Schedulers.boundedElastic());
    }

    public static Problem invalid(String detail) {
        return new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", detail);
    }
}
