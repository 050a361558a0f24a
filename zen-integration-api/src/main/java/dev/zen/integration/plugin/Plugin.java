package dev.zen.integration.plugin;

import java.util.Optional;

/**
 * A configured plugin, ready to call. Thread-safe: concurrent calls run on separate sandboxed instances.
 *
 * <p>Calls speak ABI v1: JSON in, and the {@code value} of the plugin's result envelope out. A plugin's structured
 * error arrives as an {@link dev.zen.integration.IntegrationException} with the plugin's code, retryability and
 * retry-after; sandbox failures (trap, timeout, memory cap, malformed output) arrive as
 * {@link dev.zen.integration.ErrorCode#PLUGIN_EXECUTION_FAILED}.
 */
public interface Plugin extends AutoCloseable {

    /** What this plugin is. */
    PluginDescriptor descriptor();

    /** Whether the plugin exports the operation. */
    boolean supports(PluginOperation operation);

    /**
     * Calls an operation.
     *
     * @param operation the operation
     * @param inputJson the input document (see {@code docs/plugin-abi.md})
     * @return the result value as JSON
     * @throws dev.zen.integration.IntegrationException on any failure, with its code
     */
    String call(PluginOperation operation, String inputJson);

    /** Its sandbox instances and their memory now, for metrics; empty when the plugin does not track them. */
    default Optional<PluginStats> stats() {
        return Optional.empty();
    }

    /** Releases the plugin's instances. Calls after close fail. */
    @Override
    void close();
}
