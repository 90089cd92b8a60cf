package org.kepu.api.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Set;
import org.kepu.api.problem.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /dev/token}: mints a token in embedded mode; answers 404 when a real issuer is used. */
@RestController
class DevTokenController {

    private static final Set<String> ROLES =
            Set.of(Caller.CREATOR, Caller.REVIEWER, Caller.EDITOR, Caller.OUTLET, Caller.ADMIN);

    private final DevTokenIssuerHolder holder;

    DevTokenController(DevTokenIssuerHolder holder) {
        this.holder = holder;
    }

    record TokenRequest(String sub, List<String> roles, List<String> disciplines) {}

    /** An OAuth 2.0 token response (RFC 6749 §5.1), hence its snake_case names. */
    record TokenAnswer(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") long expiresIn) {}

    @PostMapping("/dev/token")
    TokenAnswer token(ServerHttpRequest http, @RequestBody TokenRequest request) {
        DevTokenIssuer issuer = holder.issuer().orElseThrow(() -> Problem.notFound("The development token issuer"));
        if (!holder.answers(http.getRemoteAddress())) {
            throw Problem.forbidden("The development token issuer answers only clients on kepu's own machine"
                    + " (kepu.auth.dev-issuer.open=true opens it to others).");
        }
        if (request.sub() == null || !request.sub().matches("[\\p{L}\\p{N}._@-]{1,64}")) {
            throw new Problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "invalid-token-request",
                    "'sub' is required: 1 to 64 letters, digits or . _ @ -");
        }
        List<String> roles = request.roles() == null ? List.of() : request.roles();
        List<String> unknown = roles.stream().filter(r -> !ROLES.contains(r)).toList();
        if (roles.isEmpty() || !unknown.isEmpty()) {
            throw new Problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "invalid-token-request",
                    "'roles' must name one or more of " + ROLES + (unknown.isEmpty() ? "" : "; unknown: " + unknown));
        }
        List<String> disciplines = request.disciplines() == null ? List.of() : request.disciplines();
        String token = issuer.mint(request.sub(), roles, disciplines);
        return new TokenAnswer(token, "Bearer", issuer.ttl().toSeconds());
    }
}
