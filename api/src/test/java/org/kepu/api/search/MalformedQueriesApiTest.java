package org.kepu.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kepu.api.security.DevTokenIssuer;
import org.kepu.api.security.DevTokenIssuerHolder;
import org.kepu.api.testing.DevTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Query parameters a client gets wrong, on purpose or not: each is a 4xx problem document, never a 500,
 * and search answers as usual afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedQueriesApiTest {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-malformed").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    DevTokenIssuerHolder devIssuer;

    private String creator;
    private String reviewer;

    @BeforeAll
    void people() {
        creator = DevTokens.token(web, "carol", "creator");
        reviewer = DevTokens.token(web, "rita", "reviewer");
    }

    static Stream<Arguments> malformed() {
        String fiveHundredWords = IntStream.range(0, 500).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        String longChinese = "碳达峰与碳中和是一场广泛而深刻的经济社会系统性变革".repeat(12);
        return Stream.of(
                // The listing pages through the same index as search, 1,000 hits deep.
                works("page=100&size=20"),
                works("page=49&size=21"),
                works("page=-1"),
                works("size=0"),
                works("size=101"),
                works("size=-5"),
                works("page=abc"),
                works("size=1e3"),
                works("page=2147483647"),
                works("page=2147483647&size=100"),
                works("page=2147483648"),
                works("page=99999999999999999999"),
                works("status=nonsense"),
                works("mine=maybe"),
                search("page=-1"),
                search("page=2147483647"),
                search("page=2147483647&size=100"),
                search("page=10&size=100"),
                search("page=x"),
                search("size=0"),
                search("size=100000"),
                search("size=NaN"),
                search("sort=popularity"),
                search("sort=DROP TABLE"),
                search("from=yesterday"),
                search("from=2026-13-45"),
                search("from=2026-1-1"),
                search("from=9999999999"),
                search("from=+1000000000-12-31T23:59:59.999999999Z"),
                search("to=-1000000000-01-01T00:00:00Z"),
                search("from=+999999999-12-31T00:00:00Z"),
                search("from=2026-01-01&to=2025-01-01"),
                search("cursor=!!!"),
                search("cursor=" + cursor("not a cursor")),
                search("cursor=" + cursor("NaN\nsome-id")),
                search("cursor=" + cursor("1e400\nsome-id")),
                search("cursor=" + cursor("-Infinity\nsome-id")),
                search("cursor=" + cursor("abc\nsome-id")),
                search("cursor=" + cursor("1e300")),
                search("q=" + fiveHundredWords),
                search("q=" + longChinese));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void isAProblemDocumentNotA500(String uri) {
        for (String token : List.of(creator, reviewer)) {
            web.get()
                    .uri(uri)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .value(status -> assertThat(status).as(uri).isBetween(400, 499))
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    // reading the body also hands the client's buffers back
                    .expectBody()
                    .jsonPath("$.status")
                    .value(status -> assertThat((Integer) status).isBetween(400, 499));
        }
    }

    @Test
    void deepPagesSayHowDeepTheyGo() {
        web.get()
                .uri("/api/v1/works?page=100&size=20")
                .headers(h -> h.setBearerAuth(creator))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("1000"));
    }

    /** Signed with the development issuer's own key, so only the missing subject is wrong with it. */
    @Test
    void aTokenWithoutASubjectIsRefusedWith401() throws JOSEException {
        for (String subject : new String[] {null, " "}) {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .issuer(DevTokenIssuer.ISSUER)
                    .issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                    .claim("roles", List.of("creator", "reviewer"));
            if (subject != null) {
                claims.subject(subject);
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(devIssuer.issuer().orElseThrow().secretKey().getEncoded()));
            for (String uri : List.of("/api/v1/works", "/api/v1/search?q=x")) {
                web.get()
                        .uri(uri)
                        .headers(h -> h.setBearerAuth(jwt.serialize()))
                        .exchange()
                        .expectStatus()
                        .isEqualTo(HttpStatus.UNAUTHORIZED)
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody()
                        .jsonPath("$.status")
                        .isEqualTo(401);
            }
        }
    }

    @AfterAll
    void searchStillAnswers() {
        for (String token : List.of(creator, reviewer)) {
            web.get()
                    .uri("/api/v1/search?q=碳中和&page=1&size=10")
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .value(body -> assertThat(body).containsKeys("total", "hits"));
        }
    }

    private static Arguments works(String query) {
        return Arguments.of("/api/v1/works?" + query);
    }

    private static Arguments search(String query) {
        return Arguments.of("/api/v1/search?" + (query.startsWith("q=") ? "" : "q=x&") + query);
    }

    private static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
