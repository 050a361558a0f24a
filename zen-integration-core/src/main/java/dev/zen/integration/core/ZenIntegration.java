package dev.zen.integration.core;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.PendingChange;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.internal.SyncEngine;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.store.FileTaskStore;
import dev.zen.integration.core.store.WorkspaceLockProvider;
import dev.zen.integration.core.store.YamlSyncRecordStore;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncListener;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Zen Integration, assembled: a {@link TaskSyncService} over a workspace, its stores and its providers' plugins.
 *
 * <pre>{@code
 * try (ZenIntegration zen = ZenIntegration.builder()
 *         .workspace(Path.of("/path/to/workspace"))
 *         .provider(ProviderConfig.builder("jira")
 *                 .serverUrl("https://acme.atlassian.net").projectKey("SYNC").credentialsRef("jira-bot")
 *                 .conflictStrategy(ConflictStrategy.TIMESTAMP)
 *                 .fieldDirection("status", SyncDirection.PULL)
 *                 .build())
 *         .build()) {
 *     zen.link("task-1", "jira", "SYNC-7");
 *     SyncReport report = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
 * }
 * }</pre>
 *
 * <p>Every part has a default: task store, record store, lock provider and credential provider are found through
 * {@link ServiceLoader} (the highest {@code priority()} wins; every {@link SyncListener} found is used), and
 * otherwise are the built-in workspace stores ({@code docs/storage.md}). Plugins come from a
 * {@code WasmPluginRegistry} unless a registry or an already-open {@link Plugin} is given. Thread-safe; close it to
 * stop its threads and close the plugins it opened.
 */
public final class ZenIntegration implements TaskSyncService, AutoCloseable {
    private final SyncEngine engine;
    private final TaskStore taskStore;
    private final SyncRecordStore recordStore;
    private final LazyRegistry registry;
    private final List<Plugin> opened;
    private final AutoCloseable ownedCalls;

    private ZenIntegration(SyncEngine engine, TaskStore taskStore, SyncRecordStore recordStore, LazyRegistry registry,
                           List<Plugin> opened, AutoCloseable ownedCalls) {
        this.ownedCalls = ownedCalls;
        this.engine = engine;
        this.taskStore = taskStore;
        this.recordStore = recordStore;
        this.registry = registry;
        this.opened = opened;
    }

    /** Starts a builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The plugin registry in use (created on first use when the default is used). */
    public PluginRegistry pluginRegistry() {
        return registry.get();
    }

    /** The task store in use. */
    public TaskStore taskStore() {
        return taskStore;
    }

    /** The sync-record store in use. */
    public SyncRecordStore recordStore() {
        return recordStore;
    }

    @Override
    public SyncReport sync(SyncRequest request) {
        return engine.sync(request);
    }

    @Override
    public CompletableFuture<SyncReport> syncAsync(SyncRequest request) {
        return engine.syncAsync(request);
    }

    @Override
    public ZenTask importItem(String provider, String externalId) {
        return engine.importItem(provider, externalId);
    }

    @Override
    public TaskSyncRecord link(String taskId, String provider, String externalId) {
        return engine.link(taskId, provider, externalId);
    }

    @Override
    public void unlink(String taskId) {
        engine.unlink(taskId);
    }

    @Override
    public List<PendingChange> discardPending(String taskId) {
        return engine.discardPending(taskId);
    }

    @Override
    public TaskSyncRecord publish(String taskId, String provider) {
        return engine.publish(taskId, provider);
    }

    @Override
    public List<ConflictRecord> conflicts() {
        return engine.conflicts();
    }

    @Override
    public TaskSyncResult resolve(String conflictId, ConflictResolution resolution) {
        return engine.resolve(conflictId, resolution);
    }

    @Override
    public SyncReport flushPending() {
        return engine.flushPending();
    }

    @Override
    public IntegrationStatus status() {
        return engine.status();
    }

    /** Stops the sync threads, closes the plugins this instance opened and the registry it created. */
    @Override
    public void close() {
        engine.close();
        synchronized (opened) {
            for (Plugin p : opened) {
                try {
                    p.close();
                } catch (RuntimeException ignored) {
                    // closing the rest matters more
                }
            }
            opened.clear();
        }
        registry.closeIfOwned();
        if (ownedCalls != null) {
            try {
                ownedCalls.close();
            } catch (Exception ignored) {
                // nothing left to release
            }
        }
    }

    /** Creates the default registry only when a plugin has to be opened through it. */
    private static final class LazyRegistry implements Supplier<PluginRegistry> {
        private final Supplier<PluginRegistry> factory;
        private final boolean owned;
        private PluginRegistry registry;

        LazyRegistry(Supplier<PluginRegistry> factory, boolean owned) {
            this.factory = factory;
            this.owned = owned;
        }

        @Override
        public synchronized PluginRegistry get() {
            if (registry == null) registry = factory.get();
            return registry;
        }

        synchronized void closeIfOwned() {
            if (owned && registry != null) registry.close();
        }
    }

    /** Opens a provider's plugin through the registry on first use; a failed open is retried on the next call. */
    private static final class LazyPlugin implements Supplier<Plugin> {
        private final ProviderConfig config;
        private final LazyRegistry registry;
        private final List<Plugin> opened;
        private volatile Plugin plugin;

        LazyPlugin(ProviderConfig config, LazyRegistry registry, List<Plugin> opened) {
            this.config = config;
            this.registry = registry;
            this.opened = opened;
        }

        @Override
        public Plugin get() {
            Plugin p = plugin;
            if (p != null) return p;
            synchronized (this) {
                if (plugin == null) {
                    plugin = registry.get().open(config.toPluginConfig());
                    synchronized (opened) {
                        opened.add(plugin);
                    }
                }
                return plugin;
            }
        }
    }

    /**
     * Builds a {@link ZenIntegration}. Only the providers are required; everything else has a default. Not
     * thread-safe.
     */
    public static final class Builder {
        private Path workspace = Path.of("");
        private TaskStore taskStore;
        private SyncRecordStore recordStore;
        private LockProvider lockProvider;
        private CredentialProvider credentialProvider;
        private final List<SyncListener> listeners = new ArrayList<>();
        private PluginRegistry pluginRegistry;
        private IntegrationConfig config = IntegrationConfig.defaults();
        private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        private final Map<String, Plugin> plugins = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private int parallelism = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        private ProviderCalls providerCalls;
        private Duration lockTimeout = Duration.ofSeconds(30);
        private boolean discoverServices = true;
        private ClassLoader classLoader;

        private Builder() {}

        /** The Zen workspace folder: default stores keep their files under it. Default: the working directory. */
        public Builder workspace(Path workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
            return this;
        }

        /** The host's task store. Default: found by ServiceLoader, else {@link FileTaskStore} in the workspace. */
        public Builder taskStore(TaskStore store) {
            this.taskStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Where sync records live. Default: found by ServiceLoader, else {@link YamlSyncRecordStore}. */
        public Builder recordStore(SyncRecordStore store) {
            this.recordStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Per-task locks. Default: found by ServiceLoader, else {@link WorkspaceLockProvider}. */
        public Builder lockProvider(LockProvider locks) {
            this.lockProvider = Objects.requireNonNull(locks, "locks");
            return this;
        }

        /**
         * Resolves credential references for the default plugin registry. Default: a cached resolver over
         * environment variables ({@code ZEN_CREDENTIAL_<REF>_...}) and every provider registered with ServiceLoader.
         */
        public Builder credentialProvider(CredentialProvider credentials) {
            this.credentialProvider = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Adds a listener for sync events (in addition to those found by ServiceLoader). */
        public Builder listener(SyncListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The plugin registry. Default: a {@code WasmPluginRegistry} over the configured plugin folders. */
        public Builder pluginRegistry(PluginRegistry registry) {
            this.pluginRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The {@code integrations:} configuration: its providers, task system, feature flags and plugin folders.
         * Providers added with {@link #provider} afterwards replace those of the same name.
         */
        public Builder config(IntegrationConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            config.providers().values().forEach(p -> providers.put(p.name(), p));
            return this;
        }

        /** A provider whose plugin is opened through the plugin registry with {@code config.toPluginConfig()}. */
        public Builder provider(ProviderConfig config) {
            providers.put(config.name(), config);
            plugins.remove(config.name());
            return this;
        }

        /**
         * A provider served by an already-open plugin (an in-JVM fake, or one opened elsewhere). The caller keeps
         * ownership: closing this instance does not close it.
         */
        public Builder provider(ProviderConfig config, Plugin plugin) {
            providers.put(config.name(), config);
            plugins.put(config.name(), Objects.requireNonNull(plugin, "plugin"));
            return this;
        }

        /** The clock for every timestamp, retry and cache. Default: the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How many tasks sync at once. Default: the number of cores, between 2 and 8. */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
            this.parallelism = parallelism;
            return this;
        }

        /**
         * The resilience pipeline every plugin call goes through (retry, breaker, rate limit, timeout, bulkhead).
         * Default: {@code ResilientProviderCalls} configured from each provider's {@code resilience} settings (the
         * spec's values unless configured); {@code ProviderCalls.direct()} calls plugins without any policy.
         */
        public Builder providerCalls(ProviderCalls calls) {
            this.providerCalls = Objects.requireNonNull(calls, "calls");
            return this;
        }

        /** How long a sync waits for a task that another sync holds. Default: 30 seconds. */
        public Builder lockTimeout(Duration timeout) {
            if (timeout.isNegative()) throw new IllegalArgumentException("lockTimeout must not be negative");
            this.lockTimeout = timeout;
            return this;
        }

        /** Whether to look for SPI implementations with {@link ServiceLoader}. Default: true. */
        public Builder discoverServices(boolean discover) {
            this.discoverServices = discover;
            return this;
        }

        /** The class loader ServiceLoader searches. Default: the thread's context class loader. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Assembles the service.
         *
         * @throws IntegrationException {@code CONFIG_ERROR} if the configuration is inconsistent
         */
        public ZenIntegration build() {
            ClassLoader cl = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
            TaskStore tasks = taskStore != null ? taskStore
                    : discover(TaskStore.class, TaskStore::priority, cl, () -> new FileTaskStore(workspace, clock));
            SyncRecordStore records = recordStore != null ? recordStore
                    : discover(SyncRecordStore.class, SyncRecordStore::priority, cl,
                            () -> new YamlSyncRecordStore(workspace));
            LockProvider locks = lockProvider != null ? lockProvider
                    : discover(LockProvider.class, LockProvider::priority, cl, () -> new WorkspaceLockProvider(workspace));
            CredentialProvider credentials = credentialProvider != null ? credentialProvider
                    : DefaultParts.credentials(cl, discoverServices, clock);
            List<SyncListener> allListeners = new ArrayList<>(listeners);
            if (discoverServices) ServiceLoader.load(SyncListener.class, cl).forEach(allListeners::add);
            ProviderCalls calls = providerCalls;
            AutoCloseable ownedCalls = null;
            if (calls == null) {
                var pipeline = DefaultParts.providerCalls(providers, clock);
                calls = pipeline;
                ownedCalls = pipeline;
            }

            LazyRegistry registry = pluginRegistry != null ? new LazyRegistry(() -> pluginRegistry, false)
                    : new LazyRegistry(() -> DefaultParts.pluginRegistry(workspace, config, credentials, clock), true);
            List<Plugin> opened = new ArrayList<>();
            Map<String, SyncEngine.Binding> bindings = new LinkedHashMap<>();
            for (ProviderConfig p : providers.values()) {
                Plugin given = plugins.get(p.name());
                Supplier<Plugin> plugin = given != null ? () -> given : new LazyPlugin(p, registry, opened);
                bindings.put(p.name(), new SyncEngine.Binding(p, plugin));
            }
            String taskSystem = config.taskSystem();
            if (taskSystem != null && !providers.containsKey(taskSystem)) {
                throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, "integrations.task_system is '" + taskSystem
                        + "' but no such provider is configured; add it with provider(...)").build();
            }
            SyncEngine engine = new SyncEngine(new SyncEngine.Settings(tasks, records, locks, allListeners, clock,
                    parallelism, calls, lockTimeout, config.integrationEnabled() && config.syncEnabled(), taskSystem,
                    bindings));
            return new ZenIntegration(engine, tasks, records, registry, opened, ownedCalls);
        }

        private <T> T discover(Class<T> type, ToIntFunction<T> priority, ClassLoader cl, Supplier<T> fallback) {
            if (discoverServices) {
                List<T> found = new ArrayList<>();
                ServiceLoader.load(type, cl).forEach(found::add);
                if (!found.isEmpty()) return found.stream().max(Comparator.comparingInt(priority)).orElseThrow();
            }
            return fallback.get();
        }
    }
}
