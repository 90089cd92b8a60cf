package org.kepu.api.feeds;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.PreconditionFailedException;
import org.springframework.stereotype.Component;

/**
 * Short-lived download links that kepu signs itself (HMAC-SHA256 over outlet, work, version, file and
 * expiry), so an outlet can hand a link to a tool that sends no token: a feed reader, a video player.
 * The key is one object in the store, created once, so every instance signs and checks alike and links
 * survive a restart.
 */
@Component
class DownloadLinks {

    static final Duration TTL = Duration.ofMinutes(10);
    static final String KEY_OBJECT = "secrets/download-links.key";

    private final ObjectStore store;
    private final Clock clock;
    private volatile byte[] key;

    DownloadLinks(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What a link names: a file of one version of a work, for one outlet, until a moment. */
    record Grant(String outlet, String workId, int version, String file, long expires) {}

    String link(String baseUrl, String outlet, String workId, int version, String file) {
        long expires = clock.instant().plus(TTL).getEpochSecond();
        Grant grant = new Grant(outlet, workId, version, file, expires);
        return baseUrl + "/downloads/" + workId + "/" + version + "/" + file + "?outlet="
                + URLEncoder.encode(outlet, StandardCharsets.UTF_8) + "&expires=" + expires + "&sig="
                + sign(grant);
    }

    /** Why the link may not be used; empty when it may. */
    Optional<String> refusal(Grant grant, String signature) {
        byte[] expected = sign(grant).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.of("The link's signature does not match it.");
        }
        if (Instant.ofEpochSecond(grant.expires()).isBefore(clock.instant())) {
            return Optional.of("The link has expired; ask the item for a new one.");
        }
        return Optional.empty();
    }

    private String sign(Grant grant) {
        String message = grant.outlet()
                + '\n'
                + grant.workId()
                + '\n'
                + grant.version()
                + '\n'
                + grant.file()
                + '\n'
                + grant.expires();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private byte[] key() {
        byte[] current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    key = loadOrCreate();
                }
                current = key;
            }
        }
        return current;
    }

    /** The first instance to need the key creates it; a racing instance reads the winner's. */
    private byte[] loadOrCreate() {
        Optional<ObjectStore.Blob> existing = store.read(KEY_OBJECT);
        if (existing.isPresent()) {
            return existing.get().content();
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            store.putIfAbsent(KEY_OBJECT, fresh, "application/octet-stream");
            return fresh;
        } catch (PreconditionFailedException lost) {
            return store.read(KEY_OBJECT).orElseThrow().content();
        }
    }
}
