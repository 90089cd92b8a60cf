package org.kepu.api.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Every route of kepu × every persona → the status it must answer. Reading the table: an unreadable work
 * or channel is 404, so its existence is not revealed; a role that has no business on a route that exists
 * for every work is 403; no or a bad token is 401. Each row names the scenario's target it calls.
 *
 * <p>Columns: anonymous, owner creator A, other creator B, assigned reviewer R1, unassigned reviewer R2,
 * reviewer R3 with a conflict with A, editor, admin, entitled outlet O1, other outlet O2.
 */
final class AuthorisationMatrix {

    /** The same row on a real identity provider, where the development issuer is switched off. */
    enum Issuer {
        DEV,
        OIDC
    }

    /** One request. {@code body} is JSON unless {@code contentType} says otherwise. */
    record Call(HttpMethod method, String uri, MediaType contentType, Object body, MediaType accept) {}

    record Row(HttpMethod method, String template, Function<AccessScenario, Call> call, List<Integer> expected) {

        int expected(Persona p) {
            return expected.get(p.ordinal());
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** The answer to one persona on one row; {@code sent} is the request's URI and any text or JSON body. */
    record Answer(Row row, Persona persona, String uri, String sent, int status, String body) {}

    private static final String WORK = "/api/v1/works/{id}";
    private static final String ALL_BUT_ANONYMOUS = "401 200 200 200 200 200 200 200 200 200";
    /** Who may read A's draft: herself, reviewers without a conflict, editors and admins. */
    private static final String READS_DRAFT = "401 200 404 200 200 404 200 200 404 404";
    /** Who may read the private channel: its entitled outlet, editors and admins. */
    private static final String READS_PRIVATE = "401 404 404 404 404 404 200 200 200 404";

    private static final String EVERYONE = "200 200 200 200 200 200 200 200 200 200";
    private static final String ADMIN_ONLY = "401 403 403 403 403 403 403 200 403 403";
    private static final String EDITOR_ONLY = "401 403 403 403 403 403 200 403 403 403";

    static List<Row> rows(Issuer issuer) {
        List<Row> rows = new ArrayList<>();
        rows.add(row(
                "POST",
                "/dev/token",
                s -> json("POST", "/dev/token", Map.of("sub", "matrix-newcomer", "roles", List.of("creator"))),
                // Embedded mode only, for anyone; behind a real issuer it does not exist.
                issuer == Issuer.DEV
                        ? "200 200 200 200 200 200 200 200 200 200"
                        : "401 404 404 404 404 404 404 404 404 404"));

        // works
        rows.add(row(
                "POST",
                "/api/v1/works",
                s -> multipart("/api/v1/works", true),
                "401 201 201 403 403 403 403 403 403 403"));
        rows.add(row(
                "POST",
                "/api/v1/works",
                s -> multipart("/api/v1/works?onBehalfOf=" + s.id(Persona.OWNER), true),
                "401 403 403 403 403 403 403 201 403 403"));
        rows.add(row(
                "POST",
                WORK + "/versions",
                s -> multipart("/api/v1/works/" + s.forVersions + "/versions", false),
                "401 201 404 403 403 404 403 403 404 404"));
        rows.add(row("GET", WORK, s -> get("/api/v1/works/" + s.draft), READS_DRAFT));
        rows.add(row("GET", "/api/v1/works", s -> get("/api/v1/works?size=100"), ALL_BUT_ANONYMOUS));
        rows.add(row("GET", WORK + "/versions/{number}/file", s -> get(work(s) + "/versions/1/file"), READS_DRAFT));
        rows.add(row("GET", WORK + "/versions/{number}/text", s -> get(work(s) + "/versions/1/text"), READS_DRAFT));
        rows.add(row(
                "GET", WORK + "/versions/{number}/findings", s -> get(work(s) + "/versions/1/findings"), READS_DRAFT));
        rows.add(row("GET", WORK + "/diff", s -> get(work(s) + "/diff?from=1&to=1"), READS_DRAFT));
        rows.add(row("GET", WORK + "/events", s -> get(work(s) + "/events"), READS_DRAFT));
        rows.add(row(
                "GET",
                WORK + "/events",
                s -> new Call(HttpMethod.GET, work(s) + "/events", null, null, MediaType.TEXT_EVENT_STREAM),
                READS_DRAFT));
        rows.add(row("GET", WORK + "/audit/verify", s -> get(work(s) + "/audit/verify"), READS_DRAFT));

        // screening and review
        rows.add(row(
                "POST",
                "/api/v1/checks",
                s -> new Call(HttpMethod.POST, "/api/v1/checks", MediaType.TEXT_PLAIN, privateText(s), null),
                "401 200 200 200 200 200 200 403 403 403"));
        rows.add(row(
                "POST",
                "/api/v1/checks",
                s -> json("POST", "/api/v1/checks", Map.of("text", privateText(s))),
                "401 200 200 200 200 200 200 403 403 403"));
        rows.add(row(
                "POST",
                WORK + "/reviews",
                s -> json(
                        "POST",
                        "/api/v1/works/" + s.forDecision + "/reviews",
                        Map.of(
                                "version",
                                1,
                                "digest",
                                s.digestOfDecisionTarget,
                                "decision",
                                "REQUEST_CHANGES",
                                "summary",
                                "请补充数据来源")),
                "401 403 403 201 403 404 403 403 403 403"));
        rows.add(row(
                "GET",
                "/api/v1/review/queue",
                s -> get("/api/v1/review/queue"),
                "401 403 403 200 200 200 403 403 403 403"));
        // Taking on work: every work of the scenario has its reviewer already, so the row changes nothing.
        rows.add(row(
                "POST",
                "/api/v1/review/queue",
                s -> new Call(HttpMethod.POST, "/api/v1/review/queue", null, null, null),
                "401 403 403 200 200 200 403 403 403 403"));
        rows.add(row(
                "GET",
                "/api/v1/review/overdue",
                s -> get("/api/v1/review/overdue"),
                "401 403 403 403 403 403 200 200 403 403"));
        // statistics: editors and admins over every work, a creator over her own
        rows.add(row(
                "GET",
                "/api/v1/stats",
                s -> get("/api/v1/stats?groupBy=month"),
                "401 200 200 403 403 403 200 200 403 403"));
        rows.add(row(
                "PUT",
                "/api/v1/reviewers/{id}",
                s -> json(
                        "PUT",
                        "/api/v1/reviewers/" + s.id(Persona.UNASSIGNED_REVIEWER),
                        Map.of("disciplines", List.of("matrix-physics"), "conflicts", List.of())),
                ADMIN_ONLY));
        rows.add(row(
                "GET",
                "/api/v1/reviewers/{id}",
                s -> get("/api/v1/reviewers/" + s.id(Persona.ASSIGNED_REVIEWER)),
                ADMIN_ONLY));
        rows.add(row("GET", "/api/v1/reviewers", s -> get("/api/v1/reviewers"), ADMIN_ONLY));

        // publication
        rows.add(row(
                "POST",
                WORK + "/publication",
                s -> json(
                        "POST",
                        "/api/v1/works/" + s.forPublication + "/publication",
                        Map.of("channels", List.of(AccessScenario.PRIVATE))),
                EDITOR_ONLY));
        rows.add(row(
                "POST",
                WORK + "/unpublication",
                s -> json(
                        "POST",
                        "/api/v1/works/" + s.forUnpublication + "/unpublication",
                        Map.of("channels", List.of(AccessScenario.PRIVATE))),
                EDITOR_ONLY));
        rows.add(row(
                "POST",
                WORK + "/retraction",
                s -> json("POST", "/api/v1/works/" + s.forRetraction + "/retraction", Map.of("reason", "数据过时")),
                EDITOR_ONLY));

        // channels
        rows.add(row(
                "PUT",
                "/api/v1/channels/{channel}",
                s -> json(
                        "PUT",
                        "/api/v1/channels/" + AccessScenario.SPARE,
                        Map.of("title", "矩阵备用频道", "outlets", List.of())),
                ADMIN_ONLY));
        rows.add(row(
                "GET", "/api/v1/channels", s -> get("/api/v1/channels"), "401 403 403 403 403 403 200 200 200 200"));
        rows.add(row(
                "GET",
                "/api/v1/channels/{channel}",
                s -> get("/api/v1/channels/" + AccessScenario.PRIVATE),
                "401 403 403 403 403 403 200 200 200 404"));

        // search
        rows.add(row(
                "GET",
                "/api/v1/search",
                s -> get("/api/v1/search?size=100&q=" + AccessScenario.SEARCH_WORD),
                ALL_BUT_ANONYMOUS));
        // explanations name only words of the hits the caller may see: the same secrets stay hidden
        rows.add(row(
                "GET",
                "/api/v1/search",
                s -> get("/api/v1/search?size=100&explain=true&q=" + AccessScenario.SEARCH_WORD),
                ALL_BUT_ANONYMOUS));

        // distribution
        for (String format : List.of("atom", "rss", "json")) {
            rows.add(row(
                    "GET",
                    "/feeds/{file}",
                    s -> get("/feeds/" + AccessScenario.PRIVATE + "." + format),
                    "401 404 404 404 404 404 200 200 200 404"));
            rows.add(row(
                    "GET",
                    "/feeds/{file}",
                    s -> get("/feeds/" + AccessScenario.PUBLIC + "." + format),
                    "200 200 200 200 200 200 200 200 200 200"));
        }
        rows.add(row(
                "GET",
                "/api/v1/channels/{channel}/changes",
                s -> get("/api/v1/channels/" + AccessScenario.PRIVATE + "/changes"),
                READS_PRIVATE));
        rows.add(row(
                "GET",
                "/api/v1/channels/{channel}/changes",
                s -> get("/api/v1/channels/" + AccessScenario.PUBLIC + "/changes"),
                ALL_BUT_ANONYMOUS));
        rows.add(row(
                "GET",
                "/api/v1/channels/{channel}/items/{id}",
                s -> get("/api/v1/channels/" + AccessScenario.PRIVATE + "/items/" + s.published),
                READS_PRIVATE));
        rows.add(row(
                "GET",
                "/api/v1/channels/{channel}/items/{id}",
                s -> get("/api/v1/channels/" + AccessScenario.PUBLIC + "/items/" + s.retracted),
                "200 200 200 200 200 200 200 200 200 200"));
        rows.add(row(
                "GET",
                "/api/v1/channels/{channel}/items/{id}/files/{file}",
                s -> get("/api/v1/channels/" + AccessScenario.PRIVATE + "/items/" + s.published + "/files/original"),
                "401 404 404 404 404 404 302 302 302 404"));
        rows.add(row(
                "GET",
                "/downloads/{id}/{version}/{file}",
                s -> get(s.download),
                // The signed link is the permission; a caller with a token must be the outlet it was made for.
                "200 403 403 403 403 403 403 403 200 403"));

        // webhooks
        String hooks = "/api/v1/outlets/{outlet}/webhooks";
        rows.add(row(
                "POST",
                hooks,
                s -> json(
                        "POST",
                        hooks(s),
                        Map.of("url", "https://93.184.215.14/matrix-new", "channels", List.of(AccessScenario.PRIVATE))),
                "401 403 403 403 403 403 403 201 403 403"));
        rows.add(row("GET", hooks, s -> get(hooks(s)), ADMIN_ONLY));
        rows.add(row("GET", hooks + "/{id}", s -> get(hooks(s) + "/" + s.webhook), ADMIN_ONLY));
        rows.add(row(
                "POST",
                hooks + "/{id}/enable",
                s -> json("POST", hooks(s) + "/" + s.webhook + "/enable", Map.of()),
                ADMIN_ONLY));
        rows.add(row(
                "GET", hooks + "/{id}/deliveries", s -> get(hooks(s) + "/" + s.webhook + "/deliveries"), ADMIN_ONLY));
        rows.add(row(
                "POST",
                hooks + "/{id}/deliveries/{deliveryId}/replay",
                s -> json("POST", hooks(s) + "/" + s.webhook + "/deliveries/" + s.delivery + "/replay", Map.of()),
                "401 403 403 403 403 403 403 202 403 403"));
        rows.add(row(
                "DELETE",
                hooks + "/{id}",
                s -> new Call(HttpMethod.DELETE, hooks(s) + "/" + s.spareWebhook, null, null, null),
                "401 403 403 403 403 403 403 204 403 403"));

        // operations
        rows.add(row(
                "GET", "/actuator/health", s -> get("/actuator/health"), "200 200 200 200 200 200 200 200 200 200"));
        rows.add(row("GET", "/actuator/prometheus", s -> get("/actuator/prometheus"), ADMIN_ONLY));
        rows.add(row("GET", "/v3/api-docs", s -> get("/v3/api-docs"), EVERYONE));
        rows.add(row("GET", "/v3/api-docs.yaml", s -> get("/v3/api-docs.yaml"), EVERYONE));
        rows.add(row("GET", "/v3/api-docs/swagger-config", s -> get("/v3/api-docs/swagger-config"), EVERYONE));
        rows.add(row(
                "GET", "/swagger-ui.html", s -> get("/swagger-ui.html"), "302 302 302 302 302 302 302 302 302 302"));
        rows.add(row("GET", "/webjars/swagger-ui/index.html", s -> get("/webjars/swagger-ui/index.html"), EVERYONE));
        rows.add(row(
                "POST",
                "/api/v1/admin/glossary",
                s -> json("POST", "/api/v1/admin/glossary", Map.of("terms", List.of("潮汐锁定"))),
                ADMIN_ONLY));
        rows.add(row("GET", "/api/v1/admin/synonyms", s -> get("/api/v1/admin/synonyms"), ADMIN_ONLY));
        rows.add(row(
                "POST",
                "/api/v1/admin/synonyms",
                s -> json("POST", "/api/v1/admin/synonyms", Map.of("rules", List.of("番薯,红薯"))),
                ADMIN_ONLY));
        rows.add(row(
                "PUT",
                "/api/v1/admin/synonyms",
                s -> json("PUT", "/api/v1/admin/synonyms", Map.of("rules", List.of("番薯,红薯"))),
                ADMIN_ONLY));
        // knowledge base: reviewers and admins write, editors read too; creators and outlets see it in findings
        String knowledgeReaders = "401 403 403 200 200 200 200 200 403 403";
        String knowledgeWriters = "401 403 403 201 201 201 403 201 403 403";
        // allowed callers get past the access check to the missing If-Match (428), so nothing changes
        String knowledgeChangers = "401 403 403 428 428 428 403 428 403 403";
        String seeded = "/api/v1/knowledge/rumour.sugar_hyperactivity";
        rows.add(row("GET", "/api/v1/knowledge", s -> get("/api/v1/knowledge?kind=RUMOUR&q=糖"), knowledgeReaders));
        rows.add(row("GET", "/api/v1/knowledge/{id}", s -> get(seeded), knowledgeReaders));
        rows.add(row(
                "POST", "/api/v1/knowledge", s -> json("POST", "/api/v1/knowledge", matrixRumour()), knowledgeWriters));
        rows.add(row("PUT", "/api/v1/knowledge/{id}", s -> json("PUT", seeded, matrixRumour()), knowledgeChangers));
        rows.add(row(
                "DELETE",
                "/api/v1/knowledge/{id}",
                s -> new Call(HttpMethod.DELETE, seeded, null, null, null),
                knowledgeChangers));
        rows.add(row(
                "POST",
                "/api/v1/knowledge/dry-run",
                s -> json(
                        "POST", "/api/v1/knowledge/dry-run", Map.of("entry", matrixRumour(), "text", "矩阵里虚构的说法甲乙丙丁。")),
                knowledgeReaders));
        rows.add(row(
                "POST",
                "/api/v1/knowledge/from-sentence",
                s -> json(
                        "POST",
                        "/api/v1/knowledge/from-sentence",
                        Map.of(
                                "workId",
                                s.forDecision,
                                "version",
                                1,
                                "start",
                                0,
                                "end",
                                4,
                                "refutation",
                                "矩阵用的辟谣说明。",
                                "source",
                                Map.of("title", "矩阵来源"))),
                // only a reviewer assigned to the work, or an admin; the conflicted reviewer may not read it
                "401 403 403 201 403 404 403 201 403 403"));
        rows.add(row("GET", "/api/v1/admin/reindex", s -> get("/api/v1/admin/reindex"), ADMIN_ONLY));
        rows.add(row("GET", "/api/v1/admin/index/parked", s -> get("/api/v1/admin/index/parked"), ADMIN_ONLY));
        // Last: a rebuild empties the index for a moment, which the search and delta-sync rows would notice.
        rows.add(row(
                "POST",
                "/api/v1/admin/reindex",
                s -> json("POST", "/api/v1/admin/reindex", Map.of()),
                "401 403 403 403 403 403 403 202 403 403"));
        return rows;
    }

    /** Walks every row as every persona; one line per unexpected status or revealed secret. */
    static List<String> failures(WebTestClient web, AccessScenario scenario, List<Row> rows) {
        Map<Persona, Set<String>> secrets = scenario.secrets();
        List<String> failures = new ArrayList<>();
        for (Row row : rows) {
            for (Answer answer : walk(web, scenario, row)) {
                failures.addAll(problems(answer, secrets.get(answer.persona())));
            }
        }
        return failures;
    }

    /**
     * Walks one row. Personas the row allows go last, so the one call that changes something comes after
     * every refusal has been seen on the unchanged target.
     */
    static List<Answer> walk(WebTestClient web, AccessScenario scenario, Row row) {
        Call call = row.call().apply(scenario);
        List<Persona> order = Arrays.stream(Persona.values())
                .sorted(Comparator.comparing(p -> row.expected(p) < 300))
                .toList();
        List<Answer> answers = new ArrayList<>();
        for (Persona persona : order) {
            try {
                answers.add(send(web, scenario, row, call, persona));
            } catch (IllegalStateException e) {
                // the client's timeout: say which cell went unanswered
                throw new AssertionError(row + " as " + persona + " (" + call.uri() + "): no answer", e);
            }
        }
        return answers;
    }

    private static Answer send(WebTestClient web, AccessScenario scenario, Row row, Call call, Persona persona) {
        WebTestClient.RequestBodySpec request = web.method(call.method())
                .uri(call.uri())
                .headers(h -> {
                    if (persona != Persona.ANONYMOUS) {
                        h.setBearerAuth(scenario.token(persona));
                    }
                    if (call.accept() != null) {
                        h.setAccept(List.of(call.accept()));
                    }
                });
        WebTestClient.RequestHeadersSpec<?> ready = request;
        if (call.body() instanceof MultipartBodyBuilder parts) {
            ready = request.body(BodyInserters.fromMultipartData(parts.build()));
        } else if (call.body() != null) {
            ready = request.contentType(call.contentType() == null ? MediaType.APPLICATION_JSON : call.contentType())
                    .bodyValue(call.body());
        }
        WebTestClient.ResponseSpec response = ready.exchange();
        if (MediaType.TEXT_EVENT_STREAM.equals(call.accept())) {
            // A live stream never ends: what arrives in a moment is what the persona got.
            var result = response.returnResult(String.class);
            List<String> events = result.getResponseBody()
                    .take(Duration.ofSeconds(2))
                    .collectList()
                    .block(Duration.ofSeconds(30));
            return new Answer(
                    row, persona, call.uri(), sent(call), result.getStatus().value(), String.join("\n", events));
        }
        var result = response.expectBody().returnResult();
        byte[] body = result.getResponseBody();
        return new Answer(
                row,
                persona,
                call.uri(),
                sent(call),
                result.getStatus().value(),
                body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    /**
     * What is wrong with an answer: an unexpected status, or a secret of someone else in its body. A
     * secret the persona itself put into the request (an id in the path, a text to check) is no news to it
     * and is skipped.
     */
    static List<String> problems(Answer answer, Set<String> secrets) {
        List<String> problems = new ArrayList<>();
        String where = answer.row() + " as " + answer.persona() + " (" + answer.uri() + ")";
        int expected = answer.row().expected(answer.persona());
        if (answer.status() != expected) {
            problems.add(
                    where + ": expected " + expected + ", got " + answer.status() + " " + abbreviate(answer.body()));
        }
        for (String secret : secrets) {
            if (!answer.sent().contains(secret) && answer.body().contains(secret)) {
                problems.add(where + ": the body reveals '" + secret + "': " + abbreviate(answer.body()));
            }
        }
        return problems;
    }

    private static String sent(Call call) {
        return call.body() instanceof String || call.body() instanceof Map<?, ?>
                ? call.uri() + "\n" + call.body()
                : call.uri();
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }

    private static Row row(String method, String template, Function<AccessScenario, Call> call, String expected) {
        List<Integer> statuses =
                Arrays.stream(expected.split(" ")).map(Integer::valueOf).toList();
        if (statuses.size() != Persona.values().length) {
            throw new IllegalArgumentException(method + " " + template + ": one status per persona");
        }
        return new Row(HttpMethod.valueOf(method), template, call, statuses);
    }

    /**
     * The text of the work published only to the private channel: the duplicate check finds that work, and
     * may name it only to those who can read it.
     */
    private static String privateText(AccessScenario s) {
        return s.texts.get(s.published);
    }

    private static String work(AccessScenario s) {
        return "/api/v1/works/" + s.draft;
    }

    private static String hooks(AccessScenario s) {
        return "/api/v1/outlets/" + s.outlet(Persona.ENTITLED_OUTLET) + "/webhooks";
    }

    private static Map<String, Object> matrixRumour() {
        return Map.of(
                "kind",
                "RUMOUR",
                "discipline",
                "matrix",
                "source",
                Map.of("title", "矩阵来源", "url", "https://example.org/matrix"),
                "rumour",
                Map.of("claim", "矩阵里虚构的说法甲乙丙丁", "refutation", "这是为授权矩阵虚构的说法。"));
    }

    private static Call get(String uri) {
        return new Call(HttpMethod.GET, uri, null, null, null);
    }

    private static Call json(String method, String uri, Object body) {
        return new Call(HttpMethod.valueOf(method), uri, MediaType.APPLICATION_JSON, body, null);
    }

    /** An upload: a new work with its metadata, or a new version with its file alone. */
    private static Call multipart(String uri, boolean withMetadata) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        if (withMetadata) {
            parts.part(
                    "metadata",
                    "{\"title\":\"矩阵新作品\",\"kind\":\"article\",\"topics\":[\"天文\"],\"audiences\":[\"public\"]}",
                    MediaType.APPLICATION_JSON);
        }
        byte[] text = "# 新版本\n\n金星是太阳系中最热的行星，表面温度超过460摄氏度。\n".getBytes(StandardCharsets.UTF_8);
        parts.part("file", new ByteArrayResource(text) {
                    @Override
                    public String getFilename() {
                        return "article.md";
                    }
                })
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        return new Call(HttpMethod.POST, uri, MediaType.MULTIPART_FORM_DATA, parts, null);
    }
}
