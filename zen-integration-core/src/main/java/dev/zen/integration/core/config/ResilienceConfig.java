package dev.zen.integration.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How calls to one provider are protected ({@code integrations.providers.<name>.resilience}). The defaults are the
 * spec's: up to 5 attempts with backoff 1 s, 2 s, 4 s, 8 s plus 20 % jitter; a breaker that opens after 5
 * consecutive failures for 30 s; 300 requests per minute; a 2-minute overall timeout; 4 concurrent calls.
 *
 * <pre>{@code
 * ResilienceConfig r = ResilienceConfig.builder()
 *         .requestsPerMinute(100)
 *         .timeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * @param retry          retries of failed idempotent calls
 * @param circuitBreaker when to stop calling an unavailable provider
 * @param rateLimit      the client-side request budget
 * @param timeout        the overall limit for one call including all retries and waits
 * @param bulkhead       how many calls to the provider may run at once
 */
public record ResilienceConfig(Retry retry, CircuitBreaker circuitBreaker, RateLimit rateLimit, Duration timeout,
                               Bulkhead bulkhead) {
    /** Default overall timeout: 2 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final ResilienceConfig DEFAULTS = builder().build();

    /** Validates; null parts take their defaults. */
    public ResilienceConfig {
        retry = retry == null ? Retry.defaults() : retry;
        circuitBreaker = circuitBreaker == null ? CircuitBreaker.defaults() : circuitBreaker;
        rateLimit = rateLimit == null ? RateLimit.defaults() : rateLimit;
        timeout = ConfigErrors.requirePositive("resilience.timeout", timeout == null ? DEFAULT_TIMEOUT : timeout);
        bulkhead = bulkhead == null ? Bulkhead.defaults() : bulkhead;
    }

    /** The spec's defaults. */
    public static ResilienceConfig defaults() {
        return DEFAULTS;
    }

    /** Starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().retry(retry).circuitBreaker(circuitBreaker).rateLimit(rateLimit).timeout(timeout)
                .bulkhead(bulkhead);
    }

    /**
     * Retry settings ({@code resilience.retry}). Delays grow {@code initialDelay * 2^n} up to {@code maxDelay}, each
     * varied by up to {@code jitterFactor} either way. A wait the provider asks for (Retry-After, rate-limit reset)
     * replaces the computed delay; if it is longer than {@code maxRetryAfter} the call fails at once, with the
     * error the provider answered (RATE_LIMITED for a 429, PROVIDER_UNAVAILABLE for a 503, ...), instead of blocking.
     *
     * @param maxAttempts   total attempts including the first (1 disables retries); default 5
     * @param initialDelay  the first backoff; default 1 s
     * @param maxDelay      the largest backoff; default 8 s
     * @param jitterFactor  how much each delay varies either way, 0.0 to 0.5; default 0.2. A provider-requested
     *                      wait is only ever lengthened by jitter, never shortened
     * @param maxRetryAfter the longest provider-requested wait honoured in place; default 60 s
     */
    public record Retry(int maxAttempts, Duration initialDelay, Duration maxDelay, double jitterFactor,
                        Duration maxRetryAfter) {
        /** Validates. */
        public Retry {
            ConfigErrors.requireRange("resilience.retry.max_attempts", maxAttempts, 1, 20);
            ConfigErrors.requirePositive("resilience.retry.initial_delay", initialDelay);
            ConfigErrors.requirePositive("resilience.retry.max_delay", maxDelay);
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw ConfigErrors.invalid("resilience.retry.max_delay", Durations.format(maxDelay),
                        "a duration of at least initial_delay (" + Durations.format(initialDelay) + ")");
            }
            if (!(jitterFactor >= 0.0 && jitterFactor <= 0.5)) {
                throw ConfigErrors.invalid("resilience.retry.jitter_factor", jitterFactor, "a number from 0.0 to 0.5");
            }
            ConfigErrors.requireNonNegative("resilience.retry.max_retry_after", maxRetryAfter);
        }

        /** 5 attempts, 1 s doubling to 8 s, 20 % jitter, Retry-After honoured up to 60 s. */
        public static Retry defaults() {
            return new Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(8), 0.2, Duration.ofSeconds(60));
        }
    }

    /**
     * Circuit breaker settings ({@code resilience.circuit_breaker}).
     *
     * @param failureThreshold consecutive failures that open the breaker; default 5
     * @param openDuration     how long it stays open before letting a trial call through (half-open); default 30 s
     * @param successThreshold consecutive successful trial calls that close it again; default 1
     */
    public record CircuitBreaker(int failureThreshold, Duration openDuration, int successThreshold) {
        /** Validates. */
        public CircuitBreaker {
            ConfigErrors.requireRange("resilience.circuit_breaker.failure_threshold", failureThreshold, 1, 1000);
            ConfigErrors.requirePositive("resilience.circuit_breaker.open_duration", openDuration);
            ConfigErrors.requireRange("resilience.circuit_breaker.success_threshold", successThreshold, 1, 1000);
        }

        /** 5 failures, 30 s open, 1 trial success. */
        public static CircuitBreaker defaults() {
            return new CircuitBreaker(5, Duration.ofSeconds(30), 1);
        }
    }

    /**
     * Client-side rate limit ({@code resilience.rate_limit}): permits are spread evenly over the minute.
     *
     * @param requestsPerMinute the budget; default 300 (Jira Cloud)
     * @param maxWait           how long a call waits for a permit before failing with RATE_LIMITED; default 30 s
     */
    public record RateLimit(int requestsPerMinute, Duration maxWait) {
        /** Validates. */
        public RateLimit {
            ConfigErrors.requireRange("resilience.rate_limit.requests_per_minute", requestsPerMinute, 1, 1_000_000);
            ConfigErrors.requireNonNegative("resilience.rate_limit.max_wait", maxWait);
        }

        /** 300 per minute, waiting up to 30 s for a permit. */
        public static RateLimit defaults() {
            return new RateLimit(300, Duration.ofSeconds(30));
        }
    }

    /**
     * Bulkhead settings ({@code resilience.bulkhead}).
     *
     * @param maxConcurrentCalls calls to the provider that may run at once; default 4
     * @param maxWait            how long a call waits for a free slot before failing; default 30 s
     */
    public record Bulkhead(int maxConcurrentCalls, Duration maxWait) {
        /** Validates. */
        public Bulkhead {
            ConfigErrors.requireRange("resilience.bulkhead.max_concurrent_calls", maxConcurrentCalls, 1, 1000);
            ConfigErrors.requireNonNegative("resilience.bulkhead.max_wait", maxWait);
        }

        /** 4 concurrent calls, waiting up to 30 s for a slot. */
        public static Bulkhead defaults() {
            return new Bulkhead(4, Duration.ofSeconds(30));
        }
    }

    /** Builds a {@link ResilienceConfig}; unset values keep the defaults. Not thread-safe. */
    public static final class Builder {
        private Retry retry = Retry.defaults();
        private CircuitBreaker circuitBreaker = CircuitBreaker.defaults();
        private RateLimit rateLimit = RateLimit.defaults();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Bulkhead bulkhead = Bulkhead.defaults();

        private Builder() {}

        /** All retry settings. */
        public Builder retry(Retry retry) { this.retry = Objects.requireNonNull(retry, "retry"); return this; }

        /** Total attempts including the first; 1 disables retries. */
        public Builder maxAttempts(int maxAttempts) {
            retry = new Retry(maxAttempts, retry.initialDelay(), retry.maxDelay(), retry.jitterFactor(),
                    retry.maxRetryAfter());
            return this;
        }

        /** Backoff from {@code initial} doubling up to {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            retry = new Retry(retry.maxAttempts(), initial, max, retry.jitterFactor(), retry.maxRetryAfter());
            return this;
        }

        /** Jitter factor, 0.0 to 0.5. */
        public Builder jitterFactor(double jitterFactor) {
            retry = new Retry(retry.maxAttempts(), retry.initialDelay(), retry.maxDelay(), jitterFactor,
                    retry.maxRetryAfter());
            return this;
        }

        /** The longest provider-requested wait honoured in place. */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            retry = new Retry(retry.maxAttempts(), retry.initialDelay(), retry.maxDelay(), retry.jitterFactor(),
                    maxRetryAfter);
            return this;
        }

        /** All circuit breaker settings. */
        public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
            this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
            return this;
        }

        /** Consecutive failures that open the breaker, and how long it stays open. */
        public Builder circuitBreaker(int failureThreshold, Duration openDuration) {
            circuitBreaker = new CircuitBreaker(failureThreshold, openDuration, circuitBreaker.successThreshold());
            return this;
        }

        /** All rate limit settings. */
        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
            return this;
        }

        /** The client-side request budget per minute. */
        public Builder requestsPerMinute(int requestsPerMinute) {
            rateLimit = new RateLimit(requestsPerMinute, rateLimit.maxWait());
            return this;
        }

        /** The overall timeout of one call including retries. */
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }

        /** All bulkhead settings. */
        public Builder bulkhead(Bulkhead bulkhead) {
            this.bulkhead = Objects.requireNonNull(bulkhead, "bulkhead");
            return this;
        }

        /** Calls that may run at once. */
        public Builder maxConcurrentCalls(int maxConcurrentCalls) {
            bulkhead = new Bulkhead(maxConcurrentCalls, bulkhead.maxWait());
            return this;
        }

        /** Builds the configuration. */
        public ResilienceConfig build() {
            return new ResilienceConfig(retry, circuitBreaker, rateLimit, timeout, bulkhead);
        }
    }
}
