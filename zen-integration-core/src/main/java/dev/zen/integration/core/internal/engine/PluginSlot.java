package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin serving one provider, swappable while calls run: a call holds the handle it started on, a swap makes
 * new calls use the new handle, and the old one is closed when its last call returns. The plugin is opened on first
 * use (a failed open is retried on the next call). Thread-safe.
 */
final class PluginSlot {
    private static final Logger LOG = LoggerFactory.getLogger(PluginSlot.class);

    private final String provider;
    private final Supplier<Plugin> opener;
    private final Events events;
    private volatile Handle current;
    /** The plugin replaced last, kept open (idle) so {@link #rollback()} can return to it at once. */
    private Handle previous;
    private volatile VersionRange pin;

    /** One plugin handle and the calls running on it. */
    private static final class Handle {
        final Plugin plugin;
        final boolean owned;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicBoolean retired = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();

        Handle(Plugin plugin, boolean owned) {
            this.plugin = plugin;
            this.owned = owned;
        }

        void closeOnce() {
            if (!owned || !closed.compareAndSet(false, true)) return;
            try {
                plugin.close();
            } catch (RuntimeException e) {
                LOG.warn("closing plugin {} failed", plugin.descriptor().name(), e);
            }
        }
    }

    /** A slot that opens (and owns) its plugin with {@code opener} on first use. */
    PluginSlot(String provider, Supplier<Plugin> opener, Events events) {
        this.provider = provider;
        this.opener = opener;
        this.events = events;
    }

    /** A slot serving a plugin the host opened and keeps owning. */
    static PluginSlot given(String provider, Plugin plugin, Events events) {
        PluginSlot slot = new PluginSlot(provider, () -> plugin, events);
        slot.current = new Handle(plugin, false);
        return slot;
    }

    /** Runs {@code call} on the current plugin; a swap meanwhile lets it finish on the plugin it started on. */
    <T> T call(Function<Plugin, T> call) {
        Handle h = acquire();
        try {
            return call.apply(h.plugin);
        } finally {
            release(h);
        }
    }

    private Handle acquire() {
        while (true) {
            Handle h = current();
            h.inFlight.incrementAndGet();
            if (!h.retired.get()) return h;
            release(h); // swapped out between reading and counting: take the new one
        }
    }

    private static void release(Handle h) {
        if (h.inFlight.decrementAndGet() == 0 && h.retired.get()) h.closeOnce();
    }

    private Handle current() {
        Handle h = current;
        if (h != null) return h;
        synchronized (this) {
            if (current == null) current = new Handle(open(opener), true);
            return current;
        }
    }

    /** Opens a plugin with {@code how}, reporting how long it took and whether it worked. */
    Plugin open(Supplier<Plugin> how) {
        long t0 = System.nanoTime();
        try {
            Plugin p = how.get();
            PluginDescriptor d = p.descriptor();
            try {
                checkPin(d);
            } catch (IntegrationException e) {
                p.close();
                throw e;
            }
            events.pluginOpened(provider, d.name(), version(d), null, Duration.ofNanos(System.nanoTime() - t0));
            return p;
        } catch (IntegrationException e) {
            events.pluginOpened(provider, provider, null, e.code(), Duration.ofNanos(System.nanoTime() - t0));
            throw e;
        } catch (RuntimeException e) {
            events.pluginOpened(provider, provider, null, ErrorCode.PLUGIN_LOAD_FAILED,
                    Duration.ofNanos(System.nanoTime() - t0));
            throw e;
        }
    }

    /**
     * Makes {@code next} serve new calls. The plugin it replaces finishes its running calls and is kept, idle, as
     * the rollback target; the one kept before is closed (if this slot owns it) once its last call returns.
     *
     * @return the descriptor of the plugin replaced, or null when none was open yet
     */
    synchronized PluginDescriptor swap(Plugin next, boolean owned) {
        checkPin(next.descriptor());
        Handle old = current;
        current = new Handle(next, owned);
        if (old == null) return null;
        retire(previous);
        previous = old;
        return old.plugin.descriptor();
    }

    /**
     * Makes the plugin replaced last serve again; the one serving until now becomes the rollback target.
     *
     * @return the descriptor of the plugin that served until now
     * @throws IntegrationException CONFIG_ERROR when there is nothing to roll back to, PLUGIN_LOAD_FAILED when the
     *                              pin excludes it
     */
    synchronized PluginDescriptor rollback() {
        if (previous == null) {
            throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, "provider " + provider + " has no previous"
                    + " plugin version to roll back to: only a reload or replacement since the start leaves one")
                    .provider(provider).build();
        }
        checkPin(previous.plugin.descriptor());
        Handle old = current;
        current = previous;
        previous = old;
        return old.plugin.descriptor();
    }

    /** The plugin a rollback would return to, or null. */
    synchronized PluginDescriptor previousDescriptor() {
        return previous == null ? null : previous.plugin.descriptor();
    }

    /** The serving plugin's instances and memory, or null before it is opened or when it does not track them. */
    PluginStats stats() {
        Handle h = current;
        try {
            return h == null ? null : h.plugin.stats().orElse(null);
        } catch (RuntimeException e) {
            return null; // a gauge must not fail
        }
    }

    /** Accepts only versions in {@code range} from now on (null: any); the plugin serving now is not changed. */
    void pin(VersionRange range) {
        this.pin = range;
    }

    /** The pin, or null. */
    VersionRange pin() {
        return pin;
    }

    /**
     * Refuses a plugin whose version is outside the pin.
     *
     * @throws IntegrationException PLUGIN_LOAD_FAILED naming the version, its source and the pin
     */
    void checkPin(PluginDescriptor d) {
        VersionRange range = pin;
        if (range == null || range.contains(version(d))) return;
        throw IntegrationException.builder(ErrorCode.PLUGIN_LOAD_FAILED, "plugin " + d.name() + " version "
                + version(d) + " from " + d.source() + " is outside the version pin '" + range + "' of provider "
                + provider + "; install a version in that range, or change the pin with pinPlugin")
                .provider(provider).detail("reason", "version_pin").build();
    }

    private static void retire(Handle h) {
        if (h == null) return;
        h.retired.set(true);
        if (h.inFlight.get() == 0) h.closeOnce();
    }

    /** The plugin serving new calls, or null before the first call opened it. */
    PluginDescriptor descriptor() {
        Handle h = current;
        return h == null ? null : h.plugin.descriptor();
    }

    /** Closes the plugins this slot owns (after the engine stopped its calls). */
    synchronized void close() {
        retire(previous);
        retire(current);
        previous = null;
    }

    static String version(PluginDescriptor d) {
        return d.manifest() == null ? null : d.manifest().plugin().version();
    }
}
