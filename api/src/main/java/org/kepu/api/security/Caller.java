package org.kepu.api.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, read from the token: the subject, the roles (kepu's own {@code roles} claim or Keycloak's
 * {@code realm_access.roles}), the reviewer's disciplines and the OAuth client (outlets).
 */
public record Caller(String id, Set<String> roles, List<String> disciplines, String clientId) {

    public static final String CREATOR = "creator";
    public static final String REVIEWER = "reviewer";
    public static final String EDITOR = "editor";
    public static final String OUTLET = "outlet";
    public static final String ADMIN = "admin";

    public static Caller of(Jwt jwt) {
        String client = jwt.hasClaim("azp") ? jwt.getClaimAsString("azp") : jwt.getClaimAsString("client_id");
        return new Caller(
                jwt.getSubject(),
                roles(jwt.getClaims()),
                strings(jwt.getClaims().get("disciplines")),
                client);
    }

    static Set<String> roles(Map<String, Object> claims) {
        Stream<String> own = strings(claims.get("roles")).stream();
        Stream<String> keycloak = claims.get("realm_access") instanceof Map<?, ?> realm
                ? strings(realm.get("roles")).stream()
                : Stream.empty();
        return Stream.concat(own, keycloak).collect(Collectors.toUnmodifiableSet());
    }

    private static List<String> strings(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value instanceof String s ? List.of(s) : List.of();
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Reviewers, editors and admins see every work; creators only their own. */
    public boolean seesAllWorks() {
        return has(REVIEWER) || has(EDITOR) || has(ADMIN);
    }
}
