package org.kepu.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kepu.api.security.AuthorisationMatrix.Issuer;
import org.kepu.api.security.AuthorisationMatrix.Row;
import org.kepu.api.testing.DevTokens;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/** The authorisation matrix on the embedded default, with tokens of the development issuer. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class AuthorisationMatrixApiTest {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-matrix").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.extraction.timeout", () -> "30s");
        registry.add("kepu.webhooks.poll-interval", () -> "200ms");
        registry.add("kepu.webhooks.timeout", () -> "1s");
    }

    @Autowired
    WebTestClient web;

    /** The application's controllers, and actuator's controller endpoints should there be any. */
    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    /** Prepared once for the class: the application context, and so its data, is shared by the tests. */
    private static AccessScenario scenario;

    private AccessScenario scenario() {
        if (scenario == null) {
            scenario = new AccessScenario(new KepuClient(web), devTokens(web)).prepare();
        }
        return scenario;
    }

    @Test
    void everyRouteAnswersEachPersonaAsTheTableSaysAndRevealsNothingOfOthers() {
        assertThat(AuthorisationMatrix.failures(web, scenario(), AuthorisationMatrix.rows(Issuer.DEV)))
                .isEmpty();
    }

    @Test
    void publicFeedsAndTombstonesNameTheCreatorByHerBylineNeverByHerAccount() {
        AccessScenario s = scenario();
        String account = s.id(Persona.OWNER);
        for (String path : List.of(
                "/feeds/" + AccessScenario.PUBLIC + ".atom",
                "/feeds/" + AccessScenario.PUBLIC + ".rss",
                "/feeds/" + AccessScenario.PUBLIC + ".json",
                "/api/v1/channels/" + AccessScenario.PUBLIC + "/items/" + s.open)) {
            String body = web.get()
                    .uri(path)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(body).as(path).contains(AccessScenario.BYLINE).doesNotContain(account);
        }
        // The retracted work chose no byline: its tombstone names nobody, in the feed and in delta sync.
        String changes = web.get()
                .uri("/api/v1/channels/" + AccessScenario.PUBLIC + "/changes")
                .headers(h -> h.setBearerAuth(s.token(Persona.OTHER_OUTLET)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(changes).contains(s.retracted).doesNotContain(account);
    }

    @Test
    void everyRouteOfTheApplicationHasARowInTheTable() {
        Set<String> routes = new TreeSet<>();
        mappings.stream()
                .flatMap(m -> m.getHandlerMethods().keySet().stream())
                .forEach(info -> info.getPatternsCondition()
                        .getPatterns()
                        .forEach(pattern -> info.getMethodsCondition()
                                .getMethods()
                                .forEach(method -> routes.add(method + " " + pattern.getPatternString()))));
        Set<String> rows = new TreeSet<>();
        for (Row row : AuthorisationMatrix.rows(Issuer.DEV)) {
            rows.add(row.method() + " " + row.template());
        }
        assertThat(routes).as("routes the application serves").isNotEmpty();
        assertThat(rows).containsAll(routes);
    }

    /** Tokens minted once per persona, with subjects that occur nowhere else. */
    static PersonaTokens devTokens(WebTestClient web) {
        Map<Persona, String> subjects = new EnumMap<>(Persona.class);
        subjects.put(Persona.OWNER, "matrix-ada");
        subjects.put(Persona.OTHER_CREATOR, "matrix-ben");
        subjects.put(Persona.ASSIGNED_REVIEWER, "matrix-rui");
        subjects.put(Persona.UNASSIGNED_REVIEWER, "matrix-una");
        subjects.put(Persona.CONFLICTED_REVIEWER, "matrix-cho");
        subjects.put(Persona.EDITOR, "matrix-eli");
        subjects.put(Persona.ADMIN, "matrix-ari");
        subjects.put(Persona.ENTITLED_OUTLET, "matrix-outlet-one");
        subjects.put(Persona.OTHER_OUTLET, "matrix-outlet-two");
        Map<Persona, String> roles = new EnumMap<>(Persona.class);
        roles.put(Persona.OWNER, "creator");
        roles.put(Persona.OTHER_CREATOR, "creator");
        roles.put(Persona.ASSIGNED_REVIEWER, "reviewer");
        roles.put(Persona.UNASSIGNED_REVIEWER, "reviewer");
        roles.put(Persona.CONFLICTED_REVIEWER, "reviewer");
        roles.put(Persona.EDITOR, "editor");
        roles.put(Persona.ADMIN, "admin");
        roles.put(Persona.ENTITLED_OUTLET, "outlet");
        roles.put(Persona.OTHER_OUTLET, "outlet");
        Map<Persona, String> tokens = new EnumMap<>(Persona.class);
        subjects.forEach((p, sub) -> tokens.put(p, DevTokens.token(web, sub, roles.get(p))));
        return persona -> {
            String token = tokens.get(persona);
            if (token == null) {
                throw new IllegalArgumentException(persona + " has no token");
            }
            return token;
        };
    }
}
