package org.kepu.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();

    /** Accepts tokens named "good-…", expiring an hour after NOW; refuses anything else. */
    private final ReactiveJwtDecoder strict = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good-")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        return Mono.just(Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .subject("kids-app")
                .issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(3600))
                .build());
    };

    @Test
    void aTokenIsVerifiedOnceWhileItHolds() {
        VerifiedTokens tokens = new VerifiedTokens(strict, at(NOW.plusSeconds(10)));

        for (int i = 0; i < 5; i++) {
            assertThat(tokens.decode("good-1").block().getSubject()).isEqualTo("kids-app");
        }

        assertThat(verifications).hasValue(1);
    }

    @Test
    void anExpiredTokenIsHandedBackToTheDecoder() {
        Clock[] clock = {at(NOW)};
        VerifiedTokens tokens = new VerifiedTokens(strict, new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock[0].instant();
            }
        });
        tokens.decode("good-2").block();
        clock[0] = at(NOW.plusSeconds(3600));

        tokens.decode("good-2").block();

        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsRefusedEveryTime() {
        VerifiedTokens tokens = new VerifiedTokens(strict, at(NOW));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.decode("forged").block()).isInstanceOf(BadJwtException.class);
        }

        assertThat(verifications).hasValue(3);
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
