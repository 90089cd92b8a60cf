package org.kepu.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.testkit.KeycloakServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * kepu as a resource server of a real Keycloak realm: users and an outlet get their tokens from
 * Keycloak, kepu checks them against the realm's published keys and reads roles from
 * {@code realm_access.roles} and disciplines from the {@code disciplines} claim.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class KeycloakIT {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};
    private static final String METADATA =
            "{\"title\":\"光速有多快\",\"kind\":\"article\",\"topics\":[\"physics\"],\"audiences\":[\"public\"]}";

    private static final Path DATA = tempDir();

    @DynamicPropertySource
    static void realm(DynamicPropertyRegistry registry) {
        registry.add("kepu.data-dir", DATA::toString);
        registry.add("kepu.auth.issuer-uri", () -> keycloak().issuerUri());
        registry.add("kepu.extraction.timeout", () -> "30s");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveJwtDecoder decoder;

    @Test
    void aCreatorsWorkIsSeenByItsCreatorAndReviewersButNotByOtherCreatorsOrOutlets() {
        String alice = userToken("alice");
        Map<String, Object> created = upload(alice)
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        String id = (String) created.get("id");
        assertThat(created.get("owner"))
                .as("the owner is the Keycloak subject, not a user name from the request")
                .isEqualTo(decode(alice).getSubject());

        read(alice, id).expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(id);
        read(userToken("rita"), id).expectStatus().isOk().expectBody().returnResult();
        read(userToken("eddie"), id).expectStatus().isOk().expectBody().returnResult();
        read(userToken("root"), id).expectStatus().isOk().expectBody().returnResult();

        String bob = userToken("bob");
        read(bob, id)
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult();
        Map<String, Object> bobsList = web.get()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(bob))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat((List<?>) bobsList.get("items")).noneMatch(item -> id.equals(((Map<?, ?>) item).get("id")));
        Map<String, Object> alicesList = web.get()
                .uri("/api/v1/works?mine=true")
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat((List<?>) alicesList.get("items")).anyMatch(item -> id.equals(((Map<?, ?>) item).get("id")));

        String outlet = keycloak().clientToken(KeycloakServer.OUTLET_CLIENT, KeycloakServer.OUTLET_SECRET);
        upload(outlet)
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult();
        read(outlet, id).expectStatus().isNotFound().expectBody().returnResult();
    }

    @Test
    void rolesComeFromRealmAccessAndDisciplinesFromTheirClaim() {
        Caller rita = Caller.of(decode(userToken("rita")));
        assertThat(rita.roles()).contains(Caller.REVIEWER).doesNotContain(Caller.CREATOR, Caller.ADMIN);
        assertThat(rita.disciplines()).containsExactlyInAnyOrder("physics", "medicine");
        assertThat(rita.clientId()).isEqualTo(KeycloakServer.CLI_CLIENT);
        assertThat(rita.seesAllWorks()).isTrue();

        Caller alice = Caller.of(decode(userToken("alice")));
        assertThat(alice.roles()).contains(Caller.CREATOR).doesNotContain(Caller.REVIEWER, Caller.ADMIN);
        assertThat(alice.disciplines()).isEmpty();
        assertThat(alice.seesAllWorks()).isFalse();

        Caller outlet =
                Caller.of(decode(keycloak().clientToken(KeycloakServer.OUTLET_CLIENT, KeycloakServer.OUTLET_SECRET)));
        assertThat(outlet.roles()).contains(Caller.OUTLET).doesNotContain(Caller.CREATOR);
        assertThat(outlet.clientId()).isEqualTo(KeycloakServer.OUTLET_CLIENT);
        assertThat(outlet.seesAllWorks()).isFalse();
    }

    @Test
    void withoutATokenOnlyHealthAnswersAndTheDevIssuerIsOff() {
        web.get()
                .uri("/api/v1/works")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.requestId")
                .isNotEmpty();
        web.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        String answer = web.post()
                .uri("/dev/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sub", "mallory", "roles", List.of("admin")))
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isIn(401, 404))
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer).doesNotContain("access_token");
        assertThat(DATA.resolve("dev-issuer.key"))
                .as("no development signing key is created")
                .doesNotExist();
    }

    @Test
    void tokensKeycloakDidNotSignForThisRealmAreRefused() {
        String otherRealm = keycloak()
                .token(
                        KeycloakServer.OTHER_REALM,
                        KeycloakServer.CLI_CLIENT,
                        "alice",
                        KeycloakServer.password("alice"));
        assertRefused(otherRealm);

        String alice = userToken("alice");
        assertRefused(withAdminRoleAdded(alice));
        assertRefused(hs256(keycloak().issuerUri()));
        assertRefused(unsigned(alice));
        assertRefused("not-a-jwt");
        // The untouched token still works, so the refusals above are about the token and nothing else.
        web.get()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
    }

    @Test
    void anExpiredTokenIsRefused() throws ParseException, InterruptedException {
        String brief = keycloak()
                .token(KeycloakServer.REALM, KeycloakServer.BRIEF_CLIENT, "alice", KeycloakServer.password("alice"));
        Instant expiry =
                SignedJWT.parse(brief).getJWTClaimsSet().getExpirationTime().toInstant();
        web.get()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(brief))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        // Spring's timestamp check allows 60 s of clock skew.
        Duration wait = Duration.between(Instant.now(), expiry.plusSeconds(62));
        if (!wait.isNegative()) {
            Thread.sleep(wait.toMillis());
        }
        assertRefused(brief);
    }

    private void assertRefused(String token) {
        web.get()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401);
    }

    private static KeycloakServer keycloak() {
        return KeycloakServer.shared();
    }

    private static String userToken(String user) {
        return keycloak().token(user, KeycloakServer.password(user));
    }

    private Jwt decode(String token) {
        return decoder.decode(token).block(Duration.ofSeconds(30));
    }

    private WebTestClient.ResponseSpec upload(String token) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("metadata", METADATA, MediaType.APPLICATION_JSON);
        builder.part("file", new ByteArrayResource("# 光速\n\n光在真空中每秒约传播30万公里。".getBytes(StandardCharsets.UTF_8)) {
                    @Override
                    public String getFilename() {
                        return "light.md";
                    }
                })
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        return web.post()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(token))
                .body(BodyInserters.fromMultipartData(builder.build()))
                .exchange();
    }

    private WebTestClient.ResponseSpec read(String token, String id) {
        return web.get()
                .uri("/api/v1/works/{id}", id)
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    /** The same header and signature over a payload that also grants admin: the signature no longer fits. */
    private static String withAdminRoleAdded(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace("\"roles\":[", "\"roles\":[\"admin\",");
        assertThat(forged).isNotEqualTo(payload);
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    /** What the development issuer would mint, claiming to come from the realm. */
    private static String hs256(String issuer) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("mallory")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("realm_access", Map.of("roles", List.of("admin", "creator")))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A real token's claims with {@code alg: none} and no signature. */
    private static String unsigned(String token) {
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + token.split("\\.")[1] + ".";
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kepu-keycloak-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
