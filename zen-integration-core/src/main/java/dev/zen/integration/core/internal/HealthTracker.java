package dev.zen.integration.core.internal;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ProviderHealth;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The health of each provider as seen by the engine's last call to it. Thread-safe. */
final class HealthTracker {
    private final Clock clock;
    private final Map<String, ProviderHealth> health = new ConcurrentHashMap<>();

    HealthTracker(Clock clock) {
        this.clock = clock;
    }

    void success(String provider) {
        health.put(provider, new ProviderHealth(provider, ProviderHealth.State.HEALTHY, "last call succeeded",
                clock.instant(), 0));
    }

    void failure(String provider, IntegrationException e) {
        ProviderHealth.State state;
        if (e.code() == ErrorCode.PROVIDER_UNAVAILABLE || Offline.isUnavailable(e)) {
            state = e.code() == ErrorCode.RATE_LIMITED ? ProviderHealth.State.DEGRADED : ProviderHealth.State.UNAVAILABLE;
        } else if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.INVALID_DATA
                || e.code() == ErrorCode.SYNC_CONFLICT) {
            state = ProviderHealth.State.HEALTHY; // the system answered; the request was at fault (as in ProviderCallHealth)
        } else {
            state = ProviderHealth.State.DEGRADED;
        }
        health.put(provider, new ProviderHealth(provider, state, e.code() + ": " + e.getMessage(), clock.instant(), 0));
    }

    /** The health of a provider, with its pending-change count filled in. */
    ProviderHealth of(String provider, int pending) {
        ProviderHealth h = health.get(provider);
        if (h == null) {
            return new ProviderHealth(provider, ProviderHealth.State.UNKNOWN, "not contacted yet", null, pending);
        }
        return new ProviderHealth(provider, h.state(), h.message(), h.lastChecked(), pending);
    }
}
