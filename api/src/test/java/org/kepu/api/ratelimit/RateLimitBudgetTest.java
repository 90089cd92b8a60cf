package org.kepu.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitBudgetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));

    private RequestBudget budget(int requests, int capacity) {
        return new RequestBudget(new RateLimitPolicy("outlet", requests, Duration.ofMinutes(1)), clock, capacity);
    }

    @Test
    void eachRequestLeavesOneLessUntilTheQuotaIsSpent() {
        RequestBudget budget = budget(3, 100);
        assertThat(budget.consume("kids-app").remaining()).isEqualTo(2);
        assertThat(budget.consume("kids-app").remaining()).isEqualTo(1);
        Decision last = budget.consume("kids-app");
        assertThat(last.allowed()).isTrue();
        assertThat(last.remaining()).isZero();

        Decision refused = budget.consume("kids-app");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.resetSeconds()).isEqualTo(60);
    }

    @Test
    void theResetCountsDownInWholeSecondsRoundedUp() {
        RequestBudget budget = budget(1, 100);
        budget.consume("kids-app");
        clock.advance(Duration.ofMillis(20_500));
        Decision refused = budget.consume("kids-app");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.resetSeconds()).isEqualTo(40);

        clock.advance(Duration.ofMillis(39_499));
        assertThat(budget.consume("kids-app").resetSeconds())
                .as("one millisecond before the end is still a second to wait, never zero")
                .isEqualTo(1);
    }

    @Test
    void theWindowStartsAtTheFirstRequestAndResetsWhenItEnds() {
        RequestBudget budget = budget(2, 100);
        budget.consume("kids-app");
        clock.advance(Duration.ofSeconds(30));
        budget.consume("kids-app");
        assertThat(budget.consume("kids-app").allowed()).isFalse();

        clock.advance(Duration.ofSeconds(30));
        Decision fresh = budget.consume("kids-app");
        assertThat(fresh.allowed()).isTrue();
        assertThat(fresh.remaining()).isEqualTo(1);
        assertThat(fresh.resetSeconds()).isEqualTo(60);
    }

    @Test
    void outletsHaveABudgetEach() {
        RequestBudget budget = budget(1, 100);
        budget.consume("kids-app");
        assertThat(budget.consume("kids-app").allowed()).isFalse();
        Decision other = budget.consume("news-app");
        assertThat(other.allowed()).isTrue();
        assertThat(other.remaining()).isZero();
    }

    @Test
    void aRefundGivesTheUnitBackToTheWindowThatCountedIt() {
        RequestBudget budget = budget(2, 100);
        budget.consume("kids-app");
        Decision notModified = budget.consume("kids-app");
        assertThat(notModified.remaining()).isZero();

        Decision refunded = budget.refund(notModified);
        assertThat(refunded.remaining()).isEqualTo(1);
        assertThat(budget.consume("kids-app").allowed()).isTrue();
        assertThat(budget.consume("kids-app").allowed()).isFalse();
    }

    @Test
    void aRefundAfterTheWindowEndedDoesNotTouchTheNextOne() {
        RequestBudget budget = budget(2, 100);
        Decision old = budget.consume("kids-app");
        clock.advance(Duration.ofSeconds(61));
        budget.consume("kids-app");
        budget.consume("kids-app");

        budget.refund(old);
        assertThat(budget.consume("kids-app").allowed())
                .as("the unit belonged to the window that ended")
                .isFalse();
    }

    @Test
    void aRefusedRequestHasNothingToGiveBack() {
        RequestBudget budget = budget(1, 100);
        budget.consume("kids-app");
        Decision refused = budget.consume("kids-app");
        assertThat(budget.refund(refused)).isEqualTo(refused);
        assertThat(budget.consume("kids-app").allowed()).isFalse();
    }

    @Test
    void endedWindowsAreForgotten() {
        RequestBudget budget = budget(5, 100);
        budget.consume("198.51.100.1");
        budget.consume("198.51.100.2");
        assertThat(budget.size()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(60));
        budget.consume("198.51.100.3");
        assertThat(budget.size()).isEqualTo(1);
    }

    @Test
    void pastCapacityTheLeastRecentlyUsedKeyGoes() {
        RequestBudget budget = budget(1, 2);
        budget.consume("198.51.100.1");
        budget.consume("198.51.100.2");
        // Touching the first makes the second the least recently used.
        assertThat(budget.consume("198.51.100.1").allowed()).isFalse();
        budget.consume("198.51.100.3");

        assertThat(budget.size()).isEqualTo(2);
        assertThat(budget.consume("198.51.100.1").allowed()).isFalse();
        assertThat(budget.consume("198.51.100.2").allowed())
                .as("the forgotten address starts afresh")
                .isTrue();
    }

    @Test
    void headersUseTheDraftsStructuredFieldSyntax() {
        RateLimitPolicy policy = new RateLimitPolicy("outlet", 600, Duration.ofMinutes(1));
        assertThat(policy.policyHeader()).isEqualTo("\"outlet\";q=600;w=60");
        assertThat(policy.limitHeader(new Decision(true, 599, 42, "kids-app", 0)))
                .isEqualTo("\"outlet\";r=599;t=42");
    }

    @Test
    void aPolicyThatCannotBeMetIsRejected() {
        assertThatThrownBy(() -> new RateLimitPolicy("outlet", 0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requests");
        assertThatThrownBy(() -> new RateLimitPolicy("outlet", 10, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
    }
}
