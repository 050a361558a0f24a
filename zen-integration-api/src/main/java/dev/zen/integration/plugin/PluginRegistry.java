package dev.zen.integration.plugin;

import java.util.List;
import java.util.Optional;

/**
 * Finds, verifies and loads plugins, and opens configured handles to them. Thread-safe.
 *
 * <p>A broken plugin never stops the others: it is listed with state {@link PluginDescriptor.State#FAILED} and the
 * reason.
 */
public interface PluginRegistry extends AutoCloseable {

    /** Scans the plugin folders and the classpath again; returns everything found, broken plugins included. */
    List<PluginDescriptor> discover();

    /** Every plugin known, in name order. */
    List<PluginDescriptor> list();

    /** The plugin of that name, if known. */
    Optional<PluginDescriptor> find(String name);

    /**
     * Verifies (checksum, signature, imports) and compiles a plugin so it can be opened.
     *
     * @throws dev.zen.integration.IntegrationException {@code PLUGIN_NOT_FOUND} or {@code PLUGIN_LOAD_FAILED}
     */
    PluginDescriptor load(String name);

    /** Forgets a loaded plugin's compiled code; open handles keep working until closed. */
    void unload(String name);

    /** Re-reads a plugin from its source and loads it again, without restarting the host. */
    PluginDescriptor reload(String name);

    /**
     * Opens a plugin with a configuration: loads it if needed, validates the configuration against the plugin's
     * configuration_schema, and returns a handle whose instances are initialised with it.
     *
     * @throws dev.zen.integration.IntegrationException {@code PLUGIN_NOT_FOUND}, {@code PLUGIN_LOAD_FAILED}
     *                                                  or {@code CONFIG_ERROR}
     */
    Plugin open(PluginConfig config);

    /** Closes every open handle and releases caches. */
    @Override
    void close();
}
