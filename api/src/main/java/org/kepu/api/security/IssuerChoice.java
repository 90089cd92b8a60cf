package org.kepu.api.security;

import java.util.ArrayList;
import java.util.List;
import org.kepu.api.config.KepuProperties;

/**
 * Decides, once at start, whether kepu mints its own tokens. It fails closed: the development issuer
 * lets anyone on the machine become an admin, so it never switches itself on next to a production part
 * (an S3 store or Elasticsearch) merely because an issuer was forgotten. Such a configuration does not
 * start at all.
 */
public final class IssuerChoice {

    private IssuerChoice() {}

    /**
     * @return whether the development issuer runs
     * @throws IllegalStateException when the configuration names no way to check tokens, or two
     */
    public static boolean devIssuer(KepuProperties properties) {
        KepuProperties.Auth auth = properties.auth();
        Boolean chosen = auth.devIssuer() == null ? null : auth.devIssuer().enabled();
        if (auth.hasIssuer()) {
            if (Boolean.TRUE.equals(chosen)) {
                throw new IllegalStateException("kepu.auth.dev-issuer.enabled=true and an OpenID Connect issuer"
                        + " (kepu.auth.issuer-uri or kepu.auth.jwk-set-uri) are both set: choose one.");
            }
            return false;
        }
        if (chosen != null) {
            if (!chosen) {
                throw new IllegalStateException("kepu.auth.dev-issuer.enabled=false and no OpenID Connect issuer"
                        + " is set, so no token could ever be checked: set kepu.auth.issuer-uri.");
            }
            return true;
        }
        List<String> production = productionParts(properties);
        if (!production.isEmpty()) {
            throw new IllegalStateException("kepu is configured with " + String.join(" and ", production)
                    + " but no identity provider. Set kepu.auth.issuer-uri (an OpenID Connect issuer such as a"
                    + " Keycloak realm), or set kepu.auth.dev-issuer.enabled=true to run the development token"
                    + " issuer on purpose (for tests and trials only: anyone who reaches it gets any role).");
        }
        return true;
    }

    private static List<String> productionParts(KepuProperties properties) {
        List<String> parts = new ArrayList<>();
        if (properties.store() != null && properties.store().type() == KepuProperties.StoreType.S3) {
            parts.add("an S3 object store (kepu.store.type=s3)");
        }
        if (properties.search() != null && properties.search().type() == KepuProperties.SearchType.ELASTICSEARCH) {
            parts.add("Elasticsearch (kepu.search.type=elasticsearch)");
        }
        return parts;
    }
}
