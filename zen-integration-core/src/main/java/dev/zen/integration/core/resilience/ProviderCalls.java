package dev.zen.integration.core.resilience;

import dev.zen.integration.plugin.RequestGate;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs every call the sync engine makes to a provider's plugin through that provider's resilience pipeline
 * (rate limiter, circuit breaker, retry honouring Retry-After, timeout, bulkhead).
 *
 * <p>Failures come out as {@link dev.zen.integration.IntegrationException}: the last attempt's error once retries
 * are exhausted, or {@link dev.zen.integration.ErrorCode#PROVIDER_UNAVAILABLE} while the circuit is open.
 */
public interface ProviderCalls extends AutoCloseable {

    /**
     * Runs {@code action} for {@code provider}.
     *
     * @param provider   the provider name, such as "jira"
     * @param operation  a name for logs and metrics, such as "get_task_data"
     * @param idempotent whether the action may be retried blindly; non-idempotent actions are never retried
     * @param action     the call
     * @param <T>        the result type
     * @return the action's result
     */
    <T> T call(String provider, String operation, boolean idempotent, Supplier<T> action);

    /**
     * How calls to {@code provider} have been going, for {@code status()}; empty when this implementation does not
     * track it (the provider's state is then reported as UNKNOWN).
     */
    default Optional<ProviderCallHealth> callHealth(String provider) {
        return Optional.empty();
    }

    /**
     * A gate that counts the further outbound requests a plugin makes inside one call of {@code provider} against
     * the same budget as the calls themselves (each call already took a permit, which covers its first request;
     * see {@link RequestGate}). Empty when this implementation does not limit the rate; the default.
     */
    default Optional<RequestGate> requestGate(String provider) {
        return Optional.empty();
    }

    /** Releases threads the implementation owns. Default: nothing to release. */
    @Override
    default void close() {}

    /** Calls without any policy (health is still tracked): for tests and hosts that handle resilience themselves. */
    static ProviderCalls direct() {
        return new DirectCalls(Clock.systemUTC());
    }
}
