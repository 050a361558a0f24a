package dev.zen.integration.it.ops;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plugin registry whose one plugin is an in-memory tracker under a version the test sets (as if a newer release
 * had been dropped into the plugin folder), and which can be made to fail loading. Every handle it opens is kept, so
 * the test can see which were closed and whether a call ever ran on a closed one.
 */
final class VersionedRegistry implements PluginRegistry {
    final InMemoryTracker tracker;
    final List<VersionedPlugin> opened = new CopyOnWriteArrayList<>();
    volatile String version = "1.0.0";
    volatile boolean broken;

    VersionedRegistry(InMemoryTracker tracker) {
        this.tracker = tracker;
    }

    PluginDescriptor descriptor(String v) {
        PluginManifest m = tracker.descriptor().manifest();
        PluginManifest.Info info = new PluginManifest.Info("fake", v, "versioned test plugin", "Zen");
        PluginManifest manifest = new PluginManifest(m.schemaVersion(), info, m.capabilities(), m.runtime(),
                m.apiRequirements(), m.security(), m.configurationSchema());
        return new PluginDescriptor("fake", "test-folder/fake-" + v, manifest, PluginDescriptor.State.LOADED, null);
    }

    @Override
    public List<PluginDescriptor> discover() {
        return list();
    }

    @Override
    public List<PluginDescriptor> list() {
        return List.of(descriptor(version));
    }

    @Override
    public Optional<PluginDescriptor> find(String name) {
        return Optional.of(descriptor(version));
    }

    @Override
    public PluginDescriptor load(String name) {
        if (broken) {
            throw IntegrationException.builder(ErrorCode.PLUGIN_LOAD_FAILED, "version " + version + " is broken")
                    .build();
        }
        return descriptor(version);
    }

    @Override
    public void unload(String name) {
        // nothing compiled
    }

    @Override
    public PluginDescriptor reload(String name) {
        return load(name);
    }

    @Override
    public Plugin open(PluginConfig config) {
        load(config.plugin());
        VersionedPlugin p = new VersionedPlugin(descriptor(version));
        opened.add(p);
        return p;
    }

    @Override
    public void close() {
        // the handles are the engine's to close
    }

    /** One opened handle: counts the calls running on it and refuses calls once closed. */
    final class VersionedPlugin implements Plugin {
        final PluginDescriptor descriptor;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger callsAfterClose = new AtomicInteger();
        volatile boolean closed;
        volatile int inFlightAtClose = -1;

        VersionedPlugin(PluginDescriptor descriptor) {
            this.descriptor = descriptor;
        }

        @Override
        public PluginDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public boolean supports(PluginOperation operation) {
            return tracker.supports(operation);
        }

        @Override
        public String call(PluginOperation operation, String inputJson) {
            if (closed) {
                callsAfterClose.incrementAndGet();
                throw IntegrationException.builder(ErrorCode.PLUGIN_EXECUTION_FAILED, "called after close").build();
            }
            inFlight.incrementAndGet();
            try {
                Thread.sleep(1); // widens the window in which a swap meets a running call
                return tracker.call(operation, inputJson);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw IntegrationException.builder(ErrorCode.INTERRUPTED, "interrupted").build();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void close() {
            inFlightAtClose = inFlight.get();
            closed = true;
        }
    }
}
