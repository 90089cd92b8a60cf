package org.kepu.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.kepu.api.security.AuthorisationMatrix.Issuer;
import org.kepu.api.testing.KepuClient;
import org.kepu.testkit.KeycloakServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The authorisation matrix again, with tokens from a real Keycloak realm: roles from
 * {@code realm_access.roles}, subjects chosen by Keycloak, outlets known by their OAuth client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class AuthorisationMatrixIT {

    @DynamicPropertySource
    static void realm(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-matrix-keycloak").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.auth.issuer-uri", () -> KeycloakServer.shared().issuerUri());
        registry.add("kepu.extraction.timeout", () -> "30s");
        registry.add("kepu.webhooks.poll-interval", () -> "200ms");
        registry.add("kepu.webhooks.timeout", () -> "1s");
    }

    @Autowired
    WebTestClient web;

    @Test
    void everyRouteAnswersEachPersonaAsTheTableSaysAndRevealsNothingOfOthers() {
        AccessScenario scenario = new AccessScenario(new KepuClient(web), keycloakTokens()).prepare();
        assertThat(AuthorisationMatrix.failures(web, scenario, AuthorisationMatrix.rows(Issuer.OIDC)))
                .isEmpty();
    }

    /** One token per persona, fetched once: the realm's tokens outlive the walk. */
    private static PersonaTokens keycloakTokens() {
        KeycloakServer keycloak = KeycloakServer.shared();
        Map<Persona, String> users = Map.of(
                Persona.OWNER, "alice",
                Persona.OTHER_CREATOR, "bob",
                Persona.ASSIGNED_REVIEWER, "rui",
                Persona.UNASSIGNED_REVIEWER, "una",
                Persona.CONFLICTED_REVIEWER, "cho",
                Persona.EDITOR, "eddie",
                Persona.ADMIN, "root");
        Map<Persona, String> tokens = new ConcurrentHashMap<>();
        return persona -> tokens.computeIfAbsent(persona, p -> switch (p) {
            case ENTITLED_OUTLET -> keycloak.clientToken(KeycloakServer.OUTLET_CLIENT, KeycloakServer.OUTLET_SECRET);
            case OTHER_OUTLET ->
                keycloak.clientToken(KeycloakServer.OTHER_OUTLET_CLIENT, KeycloakServer.OTHER_OUTLET_SECRET);
            case ANONYMOUS -> throw new IllegalArgumentException("the anonymous persona has no token");
            default -> keycloak.token(users.get(p), KeycloakServer.password(users.get(p)));
        });
    }
}
