package org.kepu.api.review;

import static org.kepu.api.problem.ReviewProblems.blocking;

import org.kepu.api.search.SearchService;
import org.kepu.api.security.Caller;
import org.kepu.api.works.WorkView;
import org.kepu.ingestion.work.Work;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Publication and retraction of works, by editors. */
@RestController
class PublicationController {

    private final PublicationService service;
    private final SearchService search;

    PublicationController(PublicationService service, SearchService search) {
        this.service = service;
        this.search = search;
    }

    @PostMapping("/api/v1/works/{id}/publication")
    Mono<WorkView> publish(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @RequestBody PublicationService.PublicationRequest request) {
        return blocking(() -> WorkView.of(indexed(service.publish(Caller.of(jwt), id, request))));
    }

    /** Takes the work out of the named channels (all without a body); outlets there get a tombstone. */
    @PostMapping("/api/v1/works/{id}/unpublication")
    Mono<WorkView> unpublish(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @RequestBody(required = false) PublicationService.UnpublicationRequest request) {
        return blocking(() -> WorkView.of(indexed(service.unpublish(Caller.of(jwt), id, request))));
    }

    @PostMapping("/api/v1/works/{id}/retraction")
    Mono<WorkView> retract(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @RequestBody PublicationService.RetractionRequest request) {
        return blocking(() -> WorkView.of(indexed(service.retract(Caller.of(jwt), id, request))));
    }

    /** Outlets' feeds and search read the index: they show the change as soon as this request answers. */
    private Work indexed(Work work) {
        search.indexCommitted(work.id());
        return work;
    }
}
