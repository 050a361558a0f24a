package dev.zen.plugin.runtime;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.plugin.runtime.internal.CompiledModules;
import dev.zen.plugin.runtime.internal.ConfigValidator;
import dev.zen.plugin.runtime.internal.Discovery;
import dev.zen.plugin.runtime.internal.Errors;
import dev.zen.plugin.runtime.internal.JitWorkaround;
import dev.zen.plugin.runtime.internal.LazyHttpClient;
import dev.zen.plugin.runtime.internal.LoadFlights;
import dev.zen.plugin.runtime.internal.LoadedPlugin;
import dev.zen.plugin.runtime.internal.MemoryBudget;
import dev.zen.plugin.runtime.internal.PluginContext;
import dev.zen.plugin.runtime.internal.PluginLoader;
import dev.zen.plugin.runtime.internal.Redactor;
import dev.zen.plugin.runtime.internal.Sandbox;
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
 * name, the first found wins. See {@code docs/plugin-runtime.md}.
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
    private final CompiledModules modules;
    private final Sandbox sandbox = new Sandbox();
    private final MemoryBudget budget;
    private final LoadFlights flights;
    private final PluginLoader loader;
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
                    failure);
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
        this.maxOutputBytes = b.maxOutputBytes;
        this.maxHttpResponseBytes = b.maxHttpResponseBytes;
        this.maxInstancesPerPlugin = b.maxInstancesPerPlugin;
        this.modules = new CompiledModules(b.compiledCacheSize, b.compiledCacheDirectory);
        List<PublicKey> keys = new ArrayList<>();
        for (String k : b.trustedKeys) keys.add(PluginSigner.decodePublicKey(k));
        this.budget = new MemoryBudget(b.memoryBudget);
        this.flights = new LoadFlights(b.loadTimeout);
        this.loader = new PluginLoader(modules, keys, b.requireSignatures, sandbox, budget);
        JitWorkaround.warnIfMissing();
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
        CompletableFuture<LoadedPlugin> flight;
        synchronized (this) {
            ensureOpen();
            Entry e = known(name);
            if (e.loaded != null) return e.loaded;
            if (e.candidate.failure() != null) throw Errors.loadFailedAgain(name, e.candidate.failure());
            flight = e.loading;
            if (flight == null) {
                CompletableFuture<LoadedPlugin> f = flights.start(name, deadline -> loader.load(e.candidate, deadline));
                e.loading = f;
                flight = f;
                f.whenComplete((p, t) -> settle(name, f, p, t));
            }
        }
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

    /** Records a finished load on its entry, if the entry still waits for that very load; first caller wins. */
    private synchronized void settle(String name, CompletableFuture<LoadedPlugin> flight, LoadedPlugin p,
                                     Throwable t) {
        Entry e = entries.get(name);
        if (e == null || e.loading != flight) return;
        e.loading = null;
        if (p != null) {
            e.loaded = p;
            e.failure = null;
            LOG.info("loaded plugin {} {} from {}", name, e.candidate.manifest().plugin().version(),
                    e.candidate.source().location());
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

    private static PluginDescriptor descriptor(LoadedPlugin p) {
        return new PluginDescriptor(p.name(), p.source(), p.manifest(), PluginDescriptor.State.LOADED, null);
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
        LoadedPlugin p = loaded(config.plugin());
        PluginDescriptor descriptor = descriptor(p);
        PluginManifest m = p.manifest();
        Map<String, Object> settings = ConfigValidator.validate(p.name(), m.configurationSchema(), config.settings());
        PluginContext ctx = new PluginContext(p.name(), settings, allowedHosts(p.name(), m, settings, config),
                config.credentialsRef(), credentials, http, clock, m.runtime().executionTimeout(),
                maxHttpResponseBytes, maxOutputBytes, new Redactor());
        WasmPlugin plugin = new WasmPlugin(p, descriptor, ctx, sandbox, maxInstancesPerPlugin, maxOutputBytes, budget,
                open::remove);
        open.add(plugin);
        return plugin;
    }

    private static Set<String> allowedHosts(String plugin, PluginManifest m, Map<String, Object> settings,
                                            PluginConfig config) {
        Set<String> hosts = new LinkedHashSet<>();
        Object server = settings.get("server_url");
        if (server instanceof String s) {
            String h = hostOf(s);
            if (h == null) {
                throw Errors.configError(plugin, "server_url", "configuration key 'server_url' is not an absolute "
                        + "http(s) url: '" + s + "'");
            }
            hosts.add(h);
        }
        for (String h : m.apiRequirements().hosts()) hosts.add(normalizeHost(h));
        for (String h : config.allowedHosts()) hosts.add(normalizeHost(h));
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
     * no trusted keys and signatures optional; no compiled-code cache on disk; output cap 4 MiB; HTTP response
     * cap 8 MiB; at most 8 instances per opened plugin; a memory budget of half the JVM's maximum heap; a load
     * timeout of 30 seconds.
     */
    public static final class Builder {
        private List<Path> directories = List.of(Path.of(".zen", "plugins"),
                Path.of(System.getProperty("user.home"), ".zen", "plugins"));
        private boolean scanClasspath = true;
        private ClassLoader classLoader = defaultClassLoader();
        private CredentialProvider credentials;
        private List<String> trustedKeys = List.of();
        private boolean requireSignatures;
        private Path compiledCacheDirectory;
        private long compiledCacheSize = 64;
        private long maxOutputBytes = 4L << 20;
        private long maxHttpResponseBytes = 8L << 20;
        private int maxInstancesPerPlugin = 8;
        private long memoryBudget = defaultMemoryBudget();
        private Duration loadTimeout = Duration.ofSeconds(30);
        private HttpClient http;
        private Clock clock = Clock.systemUTC();

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

        /** Ed25519 public keys (Base64 X.509, see {@link PluginSigner#encodePublicKey}) that may sign plugins. */
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
         * Where compiled plugin code is kept between JVM runs; none by default. The folder holds JVM bytecode that
         * runs with the host's privileges: it must be writable only by the host's user.
         */
        public Builder compiledCacheDirectory(Path directory) {
            this.compiledCacheDirectory = directory;
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

        /** The HTTP client for plugin requests. It should not follow redirects (the default client does not). */
        public Builder httpClient(HttpClient client) {
            this.http = client;
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
