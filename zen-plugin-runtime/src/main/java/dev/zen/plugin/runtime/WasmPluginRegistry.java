package dev.zen.plugin.runtime;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.spi.OperationsListener;
import dev.zen.plugin.runtime.internal.CompiledModules;
import dev.zen.plugin.runtime.internal.ConfigValidator;
import dev.zen.plugin.runtime.internal.CredentialOrigins;
import dev.zen.plugin.runtime.internal.Discovery;
import dev.zen.plugin.runtime.internal.Errors;
import dev.zen.plugin.runtime.internal.FirstPartyKeys;
import dev.zen.plugin.runtime.internal.LazyHttpClient;
import dev.zen.plugin.runtime.internal.LoadFlights;
import dev.zen.plugin.runtime.internal.LoadedPlugin;
import dev.zen.plugin.runtime.internal.MemoryBudget;
import dev.zen.plugin.runtime.internal.Origin;
import dev.zen.plugin.runtime.internal.OutboundPolicy;
import dev.zen.plugin.runtime.internal.PluginContext;
import dev.zen.plugin.runtime.internal.PluginLoader;
import dev.zen.plugin.runtime.internal.Redactor;
import dev.zen.plugin.runtime.internal.Sandbox;
import dev.zen.plugin.runtime.internal.ShadowPolicy;
import dev.zen.plugin.runtime.internal.VersionPins;
import dev.zen.plugin.runtime.internal.WasmPlugin;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PluginRegistry} that runs WebAssembly plugins (ABI v1, {@code docs/plugin-abi.md}) on Chicory, compiled
 * to JVM bytecode, each in a sandbox with only the host functions its manifest's permissions grant.
 *
 * <pre>{@code
 * try (PluginRegistry registry = WasmPluginRegistry.builder()
 *         .credentialProvider(myVault)
 *         .trustedKeys(List.of(zenReleaseKey))
 *         .requireSignatures(true)
 *         .compiledCacheDirectory(Path.of(System.getProperty("user.home"), ".zen", "cache"))
 *         .build()) {
 *     Plugin jira = registry.open(PluginConfig.builder("jira")
 *             .setting("server_url", "https://acme.atlassian.net").setting("project_key", "SYNC")
 *             .credentialsRef("jira-bot").build());
 *     String item = jira.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"SYNC-7\"}");
 * }
 * }</pre>
 *
 * <p>Discovery: each folder of {@link Builder#pluginDirectories(List)} in order (default {@code ./.zen/plugins},
 * then {@code ~/.zen/plugins}), then the classpath ({@code META-INF/zen-plugins/index}). When two plugins share a
 * name, the first found wins, but it loads only if it is signed by a trusted key or the host allowed that name to
 * be shadowed ({@link Builder#allowShadowing}); otherwise loading fails naming both sources. The Zen project's
 * release key is always trusted, besides {@link Builder#trustedKeys}. {@link Builder#minimumVersion} refuses older
 * releases. See {@code docs/plugin-runtime.md}.
 *
 * <p>Thread-safe. {@link Builder#build()} scans once; {@link #discover()} scans again.
 */
public final class WasmPluginRegistry implements PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(WasmPluginRegistry.class);

    private final List<Path> directories;
    private final ClassLoader classLoader;
    private final CredentialProvider credentials;
    private final Supplier<HttpClient> http;
    private final Clock clock;
    private final long maxOutputBytes;
    private final long maxHttpResponseBytes;
    private final int maxInstancesPerPlugin;
    private final int maxRequestsPerCall;
    private final boolean allowCredentialsOverPlainHttp;
    private final CompiledModules modules;
    private final Sandbox sandbox = new Sandbox();
    private final MemoryBudget budget;
    private final LoadFlights flights;
    private final PluginLoader loader;
    private final ShadowPolicy shadows;
    private final VersionPins pins;
    private final List<OperationsListener> listeners;
    private final Map<String, Entry> entries = new TreeMap<>();
    private final Set<WasmPlugin> open = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** One known plugin. */
    private static final class Entry {
        final Discovery.Candidate candidate;
        LoadedPlugin loaded;
        String failure;
        /** The load under way (read, verify, compile, probe outside the lock), shared by concurrent callers. */
        CompletableFuture<LoadedPlugin> loading;

        Entry(Discovery.Candidate candidate) {
            this.candidate = candidate;
            this.failure = candidate.failure();
        }

        PluginDescriptor descriptor() {
            PluginDescriptor.State state = failure != null ? PluginDescriptor.State.FAILED
                    : loaded != null ? PluginDescriptor.State.LOADED : PluginDescriptor.State.DISCOVERED;
            return new PluginDescriptor(candidate.name(), candidate.source().location(), candidate.manifest(), state,
                    failure, candidate.shadowedLocations());
        }
    }

    private WasmPluginRegistry(Builder b) {
        this.directories = List.copyOf(b.directories);
        this.classLoader = b.scanClasspath ? b.classLoader : null;
        this.credentials = b.credentials;
        // built on a plugin's first request: creating a client loads the TLS trust store, a third of a cold load
        this.http = b.http != null ? () -> b.http : new LazyHttpClient(() -> HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build());
        this.clock = b.clock;
        this.listeners = List.copyOf(b.listeners);
        this.maxOutputBytes = b.maxOutputBytes;
        this.maxHttpResponseBytes = b.maxHttpResponseBytes;
        this.maxInstancesPerPlugin = b.maxInstancesPerPlugin;
        this.maxRequestsPerCall = b.maxRequestsPerCall;
        this.allowCredentialsOverPlainHttp = b.allowCredentialsOverPlainHttp;
        this.modules = new CompiledModules(b.compiledCacheSize, b.compiledCacheDirectory);
        List<PublicKey> hostKeys = new ArrayList<>();
        for (String k : b.trustedKeys) hostKeys.add(PluginSigner.decodePublicKey(k)); // a bad key fails build()
        Supplier<List<PublicKey>> firstParty = FirstPartyKeys.inBackground();
        Supplier<List<PublicKey>> keys = () -> {
            List<PublicKey> all = new ArrayList<>(firstParty.get());
            all.addAll(hostKeys);
            return all;
        };
        this.budget = new MemoryBudget(b.memoryBudget);
        this.flights = new LoadFlights(b.loadTimeout);
        this.loader = new PluginLoader(modules, keys, b.requireSignatures, sandbox, budget, b.precompiled);
        this.shadows = new ShadowPolicy(b.allowShadowing);
        this.pins = new VersionPins(b.minimumVersions);
        discover();
    }

    /** Starts a registry with the defaults described on {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<PluginDescriptor> discover() {
        synchronized (this) {
            ensureOpen();
        }
        // read outside the lock: a slow folder delays only this scan
        Map<String, Discovery.Candidate> found = Discovery.scan(directories, classLoader);
        synchronized (this) {
            ensureOpen();
            return merge(found);
        }
    }

    private List<PluginDescriptor> merge(Map<String, Discovery.Candidate> found) {
        Map<String, Entry> next = new TreeMap<>();
        for (Discovery.Candidate c : found.values()) {
            Entry old = entries.get(c.name());
            Entry e = new Entry(c);
            if (old != null && c.failure() == null && old.candidate.source().equals(c.source())
                    && old.candidate.shadowed().equals(c.shadowed())
                    && Arrays.equals(old.candidate.manifestBytes(), c.manifestBytes())) {
                e.loaded = old.loaded;
                e.loading = old.loading;
            }
            if (c.failure() != null) LOG.warn("plugin {} at {} is unusable: {}", c.name(), c.source().location(),
                    c.failure());
            next.put(c.name(), e);
        }
        entries.clear();
        entries.putAll(next);
        return list();
    }

    @Override
    public synchronized List<PluginDescriptor> list() {
        List<PluginDescriptor> out = new ArrayList<>();
        for (Entry e : entries.values()) out.add(e.descriptor());
        return out;
    }

    @Override
    public synchronized Optional<PluginDescriptor> find(String name) {
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.descriptor());
    }

    @Override
    public PluginDescriptor load(String name) {
        return descriptor(loaded(name));
    }

    /**
     * The loaded plugin, loading it when needed. Reading, verifying, compiling and probing run on a load worker
     * without this registry's lock ({@link LoadFlights}), so other plugins' calls go on meanwhile; the caller waits
     * within the load timeout, and concurrent callers share one load.
     */
    private LoadedPlugin loaded(String name) {
        return awaitLoad(name, startLoad(name).flight());
    }

    /**
     * A plugin being loaded, or loaded.
     *
     * @param manifest the manifest of the candidate it loads
     * @param flight   completes with the loaded plugin
     */
    private record Loading(PluginManifest manifest, CompletableFuture<LoadedPlugin> flight) {
    }

    /** Starts loading the plugin unless it is loaded or loading (then joins that load). */
    private synchronized Loading startLoad(String name) {
        ensureOpen();
        Entry e = known(name);
        if (e.loaded != null) return new Loading(e.loaded.manifest(), CompletableFuture.completedFuture(e.loaded));
        if (e.candidate.failure() != null) throw Errors.loadFailedAgain(name, e.candidate.failure());
        checkTrust(e);
        CompletableFuture<LoadedPlugin> flight = e.loading;
        if (flight == null) {
            CompletableFuture<LoadedPlugin> f = flights.start(name, deadline -> loader.load(e.candidate, deadline));
            e.loading = f;
            flight = f;
            f.whenComplete((p, t) -> settle(name, f, p, t));
        }
        return new Loading(e.candidate.manifest(), flight);
    }

    /** Waits for a load within the load timeout. */
    private LoadedPlugin awaitLoad(String name, CompletableFuture<LoadedPlugin> flight) {
        try {
            LoadedPlugin p = flights.await(name, flight);
            settle(name, flight, p, null);
            return p;
        } catch (IntegrationException ex) {
            if (flight.isDone()) settle(name, flight, null, ex);
            else if ("load_timeout".equals(ex.details().get("reason"))) timedOut(name, flight, ex);
            throw ex;
        }
    }

    /** The shadowing rule and the version pins: manifest-only checks, before any of the module is read. */
    private void checkTrust(Entry e) {
        try {
            shadows.check(e.candidate);
            pins.check(e.candidate);
        } catch (IntegrationException ex) {
            e.failure = ex.getMessage();
            LOG.warn("plugin {} could not be loaded: {}", e.candidate.name(), ex.getMessage());
            throw ex;
        }
    }

    /** Records a finished load on its entry, if the entry still waits for that very load; first caller wins. */
    private synchronized void settle(String name, CompletableFuture<LoadedPlugin> flight, LoadedPlugin p,
                                     Throwable t) {
        Entry e = entries.get(name);
        if (e == null || e.loading != flight) return;
        e.loading = null;
        if (p != null) {
            e.loaded = p;
            e.failure = null;
            LOG.info("loaded plugin {} {} from {}{}", name, e.candidate.manifest().plugin().version(),
                    e.candidate.source().location(), ShadowPolicy.summary(e.candidate));
        } else {
            e.failure = LoadFlights.failure(name, t).getMessage();
            LOG.warn("plugin {} could not be loaded: {}", name, e.failure);
        }
    }

    /** The caller stopped waiting; the entry shows the failure until the load, still running, settles it. */
    private synchronized void timedOut(String name, CompletableFuture<LoadedPlugin> flight, IntegrationException ex) {
        Entry e = entries.get(name);
        if (e == null || e.loading != flight) return;
        e.failure = ex.getMessage();
        LOG.warn("plugin {} could not be loaded: {}", name, ex.getMessage());
    }

    /** The descriptor of a loaded plugin, naming what it shadows while its entry is still the one loaded. */
    private synchronized PluginDescriptor descriptor(LoadedPlugin p) {
        Entry e = entries.get(p.name());
        List<String> shadowed = e != null && e.loaded == p ? e.candidate.shadowedLocations() : List.of();
        return new PluginDescriptor(p.name(), p.source(), p.manifest(), PluginDescriptor.State.LOADED, null, shadowed);
    }

    private Entry known(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw IntegrationException.builder(ErrorCode.PLUGIN_NOT_FOUND, "no plugin named '" + name + "' was found "
                            + "in " + directories + (classLoader != null ? " or on the classpath" : "")
                            + "; known: " + entries.keySet())
                    .provider(name).detail("plugin", name).build();
        }
        return e;
    }

    @Override
    public synchronized void unload(String name) {
        Entry e = entries.get(name);
        if (e == null || e.loaded == null) return;
        modules.invalidate(e.loaded.sha256());
        e.loaded = null;
    }

    @Override
    public PluginDescriptor reload(String name) {
        synchronized (this) {
            ensureOpen();
        }
        Map<String, Discovery.Candidate> found = Discovery.scan(directories, classLoader);
        synchronized (this) {
            ensureOpen();
            Entry old = entries.get(name);
            if (old != null && old.loaded != null) modules.invalidate(old.loaded.sha256());
            Discovery.Candidate c = found.get(name);
            if (c == null) {
                entries.remove(name);
                throw IntegrationException.builder(ErrorCode.PLUGIN_NOT_FOUND, "plugin '" + name + "' is no longer in "
                        + directories + (classLoader != null ? " or on the classpath" : "")).provider(name).build();
            }
            entries.put(name, new Entry(c));
        }
        return load(name);
    }

    @Override
    public Plugin open(PluginConfig config) {
        Objects.requireNonNull(config, "config");
        Loading loading = startLoad(config.plugin());
        // the configuration is checked while a cold plugin loads on its worker; a load failure is reported first
        PluginContext ctx = null;
        RuntimeException configError = null;
        try {
            ctx = context(loading.manifest(), config);
        } catch (RuntimeException e) {
            configError = e;
        }
        LoadedPlugin p = awaitLoad(config.plugin(), loading.flight());
        if (configError != null) throw configError;
        if (p.manifest() != loading.manifest()) ctx = context(p.manifest(), config); // rediscovered meanwhile
        WasmPlugin plugin = new WasmPlugin(p, descriptor(p), ctx, sandbox, maxInstancesPerPlugin, maxOutputBytes,
                budget, open::remove);
        open.add(plugin);
        return plugin;
    }

    /** The checked configuration and the outbound policy of a handle of the plugin {@code m} describes. */
    private PluginContext context(PluginManifest m, PluginConfig config) {
        String name = m.plugin().name();
        CredentialOrigins.refuseUserInfo(name, config.settings());
        Map<String, Object> settings = ConfigValidator.validate(name, m.configurationSchema(), config.settings());
        Set<Origin> origins = CredentialOrigins.resolve(name, m, settings, config, allowCredentialsOverPlainHttp);
        return new PluginContext(name, settings, allowedHosts(name, m, settings, config, origins),
                config.credentialsRef(), credentials, http, clock, m.runtime().executionTimeout(),
                maxHttpResponseBytes, maxOutputBytes, new Redactor(),
                new OutboundPolicy(origins, maxRequestsPerCall, config.requestGate()), listeners);
    }

    private static Set<String> allowedHosts(String plugin, PluginManifest m, Map<String, Object> settings,
                                            PluginConfig config, Set<Origin> credentialOrigins) {
        Set<String> hosts = new LinkedHashSet<>();
        Object server = settings.get("server_url");
        if (server instanceof String s) {
            String h = hostOf(s);
            if (h == null) {
                throw Errors.configError(plugin, "server_url", "configuration key 'server_url' is not an absolute "
                        + "http(s) url: '" + CredentialOrigins.mask(s) + "'");
            }
            hosts.add(h);
        }
        for (String h : m.apiRequirements().hosts()) hosts.add(normalizeHost(h));
        for (String h : config.allowedHosts()) hosts.add(normalizeHost(h));
        for (Origin o : credentialOrigins) hosts.add(o.host());
        hosts.remove("");
        return Set.copyOf(hosts);
    }

    private static String hostOf(String url) {
        try {
            URI u = new URI(url.trim());
            return u.getHost() == null || u.getScheme() == null ? null : u.getHost().toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String normalizeHost(String h) {
        String s = h.trim().toLowerCase(Locale.ROOT);
        if (s.contains("://")) {
            String host = hostOf(s);
            return host == null ? "" : host;
        }
        int slash = s.indexOf('/');
        if (slash >= 0) s = s.substring(0, slash);
        if (s.startsWith("[")) return s.contains("]") ? s.substring(0, s.indexOf(']') + 1) : s;
        int colon = s.lastIndexOf(':');
        return colon >= 0 && s.indexOf(':') == colon ? s.substring(0, colon) : s;
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("the plugin registry is closed");
    }

    @Override
    public void close() {
        List<WasmPlugin> handles;
        synchronized (this) {
            if (closed) return;
            closed = true;
            handles = new ArrayList<>(open);
        }
        // every handle's cleanups start at once and share its execution_timeout: see WasmPlugin.startClose
        List<Runnable> waits = new ArrayList<>();
        for (WasmPlugin p : handles) waits.add(p.startClose());
        for (Runnable w : waits) w.run();
        flights.close();
        modules.clear();
        sandbox.close();
    }

    /**
     * Configures a {@link WasmPluginRegistry}. Not thread-safe. Defaults: folders {@code ./.zen/plugins} then
     * {@code ~/.zen/plugins}; classpath scanned with the thread's context class loader; no credential provider;
     * only the built-in Zen release key trusted, signatures optional; no name may be shadowed by an unsigned
     * plugin; no minimum versions; no compiled-code cache on disk; output cap 4 MiB; HTTP response cap 8 MiB; at
     * most 8 instances per opened plugin; at most {@value #DEFAULT_MAX_REQUESTS_PER_CALL} outbound requests per
     * call; no credential over plain http except to loopback hosts; a memory budget of half the JVM's maximum heap;
     * a load timeout of 30 seconds.
     */
    public static final class Builder {
        /**
         * The default of {@link #maxRequestsPerCall(int)}: the Jira plugin's busiest call (a create whose request
         * failed after Jira committed it: two idempotency searches with up to ten property reads each, user
         * look-ups, the create, the property, a transition and the final read) makes about 30.
         */
        public static final int DEFAULT_MAX_REQUESTS_PER_CALL = 100;
        /** The system property ({@code false}) that turns pre-compiled plugin classes off by default. */
        public static final String PRECOMPILED_PROPERTY = "zen.plugins.precompiled";

        private List<Path> directories = List.of(Path.of(".zen", "plugins"),
                Path.of(System.getProperty("user.home"), ".zen", "plugins"));
        private boolean scanClasspath = true;
        private ClassLoader classLoader = defaultClassLoader();
        private CredentialProvider credentials;
        private List<String> trustedKeys = List.of();
        private boolean requireSignatures;
        private Path compiledCacheDirectory;
        private long compiledCacheSize = 64;
        private boolean precompiled = !"false".equals(System.getProperty(PRECOMPILED_PROPERTY));
        private long maxOutputBytes = 4L << 20;
        private long maxHttpResponseBytes = 8L << 20;
        private int maxInstancesPerPlugin = 8;
        private long memoryBudget = defaultMemoryBudget();
        private Duration loadTimeout = Duration.ofSeconds(30);
        private int maxRequestsPerCall = DEFAULT_MAX_REQUESTS_PER_CALL;
        private boolean allowCredentialsOverPlainHttp;
        private final Set<String> allowShadowing = new TreeSet<>();
        private final Map<String, String> minimumVersions = new TreeMap<>();
        private HttpClient http;
        private Clock clock = Clock.systemUTC();
        private final List<OperationsListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Half of {@link Runtime#maxMemory()}: plugin instances are most of a plugin host's heap, and the other half
         * is left to the host itself (its own objects, the compiled plugin code, buffers of results and HTTP bodies).
         */
        private static long defaultMemoryBudget() {
            long max = Runtime.getRuntime().maxMemory();
            return max == Long.MAX_VALUE ? Long.MAX_VALUE / 2 : max / 2;
        }

        private static ClassLoader defaultClassLoader() {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            return cl != null ? cl : WasmPluginRegistry.class.getClassLoader();
        }

        /** The plugin folders, highest precedence first; each holds one sub-folder per plugin. */
        public Builder pluginDirectories(List<Path> directories) {
            this.directories = List.copyOf(directories);
            return this;
        }

        /** Whether to find plugins shipped in jars ({@code META-INF/zen-plugins/index}); default true. */
        public Builder scanClasspath(boolean scan) {
            this.scanClasspath = scan;
            return this;
        }

        /** The class loader to scan; default the thread's context class loader. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** Resolves {@code credentials_ref} for {@code http_request_auth}; none by default. */
        public Builder credentialProvider(CredentialProvider provider) {
            this.credentials = provider;
            return this;
        }

        /**
         * Ed25519 public keys (Base64 X.509, see {@link PluginSigner#encodePublicKey}) that may sign plugins, in
         * addition to the Zen project's release key, which is always trusted.
         */
        public Builder trustedKeys(List<String> keys) {
            this.trustedKeys = List.copyOf(keys);
            return this;
        }

        /** Whether every plugin must carry a signature by a trusted key; default false. */
        public Builder requireSignatures(boolean require) {
            this.requireSignatures = require;
            return this;
        }

        /**
         * Plugin names that an unsigned plugin may shadow: one found earlier (a workspace or user folder) may then
         * replace another of the same name found later (for example the Jira plugin on the classpath), with a
         * warning. Without this, such a plugin must be signed by a trusted key, or loading fails naming both
         * sources. Adds to the names given before; none by default.
         */
        public Builder allowShadowing(String... pluginNames) {
            for (String n : pluginNames) allowShadowing.add(Objects.requireNonNull(n, "pluginNames"));
            return this;
        }

        /**
         * The lowest {@code plugin.version} accepted for a plugin (rollback protection): loading an older one
         * fails naming its source, its version and this pin. Semantic-version order: numeric dotted parts, a
         * pre-release before its release ({@code 2.0.0-rc.1 < 2.0.0}). None by default.
         *
         * @throws IllegalArgumentException if {@code version} is not a semantic version
         */
        public Builder minimumVersion(String plugin, String version) {
            Objects.requireNonNull(plugin, "plugin");
            VersionPins.parse(plugin, Objects.requireNonNull(version, "version"));
            minimumVersions.put(plugin, version);
            return this;
        }

        /**
         * Where compiled plugin code is kept between JVM runs; none by default. The folder holds JVM bytecode that
         * runs with the host's privileges: it must be writable only by the host's user.
         */
        public Builder compiledCacheDirectory(Path directory) {
            this.compiledCacheDirectory = directory;
            return this;
        }

        /**
         * Whether a classpath plugin's pre-compiled classes (its module compiled to JVM bytecode when its jar was
         * built, used only when they were compiled from the very module the load verifies) replace compiling it
         * at run time; default true, or the system property {@value #PRECOMPILED_PROPERTY}. Folder plugins are
         * always compiled at run time (and cached in {@link #compiledCacheDirectory}).
         */
        public Builder precompiledPlugins(boolean use) {
            this.precompiled = use;
            return this;
        }

        /** The cap on one result envelope from a plugin (and on a buffer it hands to a host function); 4 MiB. */
        public Builder maxOutputBytes(long bytes) {
            if (bytes < 1024) throw new IllegalArgumentException("maxOutputBytes must be at least 1024: " + bytes);
            this.maxOutputBytes = bytes;
            return this;
        }

        /** The cap on one HTTP response body; 8 MiB. */
        public Builder maxHttpResponseBytes(long bytes) {
            if (bytes < 1) throw new IllegalArgumentException("maxHttpResponseBytes must be positive: " + bytes);
            this.maxHttpResponseBytes = bytes;
            return this;
        }

        /** How many instances of one opened plugin may run at once; 8. */
        public Builder maxInstancesPerPlugin(int max) {
            if (max < 1) throw new IllegalArgumentException("maxInstancesPerPlugin must be positive: " + max);
            this.maxInstancesPerPlugin = max;
            return this;
        }

        /**
         * The host-wide memory budget for plugin instances; default half of the JVM's maximum heap. Every live
         * instance (idle in a pool too) reserves its worst case, its plugin's {@code runtime.memory_limit} plus its
         * tables at their cap and a little bookkeeping, from creation until it is discarded. A new instance that
         * does not fit first makes idle instances of any plugin be dropped, then waits within its call's
         * execution_timeout and fails with {@code PLUGIN_EXECUTION_FAILED}, {@code details.reason = memory_budget}.
         * A plugin one instance of which needs more than the whole budget fails to load. Each registry has its own
         * budget: give each a share when a JVM runs several.
         */
        public Builder memoryBudget(long bytes) {
            if (bytes < 64 << 10) throw new IllegalArgumentException("memoryBudget must be at least 64 KiB: " + bytes);
            this.memoryBudget = bytes;
            return this;
        }

        /**
         * How long {@code load}, {@code open} and {@code reload} wait for a plugin's module to be read, verified,
         * compiled and probed; default 30 seconds (the Jira plugin takes well under a second). On expiry the caller
         * gets {@code PLUGIN_LOAD_FAILED} with {@code details.reason = load_timeout}; compiling goes on in the
         * background (a compiler cannot be interrupted) and the compiled code is kept, so the next load does not
         * compile again.
         */
        public Builder loadTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("loadTimeout must be positive: " + timeout);
            }
            this.loadTimeout = timeout;
            return this;
        }

        /**
         * How many outbound requests ({@code http_request} and {@code http_request_auth}) one plugin call may ask
         * for; {@value #DEFAULT_MAX_REQUESTS_PER_CALL}. Later requests of the call get a {@code RATE_LIMITED} error
         * envelope without being sent, and the audit log one WARN line per call.
         */
        public Builder maxRequestsPerCall(int max) {
            if (max < 1) throw new IllegalArgumentException("maxRequestsPerCall must be positive: " + max);
            this.maxRequestsPerCall = max;
            return this;
        }

        /**
         * Whether a credential may be sent over plain {@code http} to a host that is not loopback; default false,
         * and then opening a plugin that can send a credential ({@code http_auth} permission and a credentials
         * reference) to such a {@code server_url} or credential origin fails with {@code CONFIG_ERROR}. Loopback
         * hosts ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) are always allowed, for tests.
         */
        public Builder allowCredentialsOverPlainHttp(boolean allow) {
            this.allowCredentialsOverPlainHttp = allow;
            return this;
        }

        /**
         * The HTTP client for plugin requests; by default one that never follows redirects.
         *
         * @throws IllegalArgumentException if the client follows redirects: a redirect could take a request past the
         *                                  allowed hosts and re-send the credential to another origin
         */
        public Builder httpClient(HttpClient client) {
            if (client != null && client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("the httpClient follows redirects (" + client.followRedirects()
                        + "), which could take a plugin's request or its credential past the allowed hosts: build it "
                        + "with followRedirects(HttpClient.Redirect.NEVER)");
            }
            this.http = client;
            return this;
        }

        /**
         * Hears every outbound HTTP request of every plugin opened here (status and duration), for metrics; see
         * {@link OperationsListener#onHttpRequest}. A listener that throws is logged and ignored.
         */
        public Builder listener(OperationsListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The clock behind {@code clock_now_ms}; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the registry and scans for plugins.
         *
         * @throws IllegalArgumentException if a trusted key is not a Base64 X.509 Ed25519 key
         */
        public WasmPluginRegistry build() {
            return new WasmPluginRegistry(this);
        }
    }
}
