package dev.zen.integration.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.spi.SharedProviderBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ResilientProviderCalls with a budget shared by other instances (here a scripted one). */
class SharedBudgetCallsTest {
    private final TimeScaledScheduler time = TimeScaledScheduler.withFactor(0.001);
    private final ScriptedBudget shared = new ScriptedBudget();

    @AfterEach
    void stop() {
        time.close();
    }

    private ResilientProviderCalls calls(int maxAttempts) {
        return ResilientProviderCalls.builder().provider("jira", ResilienceConfig.builder().requestsPerMinute(60_000)
                .timeout(Duration.ofHours(1)).maxAttempts(maxAttempts).circuitBreaker(2, Duration.ofMinutes(1)).build())
                .scheduler(time).sharedBudget(shared).build();
    }

    @Test
    void givenASharedBudgetWhenCallsSucceedAndFailThenEachAttemptTakesAPermitAndReportsItsOutcome() {
        ResilientProviderCalls calls = calls(3);
        AtomicInteger attempts = new AtomicInteger();

        String result = calls.call("jira", "get_task_data", true, () -> {
            if (attempts.getAndIncrement() == 0) throw IntegrationException.of(ErrorCode.NETWORK_ERROR, "reset");
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(shared.permits).hasValue(2);
        assertThat(shared.outcomes).containsExactly(true, false);
    }

    @Test
    void givenTheSharedBreakerOpenWhenCalledThenRefusedUnsentAndThisInstancesBreakerStaysClosed() {
        ResilientProviderCalls calls = calls(1);
        shared.openUntil = Instant.now().plusSeconds(60);
        AtomicInteger sent = new AtomicInteger();

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, sent::incrementAndGet))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        }

        assertThat(sent).hasValue(0);
        assertThat(calls.health("jira").circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void givenTheSharedBudgetSpentWhenCalledThenRateLimitedWithoutSending() {
        ResilientProviderCalls calls = calls(1);
        shared.grant = false;
        AtomicInteger sent = new AtomicInteger();

        assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, sent::incrementAndGet))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        assertThat(sent).hasValue(0);
        assertThat(calls.health("jira").circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    /** A shared budget whose answers the test sets, recording what the pipeline asked. */
    private static final class ScriptedBudget implements SharedProviderBudget {
        final AtomicInteger permits = new AtomicInteger();
        final List<Boolean> outcomes = new CopyOnWriteArrayList<>();
        volatile boolean grant = true;
        volatile Instant openUntil;

        @Override
        public boolean tryAcquire(String provider, int requestsPerMinute, Duration maxWait) {
            if (grant) permits.incrementAndGet();
            return grant;
        }

        @Override
        public Optional<Instant> openUntil(String provider) {
            return Optional.ofNullable(openUntil);
        }

        @Override
        public void recordOutcome(String provider, boolean failure, int failureThreshold, Duration openDuration) {
            outcomes.add(failure);
        }
    }
}
