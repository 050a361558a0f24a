package dev.zen.integration.core.resilience;

import dev.zen.integration.IntegrationException;

import java.time.Duration;

/**
 * Hears what the resilience pipeline does, for metrics, logs or sync events. Methods run on the calling or a
 * scheduler thread and must return quickly; exceptions they throw are logged and ignored.
 */
public interface ProviderCallListener {

    /**
     * A failed attempt will be retried after {@code delay}.
     *
     * @param provider  the provider
     * @param operation the operation name given to {@link ProviderCalls#call}
     * @param attempt   the attempt that failed, starting at 1
     * @param delay     the wait before the next attempt (the provider's Retry-After when it gave one)
     * @param cause     why the attempt failed
     */
    default void onRetryScheduled(String provider, String operation, int attempt, Duration delay,
                                  IntegrationException cause) {}

    /** A provider's circuit breaker changed state. */
    default void onCircuitStateChanged(String provider, CircuitState from, CircuitState to) {}
}
