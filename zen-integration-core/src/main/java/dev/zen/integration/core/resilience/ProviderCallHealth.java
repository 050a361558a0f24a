package dev.zen.integration.core.resilience;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.ProviderHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How calls to one provider have been going, as the resilience pipeline saw them.
 *
 * @param provider            the provider name
 * @param circuitState        the breaker's state
 * @param remainingOpen       while OPEN, how long until a trial call is allowed; zero otherwise
 * @param lastSuccessAt       when an attempt last succeeded, or null
 * @param lastFailureAt       when an attempt last failed, or null
 * @param lastFailureCode     the code of that failure, or null
 * @param lastFailureMessage  its message (never contains secrets), or null
 * @param lastFailureRetryable whether that failure was retryable (a retryable network error means unreachable)
 * @param consecutiveFailures failed attempts since the last success
 */
public record ProviderCallHealth(String provider, CircuitState circuitState, Duration remainingOpen,
                                 Instant lastSuccessAt, Instant lastFailureAt, ErrorCode lastFailureCode,
                                 String lastFailureMessage, boolean lastFailureRetryable, int consecutiveFailures) {
    /** Validates. */
    public ProviderCallHealth {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(circuitState, "circuitState");
        remainingOpen = remainingOpen == null ? Duration.ZERO : remainingOpen;
    }

    /**
     * The API's health value for {@code IntegrationStatus}: UNAVAILABLE while the breaker is open, DEGRADED while
     * half-open or after a failed last attempt, HEALTHY after a successful one, UNKNOWN before any call.
     *
     * @param pendingChanges queued local changes for this provider (the engine's outbox count)
     */
    public ProviderHealth toProviderHealth(int pendingChanges) {
        ProviderHealth.State state;
        String message;
        boolean failedLast = lastFailureAt != null && (lastSuccessAt == null || lastFailureAt.isAfter(lastSuccessAt));
        if (circuitState == CircuitState.OPEN) {
            state = ProviderHealth.State.UNAVAILABLE;
            message = "circuit open after " + consecutiveFailures + " consecutive failures; next trial in "
                    + remainingOpen.toSeconds() + "s; last error " + lastFailureCode + ": " + lastFailureMessage;
        } else if (circuitState == CircuitState.HALF_OPEN) {
            state = ProviderHealth.State.DEGRADED;
            message = "circuit half-open: trying the provider again";
        } else if (failedLast && unreachable()) {
            state = ProviderHealth.State.UNAVAILABLE;
            message = "the last call could not reach the provider: " + lastFailureCode + ": " + lastFailureMessage;
        } else if (failedLast && Failures.isRequestFault(lastFailureCode)) {
            state = ProviderHealth.State.HEALTHY;
            message = "provider answered; the last request was refused with " + lastFailureCode + ": "
                    + lastFailureMessage;
        } else if (failedLast) {
            state = ProviderHealth.State.DEGRADED;
            message = "last call failed with " + lastFailureCode + ": " + lastFailureMessage;
        } else if (lastSuccessAt != null) {
            state = ProviderHealth.State.HEALTHY;
            message = null;
        } else {
            state = ProviderHealth.State.UNKNOWN;
            message = "not contacted yet";
        }
        Instant lastChecked = lastSuccessAt == null ? lastFailureAt
                : lastFailureAt == null || lastSuccessAt.isAfter(lastFailureAt) ? lastSuccessAt : lastFailureAt;
        return new ProviderHealth(provider, state, message, lastChecked, pendingChanges);
    }

    private boolean unreachable() {
        return lastFailureCode == ErrorCode.PROVIDER_UNAVAILABLE
                || (lastFailureCode == ErrorCode.NETWORK_ERROR && lastFailureRetryable);
    }
}
