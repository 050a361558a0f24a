package dev.zen.integration.core.resilience;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.Timeout;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import dev.failsafe.spi.Scheduler;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.spi.SharedProviderBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One provider's policies and health. The breaker, rate limiter and bulkhead are shared by all calls to the
 * provider; the retry policy is made per call so its events can name the operation. Not API.
 */
final class ProviderPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderPipeline.class);

    private static final Duration USE_BACKOFF = Duration.ofNanos(-1);
    /** The detail marking a refusal this library made itself (shared budget or breaker), not the provider. */
    static final String CLIENT_SIDE = "client_side";

    private final String provider;
    private final ResilienceConfig config;
    private final Scheduler scheduler;
    private final Clock clock;
    private final ProviderCallListener listener;
    private final CircuitBreaker<Object> breaker;
    private final RateLimiter<Object> limiter;
    private final Bulkhead<Object> bulkhead;
    private final Timeout<Object> timeout;
    private final CallOutcomes outcomes;
    /** The budget and breaker shared with other instances; null when budgets are per process. */
    private final SharedProviderBudget shared;

    ProviderPipeline(String provider, ResilienceConfig config, Scheduler scheduler, Clock clock,
                     ProviderCallListener listener, SharedProviderBudget shared) {
        this.provider = provider;
        this.shared = shared;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
        this.listener = listener;
        this.outcomes = new CallOutcomes(provider, clock);
        ResilienceConfig.CircuitBreaker cb = config.circuitBreaker();
        this.breaker = CircuitBreaker.builder()
                .handleIf(Failures::countsAgainstBreaker)
                .withFailureThreshold(cb.failureThreshold())
                .withDelay(cb.openDuration())
                .withSuccessThreshold(cb.successThreshold())
                .onOpen(e -> stateChanged(e, CircuitState.OPEN))
                .onHalfOpen(e -> stateChanged(e, CircuitState.HALF_OPEN))
                .onClose(e -> stateChanged(e, CircuitState.CLOSED))
                .build();
        this.limiter = RateLimiter.smoothBuilder(config.rateLimit().requestsPerMinute(), Duration.ofMinutes(1))
                .withMaxWaitTime(config.rateLimit().maxWait())
                .build();
        this.bulkhead = Bulkhead.builder(config.bulkhead().maxConcurrentCalls())
                .withMaxWaitTime(config.bulkhead().maxWait())
                .build();
        this.timeout = Timeout.builder(config.timeout()).withInterrupt().build();
    }

    ResilienceConfig config() {
        return config;
    }

    Duration remainingOpen() {
        return breaker.isOpen() ? breaker.getRemainingDelay() : Duration.ZERO;
    }

    /**
     * The executor for one call. Outermost first: overall timeout, retry (idempotent calls only), rate limiter,
     * bulkhead, circuit breaker. The breaker is innermost so it judges only real attempts, and every attempt,
     * retries included, takes a rate-limit permit and a bulkhead slot.
     */
    FailsafeExecutor<Object> executor(String operation, boolean idempotent) {
        FailsafeExecutor<Object> executor = idempotent
                ? Failsafe.with(timeout, retryPolicy(operation), limiter, bulkhead, breaker)
                : Failsafe.with(timeout, limiter, bulkhead, breaker);
        return executor.with(scheduler);
    }

    private RetryPolicy<Object> retryPolicy(String operation) {
        ResilienceConfig.Retry retry = config.retry();
        RetryPolicyBuilder<Object> b = RetryPolicy.builder()
                .handleIf(Failures::isRetryable)
                .abortIf((result, failure) -> tooLongToWait(failure))
                .withMaxAttempts(retry.maxAttempts())
                .withDelayFn(ctx -> retryAfterDelay(ctx.getLastException()))
                .onRetryScheduled(e -> retryScheduled(operation, e.getAttemptCount(), e.getDelay(),
                        e.getLastException()));
        if (retry.initialDelay().compareTo(retry.maxDelay()) < 0) {
            b.withBackoff(retry.initialDelay(), retry.maxDelay());
        } else {
            b.withDelay(retry.initialDelay());
        }
        if (retry.jitterFactor() > 0) b.withJitter(retry.jitterFactor());
        return b.build();
    }

    /**
     * The delay Failsafe uses when the provider said how long to wait: at least the Retry-After (and never less
     * than the initial delay, since Jira has sent 0), raised so that Failsafe's jitter only ever lengthens it.
     * A negative duration tells Failsafe to use the exponential backoff instead.
     */
    private Duration retryAfterDelay(Throwable failure) {
        Duration asked = Failures.retryAfter(failure);
        if (asked == null) return USE_BACKOFF;
        ResilienceConfig.Retry retry = config.retry();
        Duration floor = asked.compareTo(retry.initialDelay()) < 0 ? retry.initialDelay() : asked;
        return Duration.ofNanos((long) Math.ceil(floor.toNanos() / (1.0 - retry.jitterFactor())));
    }

    private boolean tooLongToWait(Throwable failure) {
        Duration asked = Failures.retryAfter(failure);
        return asked != null && asked.compareTo(config.retry().maxRetryAfter()) > 0;
    }

    private void retryScheduled(String operation, int attempt, Duration delay, Throwable cause) {
        IntegrationException ie = cause instanceof IntegrationException e ? e : null;
        LOG.debug("Retrying {} on provider {} in {} ms after attempt {} failed with {}", operation, provider,
                delay.toMillis(), attempt, ie == null ? cause.getClass().getSimpleName() : ie.code());
        if (ie != null) {
            try {
                listener.onRetryScheduled(provider, operation, attempt, delay, ie);
            } catch (RuntimeException e) {
                LOG.warn("ProviderCallListener.onRetryScheduled failed", e);
            }
        }
    }

    private void stateChanged(CircuitBreakerStateChangedEvent e, CircuitState to) {
        CircuitState from = CircuitState.valueOf(e.getPreviousState().name());
        if (to == CircuitState.OPEN) {
            LOG.warn("Circuit for provider {} opened; calls are refused for {} s", provider,
                    config.circuitBreaker().openDuration().toSeconds());
        } else {
            LOG.info("Circuit for provider {} is now {}", provider, to);
        }
        try {
            listener.onCircuitStateChanged(provider, from, to);
        } catch (RuntimeException ex) {
            LOG.warn("ProviderCallListener.onCircuitStateChanged failed", ex);
        }
    }

    /**
     * Takes one rate-limit permit for a further request a plugin makes inside a call (the call's own attempt took
     * one for its first), waiting at most {@code rate_limit.max_wait} and at most {@code maxWait}.
     *
     * @throws IntegrationException RATE_LIMITED (with retryAfter) when no permit came in time, INTERRUPTED when
     *                              interrupted (with the interrupt flag restored)
     */
    void acquireRequestPermit(String plugin, Duration maxWait) {
        ResilienceConfig.RateLimit rate = config.rateLimit();
        Duration wait = maxWait.compareTo(rate.maxWait()) < 0 ? maxWait : rate.maxWait();
        try {
            if (limiter.tryAcquirePermit(wait) && (shared == null
                    || shared.tryAcquire(provider, rate.requestsPerMinute(), wait))) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IntegrationException.builder(ErrorCode.INTERRUPTED, "interrupted while plugin " + plugin
                    + " waited for a rate-limit permit of provider '" + provider + "'").provider(provider).cause(e)
                    .build();
        }
        throw IntegrationException.builder(ErrorCode.RATE_LIMITED, "client-side rate limit for provider '" + provider
                        + "' (" + rate.requestsPerMinute() + " requests per minute, counting every request plugin "
                        + plugin + " makes within a call) gave no permit within " + wait.toMillis()
                        + "ms; retry later or raise resilience.rate_limit.requests_per_minute")
                .provider(provider).retryAfter(Duration.ofMillis(Math.max(1, 60_000L / rate.requestsPerMinute())))
                .build();
    }

    /** Runs one attempt and records its outcome for {@link #health()}. */
    <T> T attempt(Supplier<T> action) {
        return outcomes.record(shared == null ? action : () -> sharedAttempt(action));
    }

    /**
     * One attempt under the shared budget: refused while the shared breaker is open, after a shared permit, and its
     * outcome reported to the shared breaker. The refusals are marked client-side, so they do not count against
     * this instance's own breaker (the provider did not fail).
     */
    private <T> T sharedAttempt(Supplier<T> action) {
        Instant now = clock.instant();
        Instant openUntil = shared.openUntil(provider).orElse(null);
        if (openUntil != null && openUntil.isAfter(now)) {
            throw IntegrationException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "the circuit of provider '" + provider
                    + "' is open across instances (shared breaker) until " + openUntil + "; retry later")
                    .provider(provider).retryAfter(Duration.between(now, openUntil)).detail(CLIENT_SIDE, "true")
                    .build();
        }
        ResilienceConfig.RateLimit rate = config.rateLimit();
        boolean permit;
        try {
            permit = shared.tryAcquire(provider, rate.requestsPerMinute(), rate.maxWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IntegrationException.builder(ErrorCode.INTERRUPTED, "interrupted while waiting for a shared "
                    + "rate-limit permit of provider '" + provider + "'").provider(provider).cause(e).build();
        }
        if (!permit) {
            throw IntegrationException.builder(ErrorCode.RATE_LIMITED, "the rate limit shared by every instance for "
                    + "provider '" + provider + "' (" + rate.requestsPerMinute() + " requests per minute) gave no "
                    + "permit within " + rate.maxWait().toMillis() + "ms; retry later").provider(provider)
                    .retryAfter(Duration.ofMillis(Math.max(1, 60_000L / rate.requestsPerMinute())))
                    .detail(CLIENT_SIDE, "true").build();
        }
        ResilienceConfig.CircuitBreaker cb = config.circuitBreaker();
        try {
            T result = action.get();
            shared.recordOutcome(provider, false, cb.failureThreshold(), cb.openDuration());
            return result;
        } catch (RuntimeException e) {
            shared.recordOutcome(provider, Failures.countsAgainstBreaker(e), cb.failureThreshold(), cb.openDuration());
            throw e;
        }
    }

    ProviderCallHealth health() {
        return outcomes.health(CircuitState.valueOf(breaker.getState().name()), remainingOpen());
    }
}
