package dev.zen.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Per-user bursty limits (Failsafe limiters in a Caffeine cache). */
class UserRateLimitsTest {
    UserRateLimits limits = new UserRateLimits(10, Duration.ofMinutes(1), Duration.ofMinutes(5), 1_000);

    @Test
    void givenTenPermitsAMinute_whenTenRequestsArriveAtOnce_thenAllArePermitted() {
        for (int i = 0; i < 10; i++) {
            assertThat(limits.tryAcquire("alice").permitted()).as("request %d", i + 1).isTrue();
        }
    }

    @Test
    void givenTheAllowanceIsUsed_whenTheNextRequestArrives_thenDeniedUntilTheNextWindowWithinAMinute() {
        for (int i = 0; i < 10; i++) limits.tryAcquire("alice");

        UserRateLimits.Decision denied = limits.tryAcquire("alice");

        assertThat(denied.permitted()).isFalse();
        assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void givenOneUserIsLimited_whenAnotherUserAsks_thenTheOtherIsPermittedAndBothAreTracked() {
        for (int i = 0; i < 11; i++) limits.tryAcquire("alice");

        assertThat(limits.tryAcquire("bob").permitted()).isTrue();
        assertThat(limits.trackedUsers()).isEqualTo(2);
    }

    @Test
    void givenAnIdleExpiryShorterThanTheWindow_whenCreated_thenRefusedBecauseUsersWouldEscapeTheLimit() {
        assertThatThrownBy(() -> new UserRateLimits(10, Duration.ofMinutes(1), Duration.ofSeconds(30), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleExpiry");
    }
}
