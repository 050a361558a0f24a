package dev.zen.integration.core.resilience;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** {@link ProviderCalls#direct()}: no policy, but the health of each provider is still tracked. */
final class DirectCalls implements ProviderCalls {
    private final Clock clock;
    private final ConcurrentHashMap<String, CallOutcomes> outcomes = new ConcurrentHashMap<>();

    DirectCalls(Clock clock) {
        this.clock = clock;
    }

    @Override
    public <T> T call(String provider, String operation, boolean idempotent, Supplier<T> action) {
        return outcomes(provider).record(action);
    }

    @Override
    public Optional<ProviderCallHealth> callHealth(String provider) {
        return Optional.of(outcomes(provider).health(CircuitState.CLOSED, null));
    }

    private CallOutcomes outcomes(String provider) {
        return outcomes.computeIfAbsent(provider, p -> new CallOutcomes(p, clock));
    }
}
