package org.kepu.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the test realms into a Keycloak that someone else runs: a realm that is missing is imported
 * through the admin API, one that exists is left as it is.
 */
final class KeycloakRealms {

    private static final Logger log = LoggerFactory.getLogger(KeycloakRealms.class);
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REALM_NAME = Pattern.compile("\"realm\"\\s*:\\s*\"([^\"]+)\"");

    private KeycloakRealms() {}

    static void ensureImported(String url, HttpClient http) {
        String adminToken = null;
        for (String file : KeycloakServer.REALM_FILES) {
            String json = read(file);
            Matcher name = REALM_NAME.matcher(json);
            if (!name.find()) {
                throw new IllegalStateException(file + " names no realm");
            }
            String realm = name.group(1);
            if (send(
                                    http,
                                    HttpRequest.newBuilder(URI.create(url + "/realms/" + realm))
                                            .GET()
                                            .build())
                            .statusCode()
                    == 200) {
                continue;
            }
            if (adminToken == null) {
                adminToken = adminToken(url, http);
            }
            HttpResponse<String> created = send(
                    http,
                    HttpRequest.newBuilder(URI.create(url + "/admin/realms"))
                            .header("Authorization", "Bearer " + adminToken)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("Keycloak at " + url + " refused to import the realm " + realm + ": "
                        + created.statusCode() + " " + created.body());
            }
            log.info("imported the realm {} into Keycloak at {}", realm, url);
        }
    }

    private static String adminToken(String url, HttpClient http) {
        String user = System.getenv("KEPU_KEYCLOAK_ADMIN_USERNAME");
        String password = System.getenv("KEPU_KEYCLOAK_ADMIN_PASSWORD");
        if (user == null || user.isBlank() || password == null) {
            throw new IllegalStateException("the Keycloak at KEPU_KEYCLOAK_URL lacks the kepu realms, and "
                    + "KEPU_KEYCLOAK_ADMIN_USERNAME / KEPU_KEYCLOAK_ADMIN_PASSWORD are not set to import them");
        }
        String form = "grant_type=password&client_id=admin-cli&username="
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(
                http,
                HttpRequest.newBuilder(URI.create(url + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build());
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("Keycloak at " + url + " refused the admin credentials: "
                    + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    private static String read(String file) {
        try (InputStream in = KeycloakServer.resource(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(
                    HttpRequest.newBuilder(request, (name, value) -> true)
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak does not answer at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to Keycloak", e);
        }
    }

    /** An admin password nobody needs to know: the tests never log in as the admin of a server they start. */
    static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
