package dev.zen.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Per-user bursty limits (Failsafe limiters in a Caffeine cache). */
class UserRateLimitsTest {
    UserRateLimits limits = new UserRateLimits(10, Duration.ofMinutes(1), Duration.ofMinutes(5), 1_000);

    @Test
    void givenTenPermitsAMinuteWhenTenRequestsArriveAtOnceThenAllArePermitted() {
        for (int i = 0; i < 10; i++) {
            assertThat(limits.tryAcquire("alice").permitted()).as("request %d", i + 1).isTrue();
        }
    }

    @Test
    void givenTheAllowanceIsUsedWhenTheNextRequestArrivesThenDeniedUntilTheNextWindowWithinAMinute() {
        for (int i = 0; i < 10; i++) limits.tryAcquire("alice");

        UserRateLimits.Decision denied = limits.tryAcquire("alice");

        assertThat(denied.permitted()).isFalse();
        assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void givenOneUserIsLimitedWhenAnotherUserAsksThenTheOtherIsPermittedAndBothAreTracked() {
        for (int i = 0; i < 11; i++) limits.tryAcquire("alice");

        assertThat(limits.tryAcquire("bob").permitted()).isTrue();
        assertThat(limits.trackedUsers()).isEqualTo(2);
    }

    @Test
    void givenAnIdleExpiryShorterThanTheWindowWhenCreatedThenRefusedBecauseUsersWouldEscapeTheLimit() {
        assertThatThrownBy(() -> new UserRateLimits(10, Duration.ofMinutes(1), Duration.ofSeconds(30), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleExpiry");
    }
}
