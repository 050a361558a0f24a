package dev.zen.integration;

import dev.zen.integration.plugin.PluginStats;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The engine's gauges at one instant, in plain Java types, for metrics and dashboards: per provider, its links,
 * its outbox and its breaker.
 *
 * @param takenAt   when the snapshot was taken
 * @param providers one entry per configured provider, in name order
 */
public record OperationsSnapshot(Instant takenAt, List<ProviderOperations> providers) {
    /** Validates the snapshot. */
    public OperationsSnapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        providers = Checks.copyList(providers);
    }

    /**
     * One provider's gauges.
     *
     * @param provider        the provider name
     * @param paused          whether the provider is paused (its links are skipped)
     * @param pluginName      the plugin serving it, once opened; null before
     * @param pluginVersion   that plugin's version; null before it is opened
     * @param pluginSource    where that plugin was found (folder or classpath URL); null before it is opened
     * @param versionPin      the version range the provider's plugin is pinned to; null when not pinned
     * @param circuitState    the breaker's state (CLOSED, OPEN or HALF_OPEN); null when the pipeline does not track it
     * @param links           linked tasks
     * @param pausedLinks     links paused one by one
     * @param errorLinks      links in error
     * @param conflicts       conflicts waiting for review
     * @param pendingChanges  changes queued in the outbox
     * @param oldestPendingAt when the oldest queued change was queued; null when none is queued
     * @param pluginStats     the serving plugin's instances and memory; null before it is opened or when the plugin
     *                        does not track them
     */
    public record ProviderOperations(String provider, boolean paused, @Nullable String pluginName,
                                     @Nullable String pluginVersion, @Nullable String pluginSource,
                                     @Nullable String versionPin, @Nullable String circuitState, int links,
                                     int pausedLinks, int errorLinks, int conflicts, int pendingChanges,
                                     @Nullable Instant oldestPendingAt, @Nullable PluginStats pluginStats) {
        /** Validates the gauges. */
        public ProviderOperations {
            Checks.requireText(provider, "provider");
            Checks.requireNonNegative(links, "links");
            Checks.requireNonNegative(pausedLinks, "pausedLinks");
            Checks.requireNonNegative(errorLinks, "errorLinks");
            Checks.requireNonNegative(conflicts, "conflicts");
            Checks.requireNonNegative(pendingChanges, "pendingChanges");
        }
    }
}
