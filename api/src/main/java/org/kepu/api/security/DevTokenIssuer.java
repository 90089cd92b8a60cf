package org.kepu.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The embedded mode's own token issuer: HS256 tokens signed with a key kept in the data directory, so
 * tokens survive a restart. It exists only when no OpenID Connect issuer is configured.
 */
public final class DevTokenIssuer {

    public static final String ISSUER = "kepu-dev";

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;

    public DevTokenIssuer(Path dataDir, Duration ttl, Clock clock) {
        this.key = loadOrCreateKey(dataDir.resolve("dev-issuer.key"));
        this.ttl = ttl;
        this.clock = clock;
    }

    public SecretKey secretKey() {
        return new SecretKeySpec(key, "HmacSHA256");
    }

    public Duration ttl() {
        return ttl;
    }

    public String mint(String subject, List<String> roles, List<String> disciplines) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("roles", roles)
                .claim("disciplines", disciplines)
                .claim("azp", subject)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
        return jwt.serialize();
    }

    private static byte[] loadOrCreateKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".dev-issuer", ".tmp");
            Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return Files.readString(file).isBlank()
                    ? fresh
                    : Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the development signing key in " + file, e);
        }
    }
}
