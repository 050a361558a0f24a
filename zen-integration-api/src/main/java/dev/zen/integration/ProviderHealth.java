package dev.zen.integration;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one provider (external system) is doing, as seen by the sync engine.
 *
 * @param provider       the provider name, such as "jira"
 * @param state          the health state
 * @param message        a human-readable explanation
 * @param lastChecked    when this was last observed; null if not yet
 * @param pendingChanges local changes queued for this provider while it was unavailable
 */
public record ProviderHealth(String provider, State state, @Nullable String message, @Nullable Instant lastChecked,
                             int pendingChanges) {
    /** Validates the health. */
    public ProviderHealth {
        Checks.requireText(provider, "provider");
        Objects.requireNonNull(state, "state");
        Checks.requireNonNegative(pendingChanges, "pendingChanges");
    }

    /** Health states. */
    public enum State {
        /** Calls succeed. */
        HEALTHY,
        /** Calls fail sometimes, or are being rate limited. */
        DEGRADED,
        /** The provider is unavailable (circuit open); changes are queued. */
        UNAVAILABLE,
        /** Not contacted yet. */
        UNKNOWN
    }
}
