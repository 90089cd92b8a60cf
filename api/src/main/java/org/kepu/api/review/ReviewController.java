package org.kepu.api.review;

import static org.kepu.api.problem.ReviewProblems.blocking;

import java.net.URI;
import java.util.List;
import org.kepu.api.search.SearchService;
import org.kepu.api.security.Caller;
import org.kepu.api.works.WorkView;
import org.kepu.ingestion.work.Work;
import org.kepu.review.assign.Reviewer;
import org.kepu.review.lifecycle.DecisionRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Decisions, the reviewer's queue and the reviewer registry. */
@RestController
class ReviewController {

    private final ReviewService service;
    private final SearchService search;

    ReviewController(ReviewService service, SearchService search) {
        this.service = service;
        this.search = search;
    }

    @PostMapping("/api/v1/works/{id}/reviews")
    Mono<ResponseEntity<WorkView>> decide(
            @AuthenticationPrincipal Jwt jwt, @PathVariable String id, @RequestBody DecisionRequest request) {
        return blocking(() -> {
                    Work decided = service.decide(Caller.of(jwt), id, request);
                    // lists by status read the index: the work leaves the reviewer's "in review" at once
                    search.indexCommitted(id);
                    return decided;
                })
                .map(work -> ResponseEntity.created(URI.create("/api/v1/works/" + id))
                        .body(WorkView.of(work)));
    }

    @GetMapping("/api/v1/review/queue")
    Mono<List<ReviewService.QueueItem>> queue(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> service.queue(Caller.of(jwt)));
    }

    /** Takes on works in review still short of reviewers the caller may review; answers the queue. */
    @PostMapping("/api/v1/review/queue")
    Mono<List<ReviewService.QueueItem>> takeOn(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> service.takeOn(Caller.of(jwt)));
    }

    @GetMapping("/api/v1/review/overdue")
    Mono<List<ReviewService.OverdueItem>> overdue(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> service.overdue(Caller.of(jwt)));
    }

    @PutMapping("/api/v1/reviewers/{id}")
    Mono<Reviewer> putReviewer(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @RequestBody ReviewService.ReviewerRequest request) {
        return blocking(() -> service.putReviewer(Caller.of(jwt), id, request));
    }

    @GetMapping("/api/v1/reviewers/{id}")
    Mono<Reviewer> reviewer(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return blocking(() -> service.reviewer(Caller.of(jwt), id));
    }

    @GetMapping("/api/v1/reviewers")
    Mono<List<Reviewer>> reviewers(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> service.reviewers(Caller.of(jwt)));
    }
}
