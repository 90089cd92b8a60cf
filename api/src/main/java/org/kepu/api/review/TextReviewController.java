package org.kepu.api.review;

import static org.kepu.api.problem.ReviewProblems.blocking;

import java.util.List;
import org.kepu.api.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Ad-hoc checks, stored findings and diffs between versions. */
@RestController
class TextReviewController {

    private final TextReviewService service;

    TextReviewController(TextReviewService service) {
        this.service = service;
    }

    record CheckRequest(String text) {}

    @PostMapping(path = "/api/v1/checks", consumes = MediaType.TEXT_PLAIN_VALUE)
    Mono<TextReviewService.CheckResult> checkText(@AuthenticationPrincipal Jwt jwt, @RequestBody String text) {
        return blocking(() -> service.check(Caller.of(jwt), text));
    }

    @PostMapping(path = "/api/v1/checks", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<TextReviewService.CheckResult> checkJson(@AuthenticationPrincipal Jwt jwt, @RequestBody CheckRequest request) {
        return blocking(() -> service.check(Caller.of(jwt), request.text()));
    }

    @GetMapping("/api/v1/works/{id}/versions/{number}/findings")
    Mono<List<FindingRegions.LocatedFinding>> findings(
            @AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable int number) {
        return blocking(() -> service.findings(Caller.of(jwt), id, number));
    }

    @GetMapping("/api/v1/works/{id}/diff")
    Mono<TextReviewService.DiffResult> diff(
            @AuthenticationPrincipal Jwt jwt, @PathVariable String id, @RequestParam int from, @RequestParam int to) {
        return blocking(() -> service.diff(Caller.of(jwt), id, from, to));
    }
}
