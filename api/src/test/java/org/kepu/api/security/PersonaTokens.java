package org.kepu.api.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the personas' tokens come from: the development issuer or a real identity provider. The ids kepu
 * knows them by are read back from the tokens, since a real issuer picks its own subjects.
 */
interface PersonaTokens {

    /** A bearer token for the persona; never called for {@link Persona#ANONYMOUS}. */
    String token(Persona persona);

    /** The subject: owners, reviewers and conflicts are keyed by it. */
    default String id(Persona persona) {
        return claim(token(persona), "sub");
    }

    /** The OAuth client, which identifies an outlet. */
    default String clientId(Persona persona) {
        return claim(token(persona), "azp");
    }

    private static String claim(String token, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(payload);
        if (!m.find()) {
            throw new IllegalStateException("the token has no '" + name + "' claim");
        }
        return m.group(1);
    }
}
