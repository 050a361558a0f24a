package dev.zen.integration.core.internal.engine;

import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.plugin.RequestGate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The plugin registry, made only when a plugin has to be opened through it, and the plugins opened through it,
 * each on first use (a failed open is retried on the next call). Thread-safe.
 */
final class LazyRegistry implements Supplier<PluginRegistry> {
    private final Supplier<PluginRegistry> factory;
    private final List<Plugin> opened = new ArrayList<>();
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
     * Supplies the provider's plugin, opening it on the first call with the provider's request gate (null for none),
     * so the plugin's further requests inside a call count against the provider's rate limiter.
     */
    Supplier<Plugin> plugin(ProviderConfig config, RequestGate gate) {
        return new Supplier<>() {
            private volatile Plugin plugin;

            @Override
            public Plugin get() {
                Plugin p = plugin;
                if (p != null) return p;
                synchronized (this) {
                    if (plugin == null) plugin = open(config, gate);
                    return plugin;
                }
            }
        };
    }

    private Plugin open(ProviderConfig config, RequestGate gate) {
        Plugin p = get().open(config.toPluginConfig().withRequestGate(gate));
        synchronized (this) {
            opened.add(p);
        }
        return p;
    }

    /** Closes the plugins opened here and, if {@code owned}, the registry. */
    synchronized void close(boolean owned) {
        for (Plugin p : opened) {
            try {
                p.close();
            } catch (RuntimeException ignored) {
                // closing the rest matters more
            }
        }
        opened.clear();
        if (owned && registry != null) registry.close();
    }
}
