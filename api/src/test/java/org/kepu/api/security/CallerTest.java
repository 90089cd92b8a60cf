package org.kepu.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.api.config.KepuProperties;
import org.kepu.ingestion.store.ObjectStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** How a token's claims become a caller, for kepu's own tokens and for Keycloak's. */
class CallerTest {

    /** Directory mode: the development key never goes to the object store. */
    private static final ObjectProvider<ObjectStore> NO_STORE =
            new StaticListableBeanFactory().getBeanProvider(ObjectStore.class);

    @TempDir
    Path data;

    @Test
    void keycloakRealmRolesCountButClientRolesDoNot() {
        Caller rita = Caller.of(jwt(Map.of(
                "sub", "7cecded2-9a8b-41a9-bd7a-28cb377003de",
                "azp", "kepu-cli",
                "realm_access", Map.of("roles", List.of("reviewer", "default-roles-kepu", "offline_access")),
                "resource_access", Map.of("account", Map.of("roles", List.of("admin", "manage-account"))),
                "disciplines", List.of("physics", "medicine"))));

        assertThat(rita.id()).isEqualTo("7cecded2-9a8b-41a9-bd7a-28cb377003de");
        assertThat(rita.roles()).containsExactlyInAnyOrder("reviewer", "default-roles-kepu", "offline_access");
        assertThat(rita.has(Caller.ADMIN))
                .as("a client role named admin is not the realm role")
                .isFalse();
        assertThat(rita.disciplines()).containsExactly("physics", "medicine");
        assertThat(rita.clientId()).isEqualTo("kepu-cli");
        assertThat(rita.seesAllWorks()).isTrue();
    }

    @Test
    void kepusOwnRolesClaimAndKeycloaksAreMerged() {
        Caller caller = Caller.of(jwt(Map.of(
                "sub", "eddie",
                "roles", List.of("editor"),
                "realm_access", Map.of("roles", List.of("creator")))));

        assertThat(caller.roles()).containsExactlyInAnyOrder("editor", "creator");
    }

    @Test
    void aSingleStringCountsAsOneValue() {
        Caller caller = Caller.of(
                jwt(Map.of("sub", "rita", "realm_access", Map.of("roles", "reviewer"), "disciplines", "chemistry")));

        assertThat(caller.roles()).containsExactly("reviewer");
        assertThat(caller.disciplines()).containsExactly("chemistry");
    }

    @Test
    void missingOrMisshapenClaimsGiveNoRolesRatherThanAnError() {
        assertThat(Caller.of(jwt(Map.of("sub", "nobody"))).roles()).isEmpty();
        assertThat(Caller.of(jwt(Map.of("sub", "nobody", "realm_access", "admin")))
                        .roles())
                .isEmpty();
        assertThat(Caller.of(jwt(Map.of("sub", "nobody", "realm_access", Map.of("roles", Map.of("admin", true)))))
                        .roles())
                .isEmpty();
        Caller nobody = Caller.of(jwt(Map.of("sub", "nobody")));
        assertThat(nobody.disciplines()).isEmpty();
        assertThat(nobody.clientId()).isNull();
        assertThat(nobody.seesAllWorks()).isFalse();
    }

    @Test
    void theClientIsTheAuthorizedPartyOrElseTheClientIdClaim() {
        assertThat(Caller.of(jwt(Map.of("sub", "s", "azp", "outlet-xinhua", "client_id", "other")))
                        .clientId())
                .isEqualTo("outlet-xinhua");
        assertThat(Caller.of(jwt(Map.of("sub", "s", "client_id", "outlet-people")))
                        .clientId())
                .isEqualTo("outlet-people");
    }

    @Test
    void onlyReviewersEditorsAndAdminsSeeEveryWork() {
        assertThat(callerWith("creator").seesAllWorks()).isFalse();
        assertThat(callerWith("outlet").seesAllWorks()).isFalse();
        assertThat(callerWith("reviewer").seesAllWorks()).isTrue();
        assertThat(callerWith("editor").seesAllWorks()).isTrue();
        assertThat(callerWith("admin").seesAllWorks()).isTrue();
    }

    @Test
    void theDevDecoderAcceptsItsOwnTokensWithTheirRolesAndDisciplines() {
        SecurityConfig config = new SecurityConfig();
        KepuProperties properties = properties(auth(null, null));
        DevTokenIssuerHolder holder = config.devTokenIssuer(properties, NO_STORE, Clock.systemUTC());
        ReactiveJwtDecoder decoder = config.jwtDecoder(properties, holder, java.time.Clock.systemUTC());

        String token = holder.issuer().orElseThrow().mint("rita", List.of("reviewer"), List.of("physics"));
        Caller rita = Caller.of(decoder.decode(token).block(Duration.ofSeconds(10)));

        assertThat(rita.id()).isEqualTo("rita");
        assertThat(rita.roles()).containsExactly("reviewer");
        assertThat(rita.disciplines()).containsExactly("physics");
    }

    @Test
    void theDevDecoderRefusesOtherIssuersOtherKeysAndExpiredTokens() throws JOSEException {
        SecurityConfig config = new SecurityConfig();
        KepuProperties properties = properties(auth(null, null));
        DevTokenIssuerHolder holder = config.devTokenIssuer(properties, NO_STORE, Clock.systemUTC());
        ReactiveJwtDecoder decoder = config.jwtDecoder(properties, holder, java.time.Clock.systemUTC());
        byte[] key = holder.issuer().orElseThrow().secretKey().getEncoded();

        String otherIssuer = hs256(key, "http://127.0.0.1:8080/realms/kepu", Instant.now());
        assertThatThrownBy(() -> decoder.decode(otherIssuer).block()).isInstanceOf(JwtException.class);

        String otherKey = hs256(new byte[32], DevTokenIssuer.ISSUER, Instant.now());
        assertThatThrownBy(() -> decoder.decode(otherKey).block()).isInstanceOf(JwtException.class);

        // Past the 60 s of clock skew that the timestamp check allows.
        DevTokenIssuer yesterday = new DevTokenIssuer(
                data, Duration.ofHours(1), Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));
        String expired = yesterday.mint("alice", List.of("creator"), List.of());
        assertThatThrownBy(() -> decoder.decode(expired).block()).isInstanceOf(JwtException.class);
    }

    @Test
    void theDevDecoderRefusesATokenWithoutASubject() throws JOSEException {
        SecurityConfig config = new SecurityConfig();
        KepuProperties properties = properties(auth(null, null));
        DevTokenIssuerHolder holder = config.devTokenIssuer(properties, NO_STORE, Clock.systemUTC());
        ReactiveJwtDecoder decoder = config.jwtDecoder(properties, holder, java.time.Clock.systemUTC());
        byte[] key = holder.issuer().orElseThrow().secretKey().getEncoded();

        for (String subject : new String[] {null, "", "  "}) {
            String token = hs256(key, DevTokenIssuer.ISSUER, Instant.now(), subject);
            assertThatThrownBy(() -> decoder.decode(token).block()).isInstanceOf(JwtException.class);
        }
        String withSubject = hs256(key, DevTokenIssuer.ISSUER, Instant.now(), "mallory");
        assertThat(decoder.decode(withSubject).block().getSubject()).isEqualTo("mallory");
    }

    @Test
    void theDevDecoderRefusesATokenWithoutAnExpiry() throws JOSEException {
        SecurityConfig config = new SecurityConfig();
        KepuProperties properties = properties(auth(null, null));
        DevTokenIssuerHolder holder = config.devTokenIssuer(properties, NO_STORE, Clock.systemUTC());
        ReactiveJwtDecoder decoder = config.jwtDecoder(properties, holder, java.time.Clock.systemUTC());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(DevTokenIssuer.ISSUER)
                .subject("mallory")
                .issueTime(new Date())
                .claim("roles", List.of("admin"))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(holder.issuer().orElseThrow().secretKey().getEncoded()));
        String forever = jwt.serialize();

        assertThatThrownBy(() -> decoder.decode(forever).block()).isInstanceOf(JwtException.class);
    }

    @Test
    void aConfiguredIssuerTurnsTheDevIssuerOff() {
        SecurityConfig config = new SecurityConfig();
        KepuProperties properties = properties(auth("http://127.0.0.1:1/realms/kepu", null));

        assertThat(config.devTokenIssuer(properties, NO_STORE, Clock.systemUTC())
                        .issuer())
                .isEmpty();
        assertThat(data.resolve("dev-issuer.key")).doesNotExist();
    }

    private Caller callerWith(String role) {
        return Caller.of(jwt(Map.of("sub", "someone", "realm_access", Map.of("roles", List.of(role)))));
    }

    private static Jwt jwt(Map<String, Object> claims) {
        Map<String, Object> all = new LinkedHashMap<>(claims);
        all.putIfAbsent("iss", "http://127.0.0.1:8080/realms/kepu");
        Instant now = Instant.now();
        return new Jwt("token", now, now.plusSeconds(300), Map.of("alg", "RS256"), all);
    }

    private static KepuProperties.Auth auth(String issuerUri, String jwkSetUri) {
        return new KepuProperties.Auth(issuerUri, jwkSetUri, Duration.ofHours(8), null);
    }

    private KepuProperties properties(KepuProperties.Auth auth) {
        return new KepuProperties(data, null, auth, null, null, null, null, null, null, null);
    }

    private static String hs256(byte[] key, String issuer, Instant issuedAt) throws JOSEException {
        return hs256(key, issuer, issuedAt, "mallory");
    }

    private static String hs256(byte[] key, String issuer, Instant issuedAt, String subject) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plusSeconds(300)))
                .claim("roles", List.of("admin"))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }
}
