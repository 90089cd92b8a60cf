package org.kepu.api.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens already verified, until they expire. Outlets poll feeds with the same token many
 * times a minute; parsing and checking its signature each time costs more than answering an unchanged
 * feed. The very same string was verified before, and a hit is taken only while the token has not
 * expired, so a remembered token is never accepted where the decoder would refuse it.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

    static final int MAX_TOKENS = 10_000;

    private final ReactiveJwtDecoder decoder;
    private final Clock clock;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(ReactiveJwtDecoder decoder, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.get(token);
        if (known != null) {
            if (known.getExpiresAt() != null && clock.instant().isBefore(known.getExpiresAt())) {
                return Mono.just(known);
            }
            verified.remove(token);
        }
        return decoder.decode(token).doOnNext(jwt -> remember(token, jwt));
    }

    private void remember(String token, Jwt jwt) {
        Instant expires = jwt.getExpiresAt();
        // a token without an expiry is checked every time: nothing says when to forget it
        if (expires == null) {
            return;
        }
        if (verified.size() >= MAX_TOKENS) {
            Instant now = clock.instant();
            verified.values().removeIf(j -> !now.isBefore(j.getExpiresAt()));
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
        }
        verified.put(token, jwt);
    }
}
