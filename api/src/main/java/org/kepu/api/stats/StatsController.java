package org.kepu.api.stats;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.MetadataNames;
import org.kepu.review.stats.Grouping;
import org.kepu.review.stats.StatsReport;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /api/v1/stats}: JSON, or CSV for a spreadsheet with {@code Accept: text/csv}. */
@RestController
class StatsController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private static final String DATE = "\\d{4}-\\d{2}-\\d{2}";
    private static final String DATE_RULE = "must be a date such as 2026-11-29";
    private static final String GROUPINGS = "(?i)month|topic|kind|audience|channel|creator|reviewer";
    private static final String CHANNEL = "[a-z0-9._-]{1,64}";

    private final StatsService stats;

    StatsController(StatsService stats) {
        this.stats = stats;
    }

    /** One handler for both formats; the API description names the typed JSON answer and the CSV. */
    @GetMapping("/api/v1/stats")
    @Operation(summary = "Statistics of submissions, review, screening and distribution")
    @ApiResponse(
            responseCode = "200",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = StatsReport.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
            })
    Mono<ResponseEntity<Object>> stats(
            @AuthenticationPrincipal Jwt jwt,
            @RequestParam(required = false) @Pattern(regexp = DATE, message = DATE_RULE) String from,
            @RequestParam(required = false) @Pattern(regexp = DATE, message = DATE_RULE) String to,
            @RequestParam(required = false) @Size(min = 1, max = 200) String topic,
            @RequestParam(required = false) @MetadataName(MetadataName.Vocabulary.KIND) String kind,
            @RequestParam(required = false) @MetadataName(MetadataName.Vocabulary.AUDIENCE) String audience,
            @RequestParam(required = false) @Pattern(regexp = CHANNEL, message = "must be a channel name")
                    String channel,
            @RequestParam(required = false) @Size(min = 1, max = 200) String discipline,
            @RequestParam(required = false)
                    @Pattern(
                            regexp = GROUPINGS,
                            message = "must be month, topic, kind, audience, channel, creator or reviewer")
                    String groupBy,
            ServerHttpRequest request) {
        Caller caller = Caller.of(jwt);
        boolean csv = request.getHeaders().getAccept().stream()
                .anyMatch(accepted -> accepted.getType().equals("text")
                        && accepted.getSubtype().equals("csv"));
        StatsService.Filters filters = new StatsService.Filters(
                date("from", from),
                date("to", to),
                Optional.ofNullable(topic),
                Optional.ofNullable(kind).flatMap(MetadataNames::kind),
                Optional.ofNullable(audience).flatMap(MetadataNames::audience),
                Optional.ofNullable(channel),
                Optional.ofNullable(discipline),
                Optional.ofNullable(groupBy).flatMap(Grouping::named));
        if (filters.from().isPresent()
                && filters.to().isPresent()
                && filters.to().get().isBefore(filters.from().get())) {
            throw new Problem(HttpStatus.BAD_REQUEST, "bad-stats-request", "'to' is before 'from'.");
        }
        return Mono.fromCallable(() -> stats.report(caller, filters))
                .subscribeOn(Schedulers.boundedElastic())
                .map(report -> csv
                        ? ResponseEntity.ok().contentType(CSV).body(StatsCsv.render(report))
                        : ResponseEntity.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .body(report));
    }

    /** A calendar date; the pattern has checked its form, this its month and day. */
    private static Optional<LocalDate> date(String name, String value) {
        try {
            return Optional.ofNullable(value).map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            throw new Problem(HttpStatus.BAD_REQUEST, "bad-stats-request", "'" + name + "' " + DATE_RULE + ".");
        }
    }
}
