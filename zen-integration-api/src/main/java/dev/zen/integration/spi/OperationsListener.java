package dev.zen.integration.spi;

import dev.zen.integration.ErrorCode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hears what the engine does below the level of {@link SyncEvent}s: each plugin call and each plugin open, with
 * its duration, for metrics (see {@code zen-integration-micrometer}). Register it like any {@link SyncListener}
 * (the builder's {@code listener(...)} or ServiceLoader): the engine calls these methods on listeners that implement
 * this interface, and {@link #onEvent} as usual.
 *
 * <p>Called synchronously from sync threads, possibly concurrently: keep it fast and thread-safe. An exception
 * thrown here is logged and never fails a sync.
 */
public interface OperationsListener extends SyncListener {

    /** Sync events; the default ignores them. */
    @Override
    default void onEvent(SyncEvent event) {}

    /**
     * A call to a provider's plugin returned or failed (after the resilience pipeline: retries included).
     *
     * @param provider  the provider
     * @param operation the plugin export, such as {@code get_task_data}
     * @param error     the failure's code; null when the call succeeded
     * @param duration  how long the call took, waits for rate-limit permits and retries included
     * @param waited    how long it waited before its first attempt started (the provider's client-side rate limiter
     *                  and bulkhead); the whole duration when no attempt started (refused by the rate limiter, the
     *                  open breaker or the full bulkhead)
     * @param attempted whether an attempt started: false means the call was refused before reaching the plugin
     */
    default void onPluginCall(String provider, String operation, @Nullable ErrorCode error, Duration duration,
                              Duration waited, boolean attempted) {}

    /**
     * The engine opened (loaded, verified, compiled and configured) a provider's plugin, or failed to.
     *
     * @param provider the provider
     * @param plugin   the plugin name
     * @param version  the plugin's version; null when it could not be read
     * @param error    the failure's code; null when the plugin opened
     * @param duration how long it took
     */
    default void onPluginOpened(String provider, String plugin, @Nullable String version, @Nullable ErrorCode error,
                                Duration duration) {}

    /**
     * The plugin folders and classpath were scanned for plugins.
     *
     * @param found    how many plugins were found (broken ones included)
     * @param duration how long the scan took
     */
    default void onPluginDiscovery(int found, Duration duration) {}

    /**
     * A plugin's outbound HTTP request was answered or failed (reported by a plugin registry that supports it, such
     * as the runtime's {@code WasmPluginRegistry}; the default registry of {@code ZenIntegration.builder()} does).
     * Requests the runtime refused before sending are not reported.
     *
     * @param plugin   the plugin name
     * @param method   the HTTP method
     * @param host     the host called (lower case)
     * @param status   the status code ({@code "200"}, {@code "429"}, ...), or {@code "timeout"},
     *                 {@code "network_error"} or {@code "interrupted"} when there was no answer
     * @param duration from sending to the whole body read
     */
    default void onHttpRequest(String plugin, String method, String host, String status, Duration duration) {}
}
