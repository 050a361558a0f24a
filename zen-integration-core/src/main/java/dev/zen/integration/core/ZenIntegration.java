package dev.zen.integration.core;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.DataMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.HealthReport;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.OperationsSnapshot;
import dev.zen.integration.ScopeReport;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.store.FileTaskStore;
import dev.zen.integration.core.store.InMemoryAuditLog;
import dev.zen.integration.core.store.JsonLinesAuditLog;
import dev.zen.integration.core.store.WorkspaceLockProvider;
import dev.zen.integration.core.store.YamlSyncRecordStore;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginVersion;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.spi.AuditLog;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.ServiceContext;
import dev.zen.integration.spi.ServiceFactory;
import dev.zen.integration.spi.ServiceKind;
import dev.zen.integration.spi.SyncListener;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.spi.UserDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;

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
 * {@link ServiceLoader} (a registered {@link ServiceFactory} makes them with their {@link ServiceContext}; else the
 * registered service with the highest {@code priority()} wins; every {@link SyncListener} found is used), and
 * otherwise are the built-in workspace stores ({@code docs/storage.md}). {@code discoverServices(ServiceKind, ServiceKind...)}
 * limits the lookup to some kinds. Plugins come from a
 * {@code WasmPluginRegistry} unless a registry or an already-open {@link Plugin} is given. Thread-safe; close it to
 * stop its threads and close the plugins it opened.
 */
public interface ZenIntegration extends TaskSyncService, AutoCloseable {

    /** Starts a builder with every default. */
    static Builder builder() {
        return new Builder();
    }

    /** The plugin registry in use (created on first use when the default is used). */
    PluginRegistry pluginRegistry();

    /** The task store in use. */
    TaskStore taskStore();

    /** The sync-record store in use. */
    SyncRecordStore recordStore();

    /**
     * Pauses a link: syncs and flushes skip it (reported as SKIPPED, "link is paused") until {@link #resume}; local
     * edits meanwhile are caught up by the resume. Stored in the link's record, so it survives restarts. Pausing a
     * paused link does nothing.
     *
     * @return the record as stored
     * @throws IntegrationException {@code NOT_FOUND} if the task is not linked
     */
    TaskSyncRecord pause(String taskId);

    /**
     * Resumes a paused link and syncs it at once (both directions), so what changed meanwhile is caught up.
     *
     * @return the result of that catch-up sync (SKIPPED if the provider itself is paused or disabled)
     * @throws IntegrationException {@code NOT_FOUND} if the task is not linked
     */
    TaskSyncResult resume(String taskId);

    /**
     * Pauses a provider: syncs and flushes skip all its links (reported as SKIPPED) until
     * {@link #resumeProvider}. Held in memory: a restarted host pauses again if it still wants to.
     *
     * @throws IntegrationException {@code CONFIG_ERROR} if no such provider is configured
     */
    void pauseProvider(String provider);

    /**
     * Resumes a paused provider and syncs its links at once (both directions), delivering queued changes.
     *
     * @return the report of that catch-up sync
     * @throws IntegrationException {@code CONFIG_ERROR} if no such provider is configured
     */
    SyncReport resumeProvider(String provider);

    /**
     * Syncs the provider's whole scope ({@code ProviderConfig.scope()}). The first call(s) run the initial bulk
     * import: every item the scope's search returns is imported (or, if already linked, synced from the search
     * result), a page of up to 100 at a time; after each page the search cursor is stored with the records, so a
     * crash or {@link #close()} resumes at the last committed page without duplicates. Later calls poll: they ask
     * for items updated since the watermark (the tracker's time when the previous poll started) minus the overlap,
     * sync or import them, publish new local tasks ({@code on_new_local: publish}), and periodically look for
     * deleted or moved items ({@code on_removed}). Progress goes to the listeners as {@code SCOPE_PROGRESS} events.
     *
     * @return what the call did
     * @throws IntegrationException {@code CONFIG_ERROR} if the provider is not configured, is disabled or has no
     *                              scope; a search failure (such as {@code RATE_LIMITED}) ends the call, and the
     *                              next call resumes from the last committed page
     */
    ScopeReport syncScope(String provider);

    /**
     * Syncs the named external items of a provider now (for webhooks): each is read once; a linked one is synced,
     * a new one imported per the scope's {@code on_new_remote}, a deleted or moved one handled per
     * {@code on_removed}. Without a scope, new items are skipped and removed ones keep their links.
     *
     * @return a row per item (the task id for new, skipped items is the one an import would create)
     * @throws IntegrationException {@code INVALID_DATA} for a null collection or a blank id, {@code CONFIG_ERROR} if
     *                              the provider is not configured or is disabled
     */
    SyncReport syncItems(String provider, Collection<String> externalIds);

    /**
     * A readiness summary: per provider, whether its plugin opens, its credentials were not refused, its breaker is
     * closed and its outbox is not stuck (nothing queued longer than {@code maxOutboxAge}).
     */
    HealthReport health(Duration maxOutboxAge);

    /** {@link #health(Duration)} with a stuck-outbox threshold of 15 minutes. */
    default HealthReport health() {
        return health(Duration.ofMinutes(15));
    }

    /** The gauges behind the metrics (links, outbox, breaker, plugin version and source per provider). */
    OperationsSnapshot operations();

    /** The audit trail: what the engine changed, oldest first (see {@link AuditQuery#forTask} and {@code since}). */
    List<AuditEntry> audit(AuditQuery query);

    /**
     * Replaces the plugin serving a provider without stopping: calls already running finish on the old plugin,
     * new calls go to {@code plugin} (whose caller keeps ownership), and the old plugin is closed when its last call
     * returns (if this instance opened it).
     *
     * @return the plugin now serving, as it describes itself
     * @throws IntegrationException {@code CONFIG_ERROR} if no such provider is configured
     */
    PluginDescriptor replacePlugin(String provider, Plugin plugin);

    /**
     * Rescans the plugin folders and opens the provider's plugin again from what is found now (a newer version,
     * say), then swaps it in as {@link #replacePlugin} does. If the new plugin fails to load, open or answer a probe
     * call, the old one keeps serving and the failure is thrown.
     *
     * @return the plugin now serving
     * @throws IntegrationException {@code PLUGIN_LOAD_FAILED}, {@code PLUGIN_NOT_FOUND} or {@code CONFIG_ERROR}
     *                              from the new plugin; the old one still serves
     */
    PluginDescriptor reloadPlugin(String provider);

    /**
     * Pins a provider's plugin to a version range: {@code "1.4.0"} (that version or later) or comparators such as
     * {@code ">=1.4.0 <2.0.0"}. From now on a plugin outside it is refused when opened, reloaded, replaced or rolled
     * back to (the old one keeps serving); a serving plugin outside it fails {@link #health()} until replaced.
     * Held in memory. {@link #unpinPlugin} removes it.
     *
     * @throws IntegrationException {@code INVALID_DATA} if the range cannot be read, {@code CONFIG_ERROR} if no such
     *                              provider is configured
     */
    void pinPlugin(String provider, String versionRange);

    /** Removes a provider's version pin; does nothing if there is none. */
    void unpinPlugin(String provider);

    /**
     * Returns to the plugin version that served before the last reload or replacement, at once (it was kept open).
     * The version serving until now becomes the one a further rollback returns to.
     *
     * @return the plugin now serving
     * @throws IntegrationException {@code CONFIG_ERROR} if there is no previous version, {@code PLUGIN_LOAD_FAILED} if
     *                              the pin excludes it
     */
    PluginDescriptor rollbackPlugin(String provider);

    /**
     * The versions of a provider's plugin: serving, kept for a rollback, found by the registry now, and the sources
     * the registry's copy shadows.
     */
    List<PluginVersion> pluginVersions(String provider);

    /**
     * Stops the sync threads, closes the plugins this instance opened and the registry and pipeline it created. Every
     * later call (except {@link #taskStore()} and {@link #recordStore()}) throws {@code IntegrationException} with
     * {@code PLUGIN_EXECUTION_FAILED} and the detail {@code reason=closed}; {@code syncAsync} returns a future failed
     * with it. Closing again does nothing.
     */
    @Override
    void close();

    /**
     * The parts a {@link Builder} resolved, handed to the engine. Hosts use the builder, not this.
     *
     * @param tasks          the task store
     * @param records        the sync-record store
     * @param locks          per-task locks
     * @param listeners      event listeners
     * @param clock          the clock for every timestamp, retry and error
     * @param parallelism    how many tasks sync at once
     * @param calls          the resilience pipeline every plugin call goes through
     * @param ownsCalls      whether closing the service closes {@code calls} (the builder made it)
     * @param lockTimeout    how long to wait for a task's lock
     * @param enabled        the integration_enabled flag (and sync_enabled)
     * @param taskSystem     the configured task system, or null
     * @param providers      provider configurations by name
     * @param plugins        already-open plugins by provider name (the caller keeps ownership)
     * @param registry       supplies the plugin registry for providers without an open plugin (called lazily)
     * @param ownsRegistry   whether closing the service closes the registry (the builder made it)
     * @param audit          where every change is recorded
     * @param ownsAudit      whether closing the service closes {@code audit} (the builder made it)
     * @param dataMapper     the host's mapper between items and Zen fields, or null for the built-in one
     * @param userDirectory  the host's directory of users for value maps that ask it, or null
     */
    record Assembly(TaskStore tasks, SyncRecordStore records, LockProvider locks, List<SyncListener> listeners,
                    Clock clock, int parallelism, ProviderCalls calls, boolean ownsCalls, Duration lockTimeout,
                    boolean enabled, String taskSystem, Map<String, ProviderConfig> providers,
                    Map<String, Plugin> plugins, Supplier<PluginRegistry> registry, boolean ownsRegistry,
                    AuditLog audit, boolean ownsAudit, DataMapper dataMapper, UserDirectory userDirectory) {
        /** Copies the collections. */
        public Assembly {
            listeners = List.copyOf(listeners);
            providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
            plugins = Map.copyOf(plugins);
        }
    }

    /**
     * Makes the engine behind the builder. Found with {@link ServiceLoader} in this module, so this package never
     * depends on the engine's (no package cycle); hosts do not implement it.
     */
    interface EngineFactory {
        /** A running engine over the assembled parts. */
        ZenIntegration create(Assembly assembly);
    }

    /**
     * Builds a {@link ZenIntegration}. Only the providers are required (at least one, unless the configuration
     * has {@code integration_enabled: false}); everything else has a default. Not
     * thread-safe.
     */
    public static final class Builder {
        private Path workspace = Path.of("");
        private boolean workspaceSet;
        private TaskStore taskStore;
        private SyncRecordStore recordStore;
        private LockProvider lockProvider;
        private AuditLog auditLog;
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
        private final Set<ServiceKind> discovered = EnumSet.allOf(ServiceKind.class);
        private final Map<ServiceKind, Map<String, String>> serviceSettings = new EnumMap<>(ServiceKind.class);
        private ClassLoader classLoader;
        private DataMapper dataMapper;
        private UserDirectory userDirectory;

        private Builder() {}

        /** The Zen workspace folder: default stores keep their files under it. Default: the working directory. */
        public Builder workspace(Path workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
            this.workspaceSet = true;
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
         * Where every change the engine makes is recorded. Default: found by ServiceLoader, else
         * {@link JsonLinesAuditLog} in {@code <workspace>/.zen/audit} when a workspace is given or the workspace record
         * store is used, else (the host's own stores and no workspace) an {@link InMemoryAuditLog}.
         */
        public Builder auditLog(AuditLog log) {
            this.auditLog = Objects.requireNonNull(log, "log");
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

        /**
         * Whether to look for SPI implementations with {@link ServiceLoader}: true for every {@link ServiceKind},
         * false for none. Default: true.
         */
        public Builder discoverServices(boolean discover) {
            discovered.clear();
            if (discover) discovered.addAll(EnumSet.allOf(ServiceKind.class));
            return this;
        }

        /** Looks up every {@link ServiceKind} with {@link ServiceLoader}: the default, as {@code discoverServices(true)}. */
        public Builder discoverServices() {
            return discoverServices(true);
        }

        /**
         * Looks up only these kinds of service with {@link ServiceLoader} (a {@link ServiceFactory} of the kind, or
         * the service registered itself); the others are given to the builder or are the defaults. To look up none,
         * use {@code discoverServices(false)}.
         */
        public Builder discoverServices(ServiceKind kind, ServiceKind... more) {
            Objects.requireNonNull(more, "more");
            EnumSet<ServiceKind> kinds = EnumSet.of(Objects.requireNonNull(kind, "kind"));
            for (ServiceKind k : more) kinds.add(Objects.requireNonNull(k, "more[i]"));
            discovered.clear();
            discovered.addAll(kinds);
            return this;
        }

        /**
         * Settings for the {@link ServiceFactory} of one kind of service, given to it as
         * {@link ServiceContext#settings()} (read-only). Replaces earlier settings of that kind. Default: none.
         */
        public Builder serviceSettings(ServiceKind kind, Map<String, String> settings) {
            Objects.requireNonNull(kind, "kind");
            serviceSettings.put(kind, Map.copyOf(Objects.requireNonNull(settings, "settings")));
            return this;
        }

        /**
         * The mapper between external items and Zen fields, for every provider (see the user guide's field-mapping
         * chapter). Value maps and the plugin's size limits apply around it. Default: found by ServiceLoader
         * ({@link ServiceKind#DATA_MAPPER}), else the built-in JSON mapper.
         */
        public Builder dataMapper(DataMapper mapper) {
            this.dataMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * The host's directory of users, asked by value maps with {@code user_directory: true} for values they have
         * no entry for. Default: found by ServiceLoader ({@link ServiceKind#USER_DIRECTORY}), else none.
         */
        public Builder userDirectory(UserDirectory directory) {
            this.userDirectory = Objects.requireNonNull(directory, "directory");
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
         * @throws IntegrationException {@code CONFIG_ERROR} if the configuration is inconsistent, or no provider is
         *                              configured while the integration is enabled
         */
        public ZenIntegration build() {
            ClassLoader cl = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
            if (providers.isEmpty() && config.integrationEnabled()) {
                throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, "integrations.providers: no provider is"
                        + " configured, so this ZenIntegration could not sync anything; add one with"
                        + " provider(ProviderConfig.builder(\"jira\")...build()) or with config(...) holding"
                        + " integrations.providers.<name>; to build one that does nothing, set integration_enabled:"
                        + " false").detail("key", "integrations.providers").build();
            }
            String taskSystem = config.taskSystem();
            if (taskSystem != null && !providers.containsKey(taskSystem)) {
                throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, "integrations.task_system is '" + taskSystem
                        + "' but no such provider is configured; add it with provider(...)").build();
            }
            ServiceDiscovery found = new ServiceDiscovery(cl, discovered, workspace, serviceSettings, clock);
            TaskStore tasks = taskStore != null ? taskStore : found.single(ServiceKind.TASK_STORE, TaskStore.class,
                    TaskStore::priority).orElseGet(() -> new FileTaskStore(workspace, clock));
            SyncRecordStore records = recordStore != null ? recordStore : found.single(ServiceKind.RECORD_STORE,
                    SyncRecordStore.class, SyncRecordStore::priority).orElseGet(() -> new YamlSyncRecordStore(workspace));
            LockProvider locks = lockProvider != null ? lockProvider : found.single(ServiceKind.LOCK_PROVIDER,
                    LockProvider.class, LockProvider::priority).orElseGet(() -> new WorkspaceLockProvider(workspace));
            boolean ownsAudit = auditLog == null;
            AuditLog audit = !ownsAudit ? auditLog : found.single(ServiceKind.AUDIT_LOG, AuditLog.class,
                    AuditLog::priority).orElseGet(() -> workspaceSet || records instanceof YamlSyncRecordStore
                            ? JsonLinesAuditLog.inWorkspace(workspace) : new InMemoryAuditLog());
            List<SyncListener> allListeners = new ArrayList<>(listeners);
            allListeners.addAll(found.all(ServiceKind.SYNC_LISTENER, SyncListener.class));
            boolean ownsCalls = providerCalls == null;
            ProviderCalls calls = ownsCalls ? DefaultParts.providerCalls(providers, clock) : providerCalls;
            boolean ownsRegistry = pluginRegistry == null;
            Supplier<PluginRegistry> registry = ownsRegistry ? defaultRegistry(found, allListeners)
                    : constant(pluginRegistry);
            return DefaultParts.engine().create(new Assembly(tasks, records, locks, allListeners, clock, parallelism,
                    calls, ownsCalls, lockTimeout, config.integrationEnabled() && config.syncEnabled(), taskSystem,
                    providers, plugins, registry, ownsRegistry, audit, ownsAudit,
                    dataMapper != null ? dataMapper : found.single(ServiceKind.DATA_MAPPER, DataMapper.class, m -> 0)
                            .orElse(null),
                    userDirectory != null ? userDirectory : found.single(ServiceKind.USER_DIRECTORY,
                            UserDirectory.class, d -> 0).orElse(null)));
        }

        /** The default registry, made on first use from the settings as they are now (the builder may change). */
        private Supplier<PluginRegistry> defaultRegistry(ServiceDiscovery found, List<SyncListener> listeners) {
            Path dir = workspace;
            IntegrationConfig cfg = config;
            Clock clk = clock;
            // made now, so that a failing credential factory fails the build, not the first sync
            CredentialProvider credentials = credentialProvider != null ? credentialProvider
                    : DefaultParts.credentials(found.all(ServiceKind.CREDENTIAL_PROVIDER, CredentialProvider.class), clk);
            List<SyncListener> all = List.copyOf(listeners);
            return () -> DefaultParts.pluginRegistry(dir, cfg, credentials, clk, all);
        }

        private static Supplier<PluginRegistry> constant(PluginRegistry registry) {
            return () -> registry;
        }
    }
}
