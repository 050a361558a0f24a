package dev.zen.integration.core.internal.engine;

import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.plugin.RequestGate;
import java.util.function.Supplier;

/** The plugin registry, made only when a plugin has to be opened through it. Thread-safe. */
final class LazyRegistry implements Supplier<PluginRegistry> {
    private final Supplier<PluginRegistry> factory;
    private PluginRegistry registry;

    LazyRegistry(Supplier<PluginRegistry> factory) {
        this.factory = factory;
    }

    @Override
    public synchronized PluginRegistry get() {
        if (registry == null) registry = factory.get();
        return registry;
    }

    /**
     * Opens the provider's plugin with the provider's request gate (null for none), so the plugin's further requests
     * inside a call count against the provider's rate limiter.
     */
    Supplier<Plugin> opener(ProviderConfig config, RequestGate gate) {
        return () -> get().open(config.toPluginConfig().withRequestGate(gate));
    }

    /** Closes the registry if {@code owned} and it was made. */
    synchronized void close(boolean owned) {
        if (owned && registry != null) registry.close();
    }
}
