package org.kepu.api.testing;

import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Tokens from the embedded development issuer, as the tests' callers use them. */
public final class DevTokens {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    private DevTokens() {}

    public static String token(WebTestClient web, String sub, String... roles) {
        return token(web, sub, List.of(), roles);
    }

    public static String token(WebTestClient web, String sub, List<String> disciplines, String... roles) {
        return (String) web.post()
                .uri("/dev/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sub", sub, "roles", List.of(roles), "disciplines", disciplines))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody()
                .get("access_token");
    }
}
