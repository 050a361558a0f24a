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
 * @param lastSync       when a task linked to this provider last synced successfully; null before the first
 * @param errorCount     links to this provider whose last sync failed
 * @param pendingChanges local changes queued for this provider while it was unavailable
 * @param pluginVersion  the version of the plugin serving the provider; null before its first call opened it, or
 *                       when its manifest names none
 * @param pluginSource   where that plugin was found (a folder path or a classpath URL, as {@code PluginDescriptor.source()});
 *                       null before its first call opened it
 */
public record ProviderHealth(String provider, State state, @Nullable String message, @Nullable Instant lastChecked,
                             @Nullable Instant lastSync, int errorCount, int pendingChanges,
                             @Nullable String pluginVersion, @Nullable String pluginSource) {
    /** Validates the health. */
    public ProviderHealth {
        Checks.requireText(provider, "provider");
        Objects.requireNonNull(state, "state");
        Checks.requireNonNegative(errorCount, "errorCount");
        Checks.requireNonNegative(pendingChanges, "pendingChanges");
    }

    /** The health with the figures of the provider's links, before the plugin serving it is known. */
    public ProviderHealth(String provider, State state, @Nullable String message, @Nullable Instant lastChecked,
                          @Nullable Instant lastSync, int errorCount, int pendingChanges) {
        this(provider, state, message, lastChecked, lastSync, errorCount, pendingChanges, null, null);
    }

    /** The health of the provider's calls alone, before its links are counted: no last sync, no errors. */
    public ProviderHealth(String provider, State state, @Nullable String message, @Nullable Instant lastChecked,
                          int pendingChanges) {
        this(provider, state, message, lastChecked, null, 0, pendingChanges);
    }

    /** This health with the figures of the provider's links. */
    public ProviderHealth withLinks(@Nullable Instant lastSync, int errorCount) {
        return new ProviderHealth(provider, state, message, lastChecked, lastSync, errorCount, pendingChanges,
                pluginVersion, pluginSource);
    }

    /** This health naming the plugin version serving the provider and where it was loaded from. */
    public ProviderHealth withPlugin(@Nullable String version, @Nullable String source) {
        return new ProviderHealth(provider, state, message, lastChecked, lastSync, errorCount, pendingChanges, version,
                source);
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
