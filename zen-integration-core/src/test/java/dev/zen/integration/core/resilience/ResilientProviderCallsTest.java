package dev.zen.integration.core.resilience;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ProviderHealth;
import dev.zen.integration.core.config.ResilienceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Runs with 1/1000 of real waiting: 1 s of backoff takes 1 ms. */
class ResilientProviderCallsTest {
    private final TimeScaledScheduler time = TimeScaledScheduler.withFactor(0.001);
    private final List<Duration> retryDelays = new CopyOnWriteArrayList<>();
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private final ProviderCallListener listener = new ProviderCallListener() {
        @Override
        public void onRetryScheduled(String provider, String operation, int attempt, Duration delay,
                                     IntegrationException cause) {
            retryDelays.add(delay);
        }

        @Override
        public void onCircuitStateChanged(String provider, CircuitState from, CircuitState to) {
            transitions.add(from + "->" + to);
        }
    };

    @AfterEach
    void stop() {
        time.close();
    }

    /** Defaults, except a generous budget so scaled waits never hit the limiter or the timeout. */
    private static ResilienceConfig.Builder settings() {
        return ResilienceConfig.builder().requestsPerMinute(1_000_000).timeout(Duration.ofHours(1));
    }

    private ResilientProviderCalls calls(ResilienceConfig config) {
        return ResilientProviderCalls.builder().provider("jira", config).scheduler(time).listener(listener).build();
    }

    private static IntegrationException networkError(String message) {
        return IntegrationException.of(ErrorCode.NETWORK_ERROR, message);
    }

    private static IntegrationException httpError(int status) {
        return IntegrationException.builder(ErrorCode.NETWORK_ERROR, "HTTP " + status)
                .detail("http_status", String.valueOf(status)).build();
    }

    /** An action that fails with the given errors in turn, then returns "ok". */
    private static Supplier<String> failing(AtomicInteger attempts, IntegrationException... errors) {
        return () -> {
            int n = attempts.getAndIncrement();
            if (n < errors.length) throw errors[n];
            return "ok";
        };
    }

    @Test
    void aTransientFailureIsRetriedUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        String result = calls(settings().build()).call("jira", "get_task_data", true,
                failing(attempts, networkError("reset"), httpError(503)));

        assertThat(result).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void backoffDoublesFromOneToEightSecondsWithJitter() {
        AtomicInteger attempts = new AtomicInteger();
        IntegrationException e = networkError("down");

        assertThatThrownBy(() -> calls(settings().build()).call("jira", "get_task_data", true,
                failing(attempts, e, e, e, e, e)))
                .isInstanceOf(IntegrationException.class);

        assertThat(attempts).hasValue(5);
        assertThat(retryDelays).hasSize(4);
        double[] expected = {1, 2, 4, 8};
        for (int i = 0; i < 4; i++) {
            assertThat(retryDelays.get(i).toMillis() / 1000.0).isCloseTo(expected[i], within(expected[i] * 0.2 + 0.001));
        }
        assertThat(time.requestedDelays()).containsAll(retryDelays);
    }

    @Test
    void exhaustedRetriesRethrowTheLastErrorWithTheProvider() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls(settings().maxAttempts(2).build()).call("jira", "update_task", true,
                failing(attempts, networkError("first"), networkError("second"), networkError("third"))))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NETWORK_ERROR);
                    assertThat(e.getMessage()).isEqualTo("second");
                    assertThat(e.provider()).contains("jira");
                    assertThat(e.details()).containsEntry("operation", "update_task");
                });
    }

    @Test
    void retryAfterIsWaitedInsteadOfTheBackoff() {
        AtomicInteger attempts = new AtomicInteger();
        IntegrationException limited = IntegrationException.builder(ErrorCode.RATE_LIMITED, "slow down")
                .retryAfter(Duration.ofSeconds(30)).detail("http_status", "429").build();

        calls(settings().build()).call("jira", "search_tasks", true, failing(attempts, limited));

        assertThat(retryDelays).singleElement().satisfies(d ->
                assertThat(d).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(45)));
        assertThat(time.requestedDelays()).contains(retryDelays.get(0));
    }

    @Test
    void aZeroRetryAfterStillWaitsAtLeastTheInitialDelay() {
        AtomicInteger attempts = new AtomicInteger();
        IntegrationException limited = IntegrationException.builder(ErrorCode.RATE_LIMITED, "slow down")
                .retryAfter(Duration.ZERO).build();

        calls(settings().build()).call("jira", "search_tasks", true, failing(attempts, limited));

        assertThat(retryDelays).singleElement().satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void aRetryAfterLongerThanTheLimitFailsAtOnceCarryingTheWait() {
        AtomicInteger attempts = new AtomicInteger();
        IntegrationException quota = IntegrationException.builder(ErrorCode.RATE_LIMITED, "quota exhausted")
                .retryAfter(Duration.ofMinutes(20)).build();

        assertThatThrownBy(() -> calls(settings().build()).call("jira", "search_tasks", true,
                failing(attempts, quota)))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofMinutes(20));
                });
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aNonIdempotentCallIsNeverRetried() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls(settings().build()).call("jira", "create_task", false,
                failing(attempts, httpError(503))))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NETWORK_ERROR));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aNonRetryableErrorIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls(settings().build()).call("jira", "get_task_data", true,
                failing(attempts, IntegrationException.of(ErrorCode.AUTH_FAILED, "401"))))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anInternalServerErrorIsNotRetriedButBadGatewayIs() {
        AtomicInteger on500 = new AtomicInteger();
        AtomicInteger on502 = new AtomicInteger();
        ResilientProviderCalls calls = calls(settings().build());

        assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, failing(on500, httpError(500))));
        calls.call("jira", "get_task_data", true, failing(on502, httpError(502)));

        assertThat(on500).hasValue(1);
        assertThat(on502).hasValue(2);
    }

    @Test
    void theBreakerOpensAfterFiveConsecutiveFailuresAndRefusesCalls() {
        ResilientProviderCalls calls = calls(settings().maxAttempts(1)
                .circuitBreaker(5, Duration.ofMinutes(10)).build());
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, () -> {
                attempts.incrementAndGet();
                throw networkError("down");
            })).isInstanceOfSatisfying(IntegrationException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NETWORK_ERROR));
        }

        assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, () -> {
            attempts.incrementAndGet();
            return "never";
        })).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
            assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
        });
        assertThat(attempts).hasValue(5);
        assertThat(calls.health("jira").circuitState()).isEqualTo(CircuitState.OPEN);
        assertThat(calls.health("jira").toProviderHealth(3).state()).isEqualTo(ProviderHealth.State.UNAVAILABLE);
    }

    @Test
    void anOpenBreakerLetsATrialCallThroughAfterItsOpenTimeAndClosesOnSuccess() throws InterruptedException {
        ResilientProviderCalls calls = calls(settings().maxAttempts(1)
                .circuitBreaker(5, Duration.ofMillis(150)).build());
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, () -> {
                throw networkError("down");
            }));
        }
        assertThat(calls.health("jira").circuitState()).isEqualTo(CircuitState.OPEN);

        Thread.sleep(200); // Failsafe times the open state with the real clock
        String result = calls.call("jira", "get_task_data", true, () -> "back");

        assertThat(result).isEqualTo("back");
        assertThat(calls.health("jira").circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        assertThat(calls.health("jira").toProviderHealth(0).state()).isEqualTo(ProviderHealth.State.HEALTHY);
    }

    @Test
    void clientErrorsDoNotOpenTheBreaker() {
        ResilientProviderCalls calls = calls(settings().maxAttempts(1).circuitBreaker(2, Duration.ofMinutes(10)).build());

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, () -> {
                throw IntegrationException.of(ErrorCode.NOT_FOUND, "no such issue");
            }));
        }

        assertThat(calls.health("jira").circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void theRateLimiterSpacesCallsToStayUnderItsLimit() throws Exception {
        // 1200 per minute = one permit every 50 ms, on real time.
        try (TimeScaledScheduler realTime = TimeScaledScheduler.withFactor(1.0);
             ResilientProviderCalls calls = ResilientProviderCalls.builder()
                     .provider("jira", ResilienceConfig.builder().requestsPerMinute(1200).maxConcurrentCalls(8).build())
                     .scheduler(realTime).build()) {
            List<Long> starts = Collections.synchronizedList(new ArrayList<>());
            ExecutorService callers = Executors.newFixedThreadPool(4);
            long before = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                futures.add(callers.submit(() -> calls.call("jira", "search_tasks", true,
                        () -> starts.add(System.nanoTime()))));
            }
            for (Future<?> f : futures) f.get(10, TimeUnit.SECONDS);
            callers.shutdown();

            List<Long> sorted = new ArrayList<>(starts);
            Collections.sort(sorted);
            assertThat(sorted).hasSize(11);
            // The k-th call cannot start before k permits were handed out: k * 50 ms after we began (minus 1 ms of
            // timer slack). Late starts on a busy machine only make the gaps larger, so this cannot flake.
            for (int k = 0; k < sorted.size(); k++) {
                assertThat(sorted.get(k) - before).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50L * k - 1));
            }
        }
    }

    @Test
    void aCallThatExceedsTheOverallTimeoutIsInterruptedAndFails() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        try (TimeScaledScheduler realTime = TimeScaledScheduler.withFactor(1.0);
             ResilientProviderCalls calls = ResilientProviderCalls.builder()
                     .provider("jira", ResilienceConfig.builder().timeout(Duration.ofMillis(100)).build())
                     .scheduler(realTime).build()) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, () -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return "late";
            })).isInstanceOfSatisfying(IntegrationException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NETWORK_ERROR);
                assertThat(e.getMessage()).contains("did not complete within 100ms");
            });

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theBulkheadRefusesACallWhenAllSlotsStayBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothRunning = new CountDownLatch(2);
        AtomicInteger thirdRan = new AtomicInteger();
        ResilienceConfig config = ResilienceConfig.builder()
                .bulkhead(new ResilienceConfig.Bulkhead(2, Duration.ofMillis(50))).build();
        try (TimeScaledScheduler realTime = TimeScaledScheduler.withFactor(1.0);
             ResilientProviderCalls calls = ResilientProviderCalls.builder().provider("jira", config)
                     .scheduler(realTime).build()) {
            ExecutorService callers = Executors.newFixedThreadPool(2);
            List<Future<String>> busy = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                busy.add(callers.submit(() -> calls.call("jira", "get_task_data", true, () -> {
                    bothRunning.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "done";
                })));
            }
            assertThat(bothRunning.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, thirdRan::incrementAndGet))
                    .isInstanceOfSatisfying(IntegrationException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                        assertThat(e.getMessage()).contains("concurrent calls");
                    });

            release.countDown();
            for (Future<String> f : busy) assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("done");
            callers.shutdown();
            assertThat(thirdRan).hasValue(0);
        }
    }

    @Test
    void healthIsUnknownBeforeAnyCallAndDegradedAfterAFailure() {
        ResilientProviderCalls calls = calls(settings().maxAttempts(1).build());
        assertThat(calls.health("jira").toProviderHealth(0).state()).isEqualTo(ProviderHealth.State.UNKNOWN);

        assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, () -> {
            throw IntegrationException.of(ErrorCode.AUTH_FAILED, "token rejected");
        }));

        ProviderCallHealth health = calls.health("jira");
        assertThat(health.lastFailureCode()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(health.consecutiveFailures()).isEqualTo(1);
        ProviderHealth api = health.toProviderHealth(2);
        assertThat(api.state()).isEqualTo(ProviderHealth.State.DEGRADED);
        assertThat(api.pendingChanges()).isEqualTo(2);
        assertThat(api.message()).contains("AUTH_FAILED");
    }

    @Test
    void aProviderThatAnsweredNotFoundStaysHealthy() {
        ResilientProviderCalls calls = calls(settings().maxAttempts(1).build());

        assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, () -> {
            throw IntegrationException.of(ErrorCode.NOT_FOUND, "SYNC-404 does not exist");
        }));

        ProviderHealth api = calls.health("jira").toProviderHealth(0);
        assertThat(api.state()).isEqualTo(ProviderHealth.State.HEALTHY);
        assertThat(api.message()).contains("NOT_FOUND");
    }

    @Test
    void providersHaveIndependentBreakers() {
        ResilienceConfig config = settings().maxAttempts(1).circuitBreaker(1, Duration.ofMinutes(10)).build();
        ResilientProviderCalls calls = ResilientProviderCalls.builder().defaults(config).scheduler(time).build();

        assertThatThrownBy(() -> calls.call("jira", "get_task_data", true, () -> {
            throw networkError("down");
        }));

        assertThat(calls.call("github", "get_task_data", true, () -> "fine")).isEqualTo("fine");
        assertThat(calls.health().keySet()).containsExactly("github", "jira");
    }
}
