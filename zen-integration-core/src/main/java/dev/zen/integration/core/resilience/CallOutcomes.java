package dev.zen.integration.core.resilience;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The one health tracker: what calls to one provider have shown so far. Thread-safe. */
final class CallOutcomes {
    private final String provider;
    private final Clock clock;
    private final AtomicReference<Snapshot> last = new AtomicReference<>(new Snapshot(null, null, null, null, false, 0));

    /** Immutable; replaced atomically. */
    private record Snapshot(Instant lastSuccessAt, Instant lastFailureAt, ErrorCode lastFailureCode,
                            String lastFailureMessage, boolean lastFailureRetryable, int consecutiveFailures) {}

    CallOutcomes(String provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    /** Runs one call and records its outcome. */
    <T> T record(Supplier<T> action) {
        try {
            T result = action.get();
            last.updateAndGet(o -> new Snapshot(clock.instant(), o.lastFailureAt(), o.lastFailureCode(),
                    o.lastFailureMessage(), o.lastFailureRetryable(), 0));
            return result;
        } catch (RuntimeException e) {
            ErrorCode code = e instanceof IntegrationException ie ? ie.code() : ErrorCode.PLUGIN_EXECUTION_FAILED;
            String message = e instanceof IntegrationException ? e.getMessage() : e.getClass().getName();
            boolean retryable = e instanceof IntegrationException ie && ie.retryable();
            last.updateAndGet(o -> new Snapshot(o.lastSuccessAt(), clock.instant(), code, message, retryable,
                    o.consecutiveFailures() + 1));
            throw e;
        }
    }

    /** The outcomes so far together with the breaker's state. */
    ProviderCallHealth health(CircuitState state, Duration remainingOpen) {
        Snapshot o = last.get();
        return new ProviderCallHealth(provider, state, remainingOpen, o.lastSuccessAt(), o.lastFailureAt(),
                o.lastFailureCode(), o.lastFailureMessage(), o.lastFailureRetryable(), o.consecutiveFailures());
    }
}
