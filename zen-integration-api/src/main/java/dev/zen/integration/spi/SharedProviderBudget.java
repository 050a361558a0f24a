package dev.zen.integration.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A provider's request budget and circuit breaker shared by several instances of a service, so that N replicas
 * together stay under the tracker's rate limit and stop calling it together when it fails. Each instance keeps its
 * own (process-local) limiter and breaker as well; this adds the shared state on top. Without one (the default),
 * budgets are per process. Implementations must be thread-safe and should keep the common case cheap (for example
 * by taking permits in small batches and caching the breaker for a moment).
 */
public interface SharedProviderBudget {

    /**
     * Takes one request permit of {@code provider}'s shared budget of {@code requestsPerMinute}, waiting at most
     * {@code maxWait}.
     *
     * @return whether a permit was granted in time
     * @throws InterruptedException when interrupted while waiting
     */
    boolean tryAcquire(String provider, int requestsPerMinute, Duration maxWait) throws InterruptedException;

    /** Until when the shared breaker of {@code provider} refuses calls; empty while it is closed. */
    Optional<Instant> openUntil(String provider);

    /**
     * Reports an attempt's outcome: {@code failureThreshold} failures in a row, counted across every instance, open
     * the shared breaker for {@code openDuration}; a success closes it.
     */
    void recordOutcome(String provider, boolean failure, int failureThreshold, Duration openDuration);
}
