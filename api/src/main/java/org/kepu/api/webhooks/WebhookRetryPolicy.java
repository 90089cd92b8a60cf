package org.kepu.api.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: exponential back-off with full jitter (a random pause between
 * zero and {@code start * 2^(n-1)}, at most {@code cap}), so that many deliveries failing together do not
 * come back together; a receiver's {@code Retry-After} wins when it asks for longer. A delivery whose next
 * attempt would fall after {@code giveUpAfter} from its first attempt is given up.
 */
public final class WebhookRetryPolicy {

    private final Duration start;
    private final Duration cap;
    private final Duration giveUpAfter;
    private final DoubleSupplier random;

    public WebhookRetryPolicy(Duration start, Duration cap, Duration giveUpAfter, DoubleSupplier random) {
        if (start.isNegative() || start.isZero() || cap.compareTo(start) < 0) {
            throw new IllegalArgumentException("retry start must be positive and at most the cap");
        }
        this.start = start;
        this.cap = cap;
        this.giveUpAfter = giveUpAfter;
        this.random = random;
    }

    /** What the receiver's answer means for the delivery. */
    public enum Verdict {
        DELIVERED,
        RETRY,
        /** 410 Gone: the receiver wants no more deliveries; the endpoint is disabled. */
        GONE,
        FAILED
    }

    /** 2xx delivered; 410 gone; 429 and 5xx retried; anything else (redirects, other 4xx) failed for good. */
    public static Verdict verdict(int status) {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status == 410) {
            return Verdict.GONE;
        }
        if (status == 429 || status >= 500) {
            return Verdict.RETRY;
        }
        return Verdict.FAILED;
    }

    /** The pause before attempt {@code failedAttempts + 1}, at least what {@code retryAfter} asks for. */
    public Duration delay(int failedAttempts, Optional<Duration> retryAfter) {
        long ceiling = cap.toMillis();
        long base = start.toMillis();
        // 2^(n-1) overflows long quickly; past the cap the exponent no longer matters
        int exponent = Math.min(Math.max(failedAttempts - 1, 0), 40);
        long window = base > ceiling >> exponent ? ceiling : Math.min(ceiling, base << exponent);
        Duration jittered = Duration.ofMillis((long) (random.getAsDouble() * window));
        return retryAfter.filter(asked -> asked.compareTo(jittered) > 0).orElse(jittered);
    }

    /** The time of the next attempt, or empty when the delivery should be given up instead. */
    public Optional<Instant> nextAttempt(
            Instant firstAttempt, Instant now, int failedAttempts, Optional<Duration> retryAfter) {
        Instant next = now.plus(delay(failedAttempts, retryAfter));
        return next.isAfter(firstAttempt.plus(giveUpAfter)) ? Optional.empty() : Optional.of(next);
    }

    /**
     * A {@code Retry-After} header as a pause from {@code now}: delay-seconds or an HTTP date. Empty when
     * absent or unreadable; a date in the past is no pause.
     */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException tooLarge) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }
}
