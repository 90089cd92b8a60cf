package org.kepu.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kepu.api.webhooks.WebhookRetryPolicy.Verdict;

class WebhookRetryPolicyTest {

    private static final Duration START = Duration.ofSeconds(5);
    private static final Duration CAP = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofHours(24);
    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");

    /** The largest pause the jitter can draw (a random value just below 1). */
    private final WebhookRetryPolicy longest = new WebhookRetryPolicy(START, CAP, DAY, () -> 0.999999);

    private final WebhookRetryPolicy shortest = new WebhookRetryPolicy(START, CAP, DAY, () -> 0.0);

    @Test
    void theWindowDoublesFromFiveSecondsUpToAnHour() {
        assertThat(longest.delay(1, Optional.empty())).isBetween(Duration.ofMillis(4990), START);
        assertThat(longest.delay(2, Optional.empty())).isBetween(Duration.ofMillis(9990), Duration.ofSeconds(10));
        assertThat(longest.delay(3, Optional.empty())).isBetween(Duration.ofMillis(19990), Duration.ofSeconds(20));
        assertThat(longest.delay(11, Optional.empty())).isBetween(Duration.ofMillis(3_599_000), CAP);
        assertThat(longest.delay(500, Optional.empty())).isBetween(Duration.ofMillis(3_599_000), CAP);
    }

    @Test
    void fullJitterMayRetryAtOnce() {
        assertThat(shortest.delay(7, Optional.empty())).isZero();
        WebhookRetryPolicy half = new WebhookRetryPolicy(START, CAP, DAY, () -> 0.5);
        assertThat(half.delay(2, Optional.empty())).isEqualTo(START);
    }

    @Test
    void retryAfterWinsOnlyWhenItAsksForLonger() {
        assertThat(shortest.delay(1, Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
        assertThat(longest.delay(3, Optional.of(Duration.ofSeconds(1)))).isGreaterThan(Duration.ofSeconds(19));
    }

    @Test
    void aNextAttemptPastADayAfterTheFirstIsGivenUp() {
        Instant first = NOW.minus(Duration.ofHours(23).plusMinutes(30));
        assertThat(shortest.nextAttempt(first, NOW, 20, Optional.empty())).contains(NOW);
        assertThat(longest.nextAttempt(first, NOW, 20, Optional.empty())).isEmpty();
        assertThat(shortest.nextAttempt(first, NOW, 1, Optional.of(Duration.ofHours(2))))
                .isEmpty();
        assertThat(shortest.nextAttempt(NOW, NOW, 1, Optional.of(Duration.ofMinutes(2))))
                .contains(NOW.plus(Duration.ofMinutes(2)));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(WebhookRetryPolicy.parseRetryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(WebhookRetryPolicy.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(WebhookRetryPolicy.parseRetryAfter("Sat, 01 Mar 2025 08:10:00 GMT", NOW))
                .contains(Duration.ofMinutes(10));
        assertThat(WebhookRetryPolicy.parseRetryAfter("Sat, 01 Mar 2025 07:00:00 GMT", NOW))
                .contains(Duration.ZERO);
        assertThat(WebhookRetryPolicy.parseRetryAfter("soon", NOW)).isEmpty();
        assertThat(WebhookRetryPolicy.parseRetryAfter("-5", NOW)).isEmpty();
        assertThat(WebhookRetryPolicy.parseRetryAfter("99999999999999999999999", NOW))
                .isEmpty();
        assertThat(WebhookRetryPolicy.parseRetryAfter(null, NOW)).isEmpty();
    }

    @Test
    void statusCodesDecideWhatHappensNext() {
        assertThat(WebhookRetryPolicy.verdict(200)).isEqualTo(Verdict.DELIVERED);
        assertThat(WebhookRetryPolicy.verdict(204)).isEqualTo(Verdict.DELIVERED);
        assertThat(WebhookRetryPolicy.verdict(410)).isEqualTo(Verdict.GONE);
        assertThat(WebhookRetryPolicy.verdict(429)).isEqualTo(Verdict.RETRY);
        assertThat(WebhookRetryPolicy.verdict(500)).isEqualTo(Verdict.RETRY);
        assertThat(WebhookRetryPolicy.verdict(503)).isEqualTo(Verdict.RETRY);
        assertThat(WebhookRetryPolicy.verdict(400)).isEqualTo(Verdict.FAILED);
        assertThat(WebhookRetryPolicy.verdict(404)).isEqualTo(Verdict.FAILED);
        assertThat(WebhookRetryPolicy.verdict(301)).isEqualTo(Verdict.FAILED);
    }
}
