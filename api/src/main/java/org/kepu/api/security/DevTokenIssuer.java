package org.kepu.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.PreconditionFailedException;

/**
 * The embedded mode's own token issuer: HS256 tokens signed with a key kept in the data directory, so
 * tokens survive a restart. It exists only when no OpenID Connect issuer is configured. Beside an S3
 * store the key is kept in the store instead ({@link #shared}), so that every instance on the bucket
 * accepts the tokens of the others.
 */
public final class DevTokenIssuer {

    public static final String ISSUER = "kepu-dev";
    /** Where instances sharing a store keep the one signing key. */
    public static final String SHARED_KEY = "config/dev-issuer/signing.key";

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;

    public DevTokenIssuer(Path dataDir, Duration ttl, Clock clock) {
        this(loadOrCreateKey(dataDir.resolve("dev-issuer.key")), ttl, clock);
    }

    private DevTokenIssuer(byte[] key, Duration ttl, Clock clock) {
        this.key = key;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * An issuer whose key is kept in the store: the first instance creates it if absent, and an instance
     * that loses that race reads the winner's, so all of them sign and accept with the same key.
     */
    public static DevTokenIssuer shared(ObjectStore store, Duration ttl, Clock clock) {
        return new DevTokenIssuer(loadOrCreateKey(store), ttl, clock);
    }

    private static byte[] loadOrCreateKey(ObjectStore store) {
        Optional<byte[]> existing = readKey(store);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            store.putIfAbsent(
                    SHARED_KEY,
                    Base64.getEncoder().encodeToString(fresh).getBytes(StandardCharsets.US_ASCII),
                    "text/plain");
            return fresh;
        } catch (PreconditionFailedException anotherInstanceWasFirst) {
            return readKey(store)
                    .orElseThrow(() -> new IllegalStateException(SHARED_KEY + " exists but cannot be read"));
        }
    }

    private static Optional<byte[]> readKey(ObjectStore store) {
        return store.read(SHARED_KEY)
                .map(blob -> Base64.getDecoder().decode(new String(blob.content(), StandardCharsets.US_ASCII).strip()));
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
