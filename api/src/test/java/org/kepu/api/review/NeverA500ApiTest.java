package org.kepu.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kepu.api.testing.KepuClient.MAP;
import static org.kepu.api.testing.KepuClient.decision;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kepu.api.security.DevTokenIssuer;
import org.kepu.api.security.DevTokenIssuerHolder;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Malformed requests of many kinds, sent to every route the application maps: each is answered with a 4xx
 * problem document, never a 500, and afterwards kepu is healthy and does its job. The routes come from the
 * handler mapping, so a new route is attacked without being listed here, and a route input (path variable,
 * query parameter, header or body) that no kind of request attacks fails the test.
 *
 * <p>Two answers carry no problem document, as HTTP has them: a HEAD answer has no body, and a 416 names the
 * file's size in {@code Content-Range} instead. Requests that are odd but lawful (an If-None-Match that
 * matches nothing, a repeated parameter, which Spring reads as its first or joined value) are only held to
 * "no 5xx, and a problem document if refused".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeverA500ApiTest {

    private static final String CHANNEL = "nwa";
    private static final String CLEAN = "# 光的折射\n\n光从空气射入水中时会发生折射。\n\n所以插在水里的筷子看起来是弯的。\n";
    private static final String CLEAN_LATER = "# 彩虹\n\n彩虹是阳光在水滴中折射和反射形成的。\n\n雨后背对太阳更容易看到彩虹。\n";
    private static final String METADATA = "{\"title\":\"%s\",\"kind\":\"article\",\"topics\":[\"光学\"],"
            + "\"audiences\":[\"public\"],\"license\":\"CC BY 4.0\",\"byline\":\"科普小组\"}";
    /** Bodies for which every field is optional, so an empty object or only nulls is a lawful request. */
    private static final Set<String> ALL_OPTIONAL = Set.of("ReviewerRequest", "UnpublicationRequest");

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory("kepu-never-500");
        registry.add("kepu.data-dir", data::toString);
        registry.add("kepu.extraction.timeout", () -> "30s");
        // budgets are not what is tested here, and a 429 would judge nothing
        registry.add("kepu.outlets.rate-limit.requests", () -> "1000000");
        registry.add("kepu.users.rate-limit.requests", () -> "1000000");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Autowired
    DevTokenIssuerHolder devIssuer;

    @LocalServerPort
    int port;

    private KepuClient kepu;
    /** For the malformed calls: an answer is a matter of milliseconds, so ten seconds without one is a stall. */
    private WebTestClient impatient;

    private String root;
    private String alice;
    private String vera;
    private String editor;
    private String work;
    private String download;

    /** What is expected of an answer. */
    enum Expect {
        /** a 4xx problem document */
        PROBLEM,
        /** lawful if odd: anything but a 5xx, and a problem document if refused */
        NO_5XX
    }

    /** One request as sent: the URI exactly as written, percent-encoding and all. */
    record Call(String input, Expect expect, HttpMethod method, String uri, HttpHeaders headers, byte[] body) {

        Call with(String input, Expect expect, String uri) {
            return new Call(input, expect, method, uri, headers, body);
        }

        Call withHeader(String input, Expect expect, String name, String... values) {
            HttpHeaders copy = new HttpHeaders();
            copy.addAll(headers);
            copy.remove(name);
            if (values.length > 0) {
                copy.put(name, List.of(values));
            }
            return new Call(input, expect, method, uri, copy, body);
        }

        Call withBody(Expect expect, String contentType, byte[] content) {
            HttpHeaders copy = new HttpHeaders();
            copy.addAll(headers);
            copy.remove(HttpHeaders.CONTENT_TYPE);
            if (contentType != null) {
                copy.set(HttpHeaders.CONTENT_TYPE, contentType);
            }
            return new Call("body", expect, method, uri, copy, content);
        }
    }

    /** A route of the handler mapping: a method, a path pattern and the handler's declared inputs. */
    record Route(HttpMethod method, String pattern, RequestMappingInfo info, HandlerMethod handler) {

        String name() {
            Set<MediaType> produces = info.getProducesCondition().getProducibleMediaTypes();
            return method + " " + pattern + (produces.isEmpty() ? "" : " " + produces);
        }

        List<String> pathVariables() {
            List<String> names = new ArrayList<>();
            Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(pattern);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        List<MethodParameter> parameters(Class<? extends java.lang.annotation.Annotation> annotation) {
            return java.util.Arrays.stream(handler.getMethodParameters())
                    .filter(p -> p.hasParameterAnnotation(annotation))
                    .toList();
        }

        Optional<MethodParameter> body() {
            return parameters(RequestBody.class).stream().findFirst();
        }

        boolean bodyRequired() {
            return body().map(p -> p.getParameterAnnotation(RequestBody.class).required())
                    .orElse(false);
        }

        boolean consumes(MediaType type) {
            return info.getConsumesCondition().getConsumableMediaTypes().contains(type);
        }

        boolean multipart() {
            return consumes(MediaType.MULTIPART_FORM_DATA);
        }

        boolean text() {
            return consumes(MediaType.TEXT_PLAIN);
        }

        boolean json() {
            return body().isPresent() && !multipart() && !text();
        }

        boolean streams() {
            return info.getProducesCondition().getProducibleMediaTypes().contains(MediaType.TEXT_EVENT_STREAM);
        }

        /**
         * Whether the handler leaves the media type to content negotiation, which honours Accept. One that
         * answers an entity or writes the response itself (Swagger UI's redirect to its page) does not.
         */
        boolean negotiates() {
            String type = handler.getReturnType().getGenericParameterType().getTypeName();
            return !type.contains("ResponseEntity") && !type.equals("reactor.core.publisher.Mono<java.lang.Void>");
        }

        /** The record the JSON body is read into, if it is one. */
        Optional<Class<?>> bodyRecord() {
            return body().<Class<?>>map(MethodParameter::getParameterType).filter(Class::isRecord);
        }
    }

    /** A kind of malformed request: from a route and a well-formed request to it, the calls it makes. */
    record Kind(String name, BiFunction<Route, Call, List<Call>> calls) {}

    @BeforeAll
    void aPublishedWork() {
        kepu = new KepuClient(web);
        impatient = web.mutate().responseTimeout(Duration.ofSeconds(10)).build();
        // without disciplines, so that reading the queue does not make root a reviewer who takes works on
        root = kepu.token("root", "creator", "reviewer", "editor", "outlet", "admin");
        String admin = kepu.token("adam", "admin");
        alice = kepu.token("alice", "creator");
        vera = kepu.token("vera", "reviewer");
        editor = kepu.token("ed", "editor");
        web.put()
                .uri("/api/v1/channels/{channel}", CHANNEL)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "新闻", "public", true, "outlets", List.of("root")))
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult();
        kepu.registerReviewer(admin, "vera", List.of("光学"), List.of());
        work = publish(METADATA.formatted("光的折射"), CLEAN);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> renditions =
                (List<Map<String, Object>>) kepu.get(root, "/api/v1/channels/" + CHANNEL + "/items/" + work)
                        .expectStatus()
                        .isOk()
                        .expectBody(MAP)
                        .returnResult()
                        .getResponseBody()
                        .get("renditions");
        URI href = URI.create((String) renditions.stream()
                .filter(r -> "original".equals(r.get("name")))
                .findFirst()
                .orElseThrow()
                .get("href"));
        download = href.getRawPath() + "?" + href.getRawQuery();
    }

    @Test
    void everyRouteAnswersEveryKindOfMalformedRequestWithAProblemDocument() throws Exception {
        List<Route> routes = routes();
        List<Kind> kinds = kinds();
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(60);
        List<String> failures = new ArrayList<>();
        Map<String, Set<String>> attacked = new TreeMap<>();
        int sent = 0;
        for (Route route : routes) {
            Call good = good(route);
            for (Kind kind : kinds) {
                for (Call call : kind.calls().apply(route, good)) {
                    attacked.computeIfAbsent(route.name(), r -> new LinkedHashSet<>())
                            .add(call.input());
                    sent++;
                    String failure = send(call);
                    if (failure != null) {
                        failures.add(route.name() + " | " + kind.name() + " | " + call.method() + " "
                                + abbreviate(call.uri()) + " → " + failure);
                    }
                }
            }
        }
        for (Route route : routes) {
            Set<String> hit = attacked.getOrDefault(route.name(), Set.of());
            assertThat(hit).as("inputs attacked on " + route.name()).containsAll(inputs(route));
        }
        assertThat(failures).as(sent + " malformed requests sent").isEmpty();
        healthyAfterwards();
    }

    private void healthyAfterwards() {
        web.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        String later = publish(METADATA.formatted("彩虹的成因"), CLEAN_LATER);
        await().atMost(Duration.ofSeconds(90)).until(() -> searchHits("彩虹"), hits -> hits.contains(later));
        await().atMost(Duration.ofSeconds(90)).until(this::feed, body -> body.contains(later));
    }

    // ---- the kinds of malformed request ----

    private List<Kind> kinds() throws JOSEException {
        List<Kind> kinds = new ArrayList<>();
        tokens(kinds);
        kinds.add(new Kind(
                "method: PATCH, which no route has",
                (route, good) -> List.of(
                        new Call("method", Expect.PROBLEM, HttpMethod.PATCH, good.uri(), good.headers(), null))));
        kinds.add(new Kind(
                "HEAD with a garbage token",
                (route, good) -> route.method() == HttpMethod.GET
                        ? List.of(new Call("token", Expect.PROBLEM, HttpMethod.HEAD, good.uri(), good.headers(), null)
                                .withHeader("token", Expect.PROBLEM, HttpHeaders.AUTHORIZATION, "Bearer garbage"))
                        : List.of()));
        kinds.add(new Kind(
                "Accept: a type no route produces",
                (route, good) -> route.method() == HttpMethod.GET && (route.negotiates() || route.streams())
                        ? List.of(
                                good.withHeader("accept", Expect.PROBLEM, HttpHeaders.ACCEPT, "application/x-nothing"))
                        : List.of()));
        kinds.add(new Kind(
                "Accept: not a media type",
                (route, good) -> route.method() == HttpMethod.GET && !route.streams()
                        ? List.of(good.withHeader("accept", Expect.NO_5XX, HttpHeaders.ACCEPT, ";;; /"))
                        : List.of()));
        pathVariables(kinds);
        queryParameters(kinds);
        headers(kinds);
        jsonBodies(kinds);
        textBodies(kinds);
        multipartBodies(kinds);
        return kinds;
    }

    private void tokens(List<Kind> kinds) throws JOSEException {
        byte[] key = devIssuer.issuer().orElseThrow().secretKey().getEncoded();
        byte[] otherKey = new byte[32];
        new java.security.SecureRandom().nextBytes(otherKey);
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("not a JWT", "Bearer garbage");
        tokens.put("Bearer and nothing", "Bearer ");
        tokens.put("the word Bearer alone", "Bearer");
        tokens.put("three empty segments", "Bearer ..");
        tokens.put("segments that are not JSON", "Bearer e30.bm90IGpzb24.c2ln");
        tokens.put("another scheme's credentials", "Bearer Basic cm9vdDpyb290");
        tokens.put("a token of 6 KB", "Bearer " + "eyJh".repeat(1500));
        tokens.put(
                "alg: none",
                "Bearer " + new PlainJWT(new PlainHeader(), claims(now).build()).serialize());
        tokens.put("expired", signed(key, claims(now).expirationTime(Date.from(now.minusSeconds(3600)))));
        tokens.put("not yet valid (nbf)", signed(key, claims(now).notBeforeTime(Date.from(now.plusSeconds(3600)))));
        tokens.put("no sub", signed(key, claims(now).subject(null)));
        tokens.put("blank sub", signed(key, claims(now).subject("  ")));
        tokens.put("another issuer", signed(key, claims(now).issuer("https://evil.example")));
        tokens.put("signed with another key", signed(otherKey, claims(now)));
        tokens.forEach((name, header) -> kinds.add(new Kind(
                "token: " + name,
                (route, good) ->
                        List.of(good.withHeader("token", Expect.PROBLEM, HttpHeaders.AUTHORIZATION, header)))));
    }

    private void pathVariables(List<Kind> kinds) {
        Map<String, String> any = new LinkedHashMap<>();
        any.put("'..'", "..");
        any.put("an encoded slash", "a%2F..%2Fb");
        any.put("an encoded NUL", "a%00b");
        any.put("1,000 characters", "x".repeat(1000));
        any.put("invalid UTF-8", "%FF%FE");
        any.put("an encoded lone surrogate", "%ED%A0%80");
        any.put("terminal escapes", "%1B%5B31m");
        any.put("bidi override", "%E2%80%AEabc");
        Map<String, String> numbers = new LinkedHashMap<>();
        numbers.put("a word", "one");
        numbers.put("an overflowing number", "99999999999999999999");
        numbers.put("a negative number", "-1");
        numbers.put("an exponent", "1e3");
        numbers.put("a decimal", "1.5");
        any.forEach((name, value) -> kinds.add(new Kind(
                "path variable: " + name,
                (route, good) -> route.pathVariables().stream()
                        .filter(v -> !numeric(route, v) || name.equals("'..'"))
                        .map(v -> good.with("path:" + v, Expect.PROBLEM, uri(route, Map.of(v, value), good)))
                        .toList())));
        numbers.forEach((name, value) -> kinds.add(new Kind(
                "numeric path variable: " + name,
                (route, good) -> route.pathVariables().stream()
                        .filter(v -> numeric(route, v))
                        .map(v -> good.with("path:" + v, Expect.PROBLEM, uri(route, Map.of(v, value), good)))
                        .toList())));
    }

    private void queryParameters(List<Kind> kinds) {
        Map<String, String> numbers = new LinkedHashMap<>();
        numbers.put("a word", "abc");
        numbers.put("an exponent", "1e3");
        numbers.put("a decimal", "1.5");
        numbers.put("past the int range", "2147483648");
        numbers.put("past the long range", "99999999999999999999");
        numbers.put("negative", "-1");
        numbers.forEach((name, value) ->
                kinds.add(param("number " + name, Expect.PROBLEM, NeverA500ApiTest::numeric, p -> value)));
        kinds.add(param(
                "boolean: maybe", Expect.PROBLEM, p -> p.getNestedParameterType() == boolean.class, p -> "maybe"));
        String fiveHundredWords = IntStream.range(0, 500).mapToObj(i -> "w" + i).collect(Collectors.joining("+"));
        kinds.add(param("q: 500 words", Expect.PROBLEM, named("q"), p -> fiveHundredWords));
        kinds.add(param("q: 10,000 characters", Expect.PROBLEM, named("q"), p -> "x".repeat(10_000)));
        kinds.add(param("q: 300 Han characters", Expect.PROBLEM, named("q"), p -> "%E7%A2%B3".repeat(300)));
        // the longest query kepu takes, all quoted phrases and exclusions: as many index clauses as it gets
        String clauses = "\"碳 中\" -w ".repeat(32).substring(0, 256).strip();
        kinds.add(param("q: the most clauses a query can have", Expect.NO_5XX, named("q"), p -> encode(clauses)));
        kinds.add(param("a page past the index window", Expect.PROBLEM, named("page"), p -> "99999"));
        String topics = IntStream.range(0, 1000).mapToObj(i -> "t" + i).collect(Collectors.joining("&topic="));
        kinds.add(param("1,000 topics", Expect.NO_5XX, named("topic"), p -> topics));
        kinds.add(param("q: only punctuation", Expect.NO_5XX, named("q"), p -> "%22-%22%21%3F%28%29%5B%5D*%5E"));
        kinds.add(param(
                "an unknown value of a closed vocabulary",
                Expect.PROBLEM,
                named("status", "sort", "kind", "audience"),
                p -> "nonsense"));
        kinds.add(param(
                "a date that is no date", Expect.PROBLEM, named("from", "to").and(p -> !numeric(p)), p -> "yesterday"));
        kinds.add(param(
                "a date of month 13", Expect.PROBLEM, named("from", "to").and(p -> !numeric(p)), p -> "2026-13-45"));
        kinds.add(param(
                "a date past year 999,999,999",
                Expect.PROBLEM,
                named("from", "to").and(p -> !numeric(p)),
                p -> "%2B1000000000-12-31T23:59:59Z"));
        kinds.add(param("a cursor of punctuation", Expect.PROBLEM, named("cursor", "since"), p -> "!!!"));
        kinds.add(param(
                "base64 of garbage", Expect.PROBLEM, named("cursor", "since"), p -> base64("garbage\u0000\u0001")));
        kinds.add(param(
                "a cursor of 10,000 characters", Expect.PROBLEM, named("cursor", "since"), p -> "A".repeat(10_000)));
        kinds.add(param(
                "a watermark in the future", Expect.PROBLEM, named("since"), p -> base64("v1:" + (1L << 52) + ":x")));
        kinds.add(param("a cursor whose number is NaN", Expect.PROBLEM, named("cursor"), p -> base64("NaN\nx")));
        kinds.add(param("a signature of another link", Expect.PROBLEM, named("sig"), p -> "AAAA"));
        kinds.add(param("an outlet the link was not signed for", Expect.PROBLEM, named("outlet"), p -> "someone-else"));
        kinds.add(param("an encoded NUL", Expect.NO_5XX, p -> !numeric(p), p -> "a%00b"));
        kinds.add(param("invalid UTF-8", Expect.PROBLEM, p -> true, p -> "%C3%28%FF"));
        kinds.add(param("an encoded lone surrogate", Expect.PROBLEM, p -> true, p -> "%ED%A0%80"));
        kinds.add(new Kind(
                "query parameter: repeated",
                (route, good) -> route.method() != HttpMethod.GET || route.streams()
                        ? List.of()
                        : route.parameters(RequestParam.class).stream()
                                .map(p -> good.with(
                                        "param:" + name(p),
                                        Expect.NO_5XX,
                                        good.uri() + sep(good.uri()) + name(p) + "=1&" + name(p) + "=2"))
                                .toList()));
    }

    private static java.util.function.Predicate<MethodParameter> named(String... names) {
        return p -> List.of(names).contains(name(p));
    }

    private Kind param(
            String name,
            Expect expect,
            java.util.function.Predicate<MethodParameter> fits,
            java.util.function.Function<MethodParameter, String> value) {
        return new Kind("query parameter: " + name, (route, good) -> {
            // odd but lawful values only where reading has no effects, and never on the endless stream
            if (expect == Expect.NO_5XX && (route.method() != HttpMethod.GET || route.streams())) {
                return List.of();
            }
            return route.parameters(RequestParam.class).stream()
                    .filter(fits)
                    .map(p -> good.with("param:" + name(p), expect, replaceParam(good.uri(), name(p), value.apply(p))))
                    .toList();
        });
    }

    private void headers(List<Kind> kinds) {
        Map<String, String> ranges = new LinkedHashMap<>();
        ranges.put("garbage", "bytes=abc");
        ranges.put("reversed", "bytes=5-1");
        ranges.put("another unit", "items=0-1");
        ranges.put(
                "101 ranges",
                "bytes=" + IntStream.range(0, 101).mapToObj(i -> i + "-" + i).collect(Collectors.joining(",")));
        ranges.put("past the end", "bytes=999999999-");
        ranges.forEach((name, value) -> kinds.add(new Kind(
                "Range: " + name,
                (route, good) -> route.pattern().startsWith("/downloads/")
                        ? List.of(good.withHeader("header:Range", Expect.PROBLEM, HttpHeaders.RANGE, value))
                        : List.of())));
        kinds.add(new Kind(
                "Range: two headers",
                (route, good) -> route.pattern().startsWith("/downloads/")
                        ? List.of(good.withHeader(
                                "header:Range", Expect.NO_5XX, HttpHeaders.RANGE, "bytes=0-1", "bytes=2-3"))
                        : List.of()));
        kinds.add(new Kind(
                "conditional headers that are garbage",
                (route, good) -> route.method() == HttpMethod.GET && !route.streams()
                        ? List.of(
                                good.withHeader(
                                        "header:If-None-Match",
                                        Expect.NO_5XX,
                                        HttpHeaders.IF_NONE_MATCH,
                                        "\"unclosed, W/, *x"),
                                good.withHeader(
                                        "header:If-Modified-Since",
                                        Expect.NO_5XX,
                                        HttpHeaders.IF_MODIFIED_SINCE,
                                        "yesterday at noon"))
                        : List.of()));
        // the live stream reads Last-Event-ID; a bad one is refused with the bad token before it streams
        kinds.add(new Kind(
                "Last-Event-ID garbage with a garbage token",
                (route, good) -> route.parameters(RequestHeader.class).stream()
                        .map(p -> good.withHeader(
                                        "header:"
                                                + p.getParameterAnnotation(RequestHeader.class)
                                                        .name(),
                                        Expect.PROBLEM,
                                        p.getParameterAnnotation(RequestHeader.class)
                                                .name(),
                                        "-1e99")
                                .withHeader(
                                        "header:"
                                                + p.getParameterAnnotation(RequestHeader.class)
                                                        .name(),
                                        Expect.PROBLEM,
                                        HttpHeaders.AUTHORIZATION,
                                        "Bearer garbage"))
                        .toList()));
    }

    private void jsonBodies(List<Kind> kinds) {
        String json = MediaType.APPLICATION_JSON_VALUE;
        Map<String, byte[]> always = new LinkedHashMap<>();
        always.put("not JSON", utf8("hello"));
        always.put("truncated JSON", utf8("{\"title\":"));
        always.put("an array for an object", utf8("[]"));
        always.put("a string for an object", utf8("\"x\""));
        always.put("a number for an object", utf8("42"));
        always.put("10,000 levels deep", utf8("[".repeat(10_000) + "]".repeat(10_000)));
        always.put("10,000 objects deep", utf8("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        always.put("5 MB", utf8("{\"title\":\"" + "碳".repeat(5 * 1024 * 1024 / 3) + "\"}"));
        always.put(
                "invalid UTF-8",
                new byte[] {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        always.put("two documents", utf8("{}{}"));
        always.put("a comment", utf8("{/* hi */}"));
        always.forEach((name, bytes) -> kinds.add(new Kind(
                "JSON body: " + name,
                (route, good) -> route.json() ? List.of(good.withBody(Expect.PROBLEM, json, bytes)) : List.of())));
        Map<String, String> required = new LinkedHashMap<>();
        required.put("empty", "");
        required.put("null", "null");
        required.put("an empty object", "{}");
        required.forEach((name, text) -> kinds.add(new Kind(
                "JSON body: " + name,
                (route, good) -> route.json() && route.bodyRequired() && !allOptional(route)
                        ? List.of(good.withBody(Expect.PROBLEM, json, utf8(text)))
                        : List.of())));
        kinds.add(new Kind(
                "JSON body: every field null",
                (route, good) -> route.json() && !allOptional(route)
                        ? List.of(good.withBody(
                                Expect.PROBLEM,
                                json,
                                utf8(fields(route).keySet().stream()
                                        .map(f -> "\"" + f + "\":null")
                                        .collect(Collectors.joining(",", "{", "}")))))
                        : List.of()));
        kinds.add(new Kind(
                "JSON body: a field of the wrong type",
                (route, good) -> route.json()
                        ? fields(route).entrySet().stream()
                                .map(f -> good.withBody(
                                        Expect.PROBLEM,
                                        json,
                                        utf8("{\"" + f.getKey() + "\":" + wrongValue(f.getValue()) + "}")))
                                .toList()
                        : List.of()));
        kinds.add(new Kind(
                "JSON body: an unknown field",
                (route, good) -> route.json()
                        ? List.of(good.withBody(Expect.PROBLEM, json, utf8("{\"surprise\":true}")))
                        : List.of()));
        kinds.add(new Kind(
                "JSON body: a key twice",
                (route, good) -> route.json()
                        ? fields(route).keySet().stream()
                                .limit(1)
                                .map(f -> good.withBody(
                                        Expect.PROBLEM, json, utf8("{\"" + f + "\":null,\"" + f + "\":null}")))
                                .toList()
                        : List.of()));
        Map<String, String> types = new LinkedHashMap<>();
        types.put("XML", "application/xml");
        types.put("no Content-Type", null);
        types.put("a Content-Type that is not a media type", ";;;");
        types.put("an unknown charset", "application/json;charset=x-no-such-charset");
        types.put("form data", "application/x-www-form-urlencoded");
        types.forEach((name, type) -> kinds.add(new Kind(
                "JSON body with " + name,
                (route, good) -> route.json()
                        ? List.of(good.withBody(Expect.PROBLEM, type, utf8("{\"title\":\"碳中和\"}")))
                        : List.of())));
    }

    private void textBodies(List<Kind> kinds) {
        String text = MediaType.TEXT_PLAIN_VALUE;
        kinds.add(new Kind(
                "text body: empty",
                (route, good) -> route.text() ? List.of(good.withBody(Expect.PROBLEM, text, new byte[0])) : List.of()));
        kinds.add(new Kind(
                "text body: 5 MB",
                (route, good) -> route.text()
                        ? List.of(good.withBody(Expect.PROBLEM, text, utf8("碳".repeat(5 * 1024 * 1024 / 3))))
                        : List.of()));
        kinds.add(new Kind(
                "text body: an unknown charset",
                (route, good) -> route.text()
                        ? List.of(good.withBody(Expect.PROBLEM, "text/plain;charset=x-no-such-charset", utf8("碳中和")))
                        : List.of()));
    }

    private void multipartBodies(List<Kind> kinds) {
        String type = "multipart/form-data; boundary=b0undary";
        String file = part("file", "article.md", "text/markdown", "# 光\n\n光沿直线传播。\n");
        String metadata = part("metadata", null, "application/json", METADATA.formatted("光"));
        Map<String, String[]> bodies = new LinkedHashMap<>();
        bodies.put("no boundary", new String[] {"multipart/form-data", metadata + file + "--b0undary--\r\n"});
        bodies.put("a boundary never closed", new String[] {type, metadata + file});
        bodies.put(
                "a boundary that never appears",
                new String[] {"multipart/form-data; boundary=other", metadata + file + "--b0undary--\r\n"});
        bodies.put("no parts at all", new String[] {type, "--b0undary--\r\n"});
        bodies.put("an empty body", new String[] {type, ""});
        bodies.put("a part without a name", new String[] {
            type, metadata + "--b0undary\r\nContent-Disposition: form-data\r\n\r\nx\r\n" + file + "--b0undary--\r\n"
        });
        bodies.put("a part without Content-Disposition", new String[] {
            type, "--b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n" + metadata + file + "--b0undary--\r\n"
        });
        bodies.put("two file parts", new String[] {type, metadata + file + file + "--b0undary--\r\n"});
        bodies.put(
                "metadata that is not JSON",
                new String[] {type, part("metadata", null, "application/json", "{title") + file + "--b0undary--\r\n"});
        bodies.put("metadata with a bidi override", new String[] {
            type,
            part("metadata", null, "application/json", METADATA.formatted("光\u202Egnp.exe")) + file + "--b0undary--\r\n"
        });
        bodies.put("metadata only", new String[] {type, metadata + "--b0undary--\r\n"});
        bodies.put(
                "an empty file",
                new String[] {type, metadata + part("file", "a.md", "text/markdown", "") + "--b0undary--\r\n"});
        bodies.put(
                "an unexpected part",
                new String[] {type, metadata + part("surprise", null, "text/plain", "x") + file + "--b0undary--\r\n"});
        bodies.put("part headers of 20 KB", new String[] {
            type,
            "--b0undary\r\nContent-Disposition: form-data; name=\"metadata\"\r\nX-Pad: " + "x".repeat(20 * 1024)
                    + "\r\n\r\n{}\r\n" + file + "--b0undary--\r\n"
        });
        bodies.put("metadata of 200 KB", new String[] {
            type,
            part("metadata", null, "application/json", "{\"title\":\"" + "x".repeat(200 * 1024) + "\"}") + file
                    + "--b0undary--\r\n"
        });
        bodies.put("subtitles with an article", new String[] {
            type,
            metadata + file + part("subtitles", "a.vtt", "text/vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\n光\n")
                    + "--b0undary--\r\n"
        });
        bodies.put("JSON instead of parts", new String[] {"application/json", METADATA.formatted("光")});
        bodies.put(
                "multipart/mixed",
                new String[] {"multipart/mixed; boundary=b0undary", metadata + file + "--b0undary--\r\n"});
        bodies.forEach((name, typeAndBody) -> kinds.add(new Kind(
                "multipart: " + name,
                (route, good) -> route.multipart()
                        ? List.of(good.withBody(Expect.PROBLEM, typeAndBody[0], utf8(typeAndBody[1])))
                        : List.of())));
    }

    // ---- routes and well-formed requests ----

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                for (org.springframework.web.bind.annotation.RequestMethod method :
                        info.getMethodsCondition().getMethods()) {
                    routes.add(new Route(method.asHttpMethod(), pattern.getPatternString(), info, handler));
                }
            }
        });
        routes.sort(java.util.Comparator.comparing(Route::name));
        assertThat(routes).as("routes").hasSizeGreaterThan(30);
        return routes;
    }

    /** The inputs a route declares, each of which some kind of request has to attack. */
    private static Set<String> inputs(Route route) {
        Set<String> inputs = new LinkedHashSet<>();
        inputs.add("token");
        route.pathVariables().forEach(v -> inputs.add("path:" + v));
        route.parameters(RequestParam.class).forEach(p -> inputs.add("param:" + name(p)));
        route.parameters(RequestHeader.class)
                .forEach(p -> inputs.add("header:"
                        + p.getParameterAnnotation(RequestHeader.class).name()));
        route.body().ifPresent(p -> inputs.add("body"));
        return inputs;
    }

    /** A well-formed request to the route by a caller with every role, about the published work. */
    private Call good(Route route) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(root);
        if (route.streams()) {
            headers.setAccept(List.of(MediaType.TEXT_EVENT_STREAM));
        }
        String uri = route.pattern().startsWith("/downloads/") ? download : uri(route, Map.of(), null);
        if (route.pattern().equals("/api/v1/works/{id}/diff")) {
            uri += "?from=1&to=1";
        }
        return new Call("none", Expect.PROBLEM, route.method(), uri, headers, null);
    }

    private String uri(Route route, Map<String, String> bad, Call good) {
        if (good != null && route.pattern().startsWith("/downloads/")) {
            // the signed link's own path, with the one variable replaced
            String[] path = download.substring(0, download.indexOf('?')).split("/");
            List<String> vars = route.pathVariables();
            for (int i = 0; i < vars.size(); i++) {
                if (bad.containsKey(vars.get(i))) {
                    path[2 + i] = bad.get(vars.get(i));
                }
            }
            return String.join("/", path) + download.substring(download.indexOf('?'));
        }
        String uri = route.pattern();
        for (String v : route.pathVariables()) {
            uri = uri.replace("{" + v + "}", bad.getOrDefault(v, goodValue(route, v)));
        }
        if (good != null && good.uri().contains("?")) {
            uri += good.uri().substring(good.uri().indexOf('?'));
        }
        return uri;
    }

    private String goodValue(Route route, String variable) {
        if (route.pattern().equals("/feeds/{file}")) {
            return CHANNEL + ".json";
        }
        if (route.pattern().startsWith("/api/v1/reviewers/")) {
            return "vera";
        }
        if (route.pattern().startsWith("/api/v1/outlets/") && variable.equals("id")) {
            return "ep_" + "0".repeat(32);
        }
        return switch (variable) {
            case "id" -> work;
            case "number", "version" -> "1";
            case "channel" -> CHANNEL;
            case "file" -> "original";
            case "outlet" -> "root";
            case "deliveryId" -> "dlv_" + "0".repeat(32);
            default -> "x";
        };
    }

    // ---- sending and judging ----

    /** Sends the call; what is wrong with the answer, or null. */
    private String send(Call call) {
        WebTestClient.RequestBodySpec request = impatient
                .method(call.method())
                .uri(URI.create("http://localhost:" + port + call.uri()))
                .headers(h -> h.addAll(call.headers()));
        FluxExchangeResult<byte[]> result;
        try {
            // the bytes go out as they are, under whatever Content-Type the call names, parsable or not
            result = (call.body() == null ? request : request.body(raw(call.body())))
                    .exchange()
                    .returnResult(byte[].class);
        } catch (RuntimeException e) {
            return "no answer: " + e;
        }
        int status = result.getStatus().value();
        String type = String.valueOf(result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE));
        if (status < 300 && type.startsWith(MediaType.TEXT_EVENT_STREAM_VALUE)) {
            // an endless stream was opened: lawful for an odd request, and ended here
            result.getResponseBody().take(Duration.ofMillis(100)).blockLast();
            return call.expect() == Expect.PROBLEM ? "a stream, not a problem" : null;
        }
        String text = result.getResponseBody()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .collect(Collectors.joining())
                .block(Duration.ofSeconds(30));
        if (status >= 500) {
            return status + " " + abbreviate(text);
        }
        if (status == 429) {
            return "rate limited, so the route never judged it";
        }
        if (call.expect() == Expect.NO_5XX && status < 400) {
            return null;
        }
        if (status < 400) {
            return status + ", not a refusal";
        }
        if (call.method() == HttpMethod.HEAD || status == 416) {
            return text.isEmpty() ? null : status + " with a body";
        }
        if (!type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
            return status + " " + type + ", not a problem document: " + abbreviate(text);
        }
        return text.contains("\"status\":" + status) ? null : status + " with a problem of another status: " + text;
    }

    private static BodyInserter<byte[], ReactiveHttpOutputMessage> raw(byte[] bytes) {
        return (message, context) -> {
            message.getHeaders().setContentLength(bytes.length);
            return message.writeWith(Mono.just(message.bufferFactory().wrap(bytes)));
        };
    }

    // ---- the round trip ----

    private String publish(String metadata, String markdown) {
        String id = kepu.upload(alice, metadata, markdown);
        Map<String, Object> inReview = kepu.await(alice, id, w -> {
            // vera takes the work on, should screening have finished before she was known
            kepu.takeOn(vera);
            return "IN_REVIEW".equals(w.get("status"));
        });
        assertThat(inReview.get("status")).isEqualTo("IN_REVIEW");
        kepu.decide(vera, id, decision(inReview, "APPROVE", "准确"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        kepu.post(editor, "/api/v1/works/" + id + "/publication", Map.of("channels", List.of(CHANNEL)))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("PUBLISHED");
        return id;
    }

    private String searchHits(String q) {
        return kepu.text(root, "/api/v1/search?q=" + q);
    }

    private String feed() {
        return kepu.publicText("/feeds/" + CHANNEL + ".json");
    }

    // ---- helpers ----

    private static boolean numeric(Route route, String variable) {
        return route.parameters(PathVariable.class).stream()
                .filter(p -> variable.equals(name(p)))
                .anyMatch(NeverA500ApiTest::numeric);
    }

    private static boolean numeric(MethodParameter p) {
        Class<?> type = p.getNestedParameterType();
        return type == int.class
                || type == long.class
                || type == Integer.class
                || type == Long.class
                || name(p).equals("limit");
    }

    private static String name(MethodParameter p) {
        String declared = "";
        if (p.hasParameterAnnotation(RequestParam.class)) {
            declared = p.getParameterAnnotation(RequestParam.class).name();
        } else if (p.hasParameterAnnotation(PathVariable.class)) {
            declared = p.getParameterAnnotation(PathVariable.class).name();
        }
        return declared.isEmpty() ? p.getParameterName() : declared;
    }

    private static boolean allOptional(Route route) {
        return route.bodyRecord()
                .map(Class::getSimpleName)
                .filter(ALL_OPTIONAL::contains)
                .isPresent();
    }

    /** The JSON fields of the body's record, with their types; a channel is read from its bytes as a Channel. */
    private static Map<String, Class<?>> fields(Route route) {
        Class<?> type = route.bodyRecord()
                .orElse(
                        route.pattern().startsWith("/api/v1/channels/")
                                ? org.kepu.review.channels.Channel.class
                                : null);
        Map<String, Class<?>> fields = new LinkedHashMap<>();
        if (type != null) {
            for (RecordComponent c : type.getRecordComponents()) {
                com.fasterxml.jackson.annotation.JsonProperty renamed =
                        c.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                fields.put(renamed == null ? c.getName() : renamed.value(), c.getType());
            }
        }
        return fields;
    }

    private static String wrongValue(Class<?> type) {
        if (type == String.class || List.class.isAssignableFrom(type)) {
            return "{\"nested\":1}";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "\"maybe\"";
        }
        if (type.isEnum() || type == Instant.class || Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "\"nonsense\"";
        }
        return "\"a string for an object\"";
    }

    private static String replaceParam(String uri, String name, String value) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        List<String> params = new ArrayList<>();
        if (uri.contains("?")) {
            for (String pair : uri.substring(uri.indexOf('?') + 1).split("&")) {
                if (!pair.startsWith(name + "=")) {
                    params.add(pair);
                }
            }
        }
        params.add(name + "=" + value);
        return path + "?" + String.join("&", params);
    }

    private static String sep(String uri) {
        return uri.contains("?") ? "&" : "?";
    }

    private static String part(String name, String filename, String type, String content) {
        return "--b0undary\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\nContent-Type: " + type + "\r\n\r\n"
                + content + "\r\n";
    }

    private static JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(DevTokenIssuer.ISSUER)
                .subject("root")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("roles", List.of("creator", "reviewer", "editor", "outlet", "admin"))
                .claim("azp", "root");
    }

    private static String signed(byte[] key, JWTClaimsSet.Builder claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(key));
        return "Bearer " + jwt.serialize();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String base64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "…";
    }
}
