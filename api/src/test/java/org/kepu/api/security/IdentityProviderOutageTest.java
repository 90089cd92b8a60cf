package org.kepu.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * While the issuer cannot be reached, a token cannot be checked: kepu says so with 503 instead of a
 * 500, and checks tokens again as soon as the issuer is back. The issuer here is a small stand-in
 * that publishes a discovery document and a key set, so its outage can be switched on and off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class IdentityProviderOutageTest {

    private static final int ISSUER_PORT = freePort();
    private static final String ISSUER = "http://127.0.0.1:" + ISSUER_PORT + "/realms/kepu";
    private static final RSAKey KEY = rsaKey();

    @DynamicPropertySource
    static void unreachableIssuer(DynamicPropertyRegistry registry) {
        registry.add("kepu.data-dir", IdentityProviderOutageTest::tempDir);
        registry.add("kepu.auth.issuer-uri", () -> ISSUER);
    }

    @Autowired
    WebTestClient web;

    @Test
    void anUnreachableIssuerAnswers503AndKepuRecoversWhenItIsBack() throws IOException {
        String alice = token("alice", List.of("creator"));

        web.get()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists("Retry-After")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:kepu:problem:identity-provider-unavailable");
        web.get()
                .uri("/api/v1/works")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .returnResult();
        // Still ready: public feeds and downloads need no token, and each request that does says why it
        // cannot be served. Health as a whole reports the issuer's outage.
        web.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        web.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody()
                .returnResult();

        HttpServer issuer = startIssuer();
        try {
            web.get()
                    .uri("/api/v1/works")
                    .headers(h -> h.setBearerAuth(alice))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult();
            web.get()
                    .uri("/api/v1/works")
                    .headers(h -> h.setBearerAuth(alice.substring(0, alice.length() - 4) + "AAAA"))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .returnResult();
        } finally {
            issuer.stop(0);
        }
    }

    private static HttpServer startIssuer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), ISSUER_PORT), 0);
        server.createContext(
                "/realms/kepu/.well-known/openid-configuration",
                exchange -> json(
                        exchange,
                        "{\"issuer\":\"" + ISSUER + "\",\"jwks_uri\":\"" + ISSUER + "/protocol/openid-connect/certs\","
                                + "\"subject_types_supported\":[\"public\"]}"));
        server.createContext(
                "/realms/kepu/protocol/openid-connect/certs",
                exchange -> json(exchange, new JWKSet(KEY.toPublicJWK()).toString()));
        server.start();
        return server;
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String token(String subject, List<String> roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("realm_access", Map.of("roles", roles))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(KEY));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("outage-test").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("kepu-issuer-outage").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
