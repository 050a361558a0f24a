package dev.zen.integration.core;

import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.PluginTrustConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.credentials.CredentialResolver;
import dev.zen.integration.core.credentials.EnvCredentialProvider;
import dev.zen.integration.core.resilience.ResilientProviderCalls;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.spi.OperationsListener;
import dev.zen.integration.spi.SyncListener;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The built-in defaults that come from other packages: engine, plugin registry, resilience pipeline, credentials. */
final class DefaultParts {
    private static final ZenIntegration.EngineFactory ENGINE = ServiceLoader
            .load(ZenIntegration.EngineFactory.class, ZenIntegration.class.getClassLoader()).findFirst()
            .orElseThrow(() -> new IllegalStateException("zen-integration-core is incomplete: its META-INF/services"
                    + " entry for " + ZenIntegration.EngineFactory.class.getName() + " is missing (a repackaged jar"
                    + " must keep service files; the Maven Shade plugin's ServicesResourceTransformer does)"));

    private DefaultParts() {}

    /** The engine's factory, registered by this module's service file. */
    static ZenIntegration.EngineFactory engine() {
        return ENGINE;
    }

    /**
     * A WASM registry over the workspace's plugin folder, the configured folders and the user's, plus the classpath,
     * trusting the Zen release key and {@code integrations.plugins}: a folder plugin that shadows another (such as
     * the signed Jira plugin on the classpath) must be signed by a trusted key or allowed, or it fails to load.
     * Plugins compiled at run time (folder plugins) keep their compiled code in {@code .zen/cache/compiled} of the
     * workspace, so the next JVM does not compile them again; the jar's pre-compiled Jira plugin needs no cache.
     */
    static PluginRegistry pluginRegistry(Path workspace, IntegrationConfig config, CredentialProvider credentials,
                                         Clock clock, List<SyncListener> listeners) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(workspace.resolve(".zen").resolve("plugins"));
        dirs.addAll(config.pluginDirectories());
        dirs.add(Path.of(System.getProperty("user.home"), ".zen", "plugins"));
        PluginTrustConfig trust = config.plugins();
        WasmPluginRegistry.Builder b = WasmPluginRegistry.builder().pluginDirectories(dirs).clock(clock)
                .compiledCacheDirectory(workspace.resolve(".zen").resolve("cache").resolve("compiled"))
                .requireSignatures(trust.requireSignatures()).trustedKeys(trust.trustedKeys())
                .allowShadowing(trust.allowShadowing().toArray(String[]::new));
        trust.minimumVersions().forEach(b::minimumVersion);
        if (credentials != null) b.credentialProvider(credentials);
        listeners.stream().filter(OperationsListener.class::isInstance).map(OperationsListener.class::cast)
                .forEach(b::listener);
        return b.build();
    }

    /** The Failsafe pipeline, one per provider, configured from each provider's {@code resilience} settings. */
    static ResilientProviderCalls providerCalls(Map<String, ProviderConfig> providers, Clock clock) {
        ResilientProviderCalls.Builder b = ResilientProviderCalls.builder().clock(clock);
        providers.values().forEach(p -> b.provider(p.name(), p.resilience()));
        return b.build();
    }

    /** Environment variables plus the discovered providers, in priority order, cached (15 min). */
    static CredentialProvider credentials(List<CredentialProvider> discovered, Clock clock) {
        CredentialResolver.Builder b = CredentialResolver.builder().clock(clock).provider(EnvCredentialProvider.fromSystem());
        discovered.forEach(b::provider);
        return b.build();
    }
}
