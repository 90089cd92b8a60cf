package org.kepu.api.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} + base64 HMAC-SHA256 over {@code id.timestamp.body}, keyed
 * with the base64-decoded part of a {@code whsec_} secret. The body is the exact bytes sent, never a
 * re-serialisation, so the receiver can check what it received.
 */
public final class WebhookSignature {

    static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1,";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {}

    /** A new secret: {@code whsec_} + base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** @throws IllegalArgumentException when the secret is not {@code whsec_} + base64 */
    public static String sign(String secret, String msgId, long timestampSeconds, byte[] body) {
        return VERSION + Base64.getEncoder().encodeToString(hmac(key(secret), msgId, timestampSeconds, body));
    }

    /**
     * Whether any of the space-separated signatures in {@code header} is a valid {@code v1} signature;
     * receivers see several during a secret rotation. Compared in constant time.
     */
    public static boolean verify(String secret, String msgId, long timestampSeconds, byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        byte[] expected = hmac(key(secret), msgId, timestampSeconds, body);
        for (String candidate : header.trim().split(" +")) {
            if (!candidate.startsWith(VERSION)) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(VERSION.length()));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
        }
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }

    private static byte[] hmac(byte[] key, String msgId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((msgId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every Java runtime has HmacSHA256, and any non-empty key is valid for it
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
