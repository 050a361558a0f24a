package dev.zen.integration.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code integrations:} section of the Zen configuration.
 *
 * <pre>{@code
 * IntegrationConfig config = IntegrationConfig.builder()
 *         .taskSystem("jira")
 *         .syncFrequency(SyncFrequency.DAILY)
 *         .provider(ProviderConfig.builder("jira").serverUrl("https://acme.atlassian.net").projectKey("SYNC").build())
 *         .build();
 * for (ProviderConfig p : config.activeProviders()) { registry.load(p.toPluginConfig()); }
 * }</pre>
 *
 * @param integrationEnabled feature flag for the whole integration; when false nothing is synced; default true
 * @param taskSystem         the provider that is the workspace's external task system, or null for none;
 *                           {@value #NO_TASK_SYSTEM} (the specification's {@code task_system: none}) is read as null
 *                           and turns the integration off ({@code integrationEnabled} false)
 * @param syncEnabled        whether syncing (manual or scheduled) is allowed; default true
 * @param syncFrequency      how often a long-running host syncs on its own; default {@link SyncFrequency#HOURLY}
 * @param pluginDirectories  extra folders searched for plugins, in order (the classpath is always searched)
 * @param providers          provider configurations by name, in declaration order
 * @param plugins            which plugins the default plugin registry trusts ({@code integrations.plugins});
 *                           default: only the Zen release key, nothing may be shadowed by an unsigned plugin
 */
public record IntegrationConfig(boolean integrationEnabled, String taskSystem, boolean syncEnabled,
                                SyncFrequency syncFrequency, List<Path> pluginDirectories,
                                Map<String, ProviderConfig> providers, PluginTrustConfig plugins) {
    /** The {@code task_system} value for "no external task system": the integration is off. */
    public static final String NO_TASK_SYSTEM = "none";

    /** Validates, applies defaults for nulls, and copies. */
    public IntegrationConfig {
        if (isNoTaskSystem(taskSystem)) {
            taskSystem = null;
            integrationEnabled = false;
        }
        syncFrequency = syncFrequency == null ? SyncFrequency.HOURLY : syncFrequency;
        pluginDirectories = pluginDirectories == null ? List.of() : List.copyOf(pluginDirectories);
        plugins = plugins == null ? PluginTrustConfig.defaults() : plugins;
        Map<String, ProviderConfig> copy = new LinkedHashMap<>();
        if (providers != null) {
            providers.forEach((k, v) -> {
                Objects.requireNonNull(v, k);
                if (!k.equals(v.name())) {
                    throw ConfigErrors.error("integrations.providers." + k,
                            "holds the configuration of provider '" + v.name() + "'; the key must equal its name");
                }
                copy.put(k, v);
            });
        }
        providers = Collections.unmodifiableMap(copy);
        if (taskSystem != null && !providers.containsKey(taskSystem)) {
            throw ConfigErrors.invalid("integrations.task_system", taskSystem,
                    (providers.isEmpty() ? "the name of a configured provider (none is configured yet"
                            : "one of the configured providers " + providers.keySet() + " (or")
                            + " add integrations.providers." + taskSystem + " first, for example its server_url;"
                            + " or " + NO_TASK_SYSTEM + " for no task system)");
        }
    }

    /** Whether {@code taskSystem} is {@value #NO_TASK_SYSTEM} (in any case, surrounding blanks ignored). */
    static boolean isNoTaskSystem(String taskSystem) {
        return taskSystem != null && taskSystem.trim().equalsIgnoreCase(NO_TASK_SYSTEM);
    }

    /** The form before {@code plugins} existed: the default plugin trust. */
    public IntegrationConfig(boolean integrationEnabled, String taskSystem, boolean syncEnabled,
                             SyncFrequency syncFrequency, List<Path> pluginDirectories,
                             Map<String, ProviderConfig> providers) {
        this(integrationEnabled, taskSystem, syncEnabled, syncFrequency, pluginDirectories, providers, null);
    }

    /** A configuration with no providers and all defaults. */
    public static IntegrationConfig defaults() {
        return builder().build();
    }

    /** Starts a configuration with all defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder().integrationEnabled(integrationEnabled).taskSystem(taskSystem)
                .syncEnabled(syncEnabled).syncFrequency(syncFrequency).plugins(plugins);
        b.pluginDirectories.addAll(pluginDirectories);
        b.providers.putAll(providers);
        return b;
    }

    /** The provider configuration of that name. */
    public Optional<ProviderConfig> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** The task-system provider, if one is set. */
    public Optional<ProviderConfig> taskSystemProvider() {
        return taskSystem == null ? Optional.empty() : provider(taskSystem);
    }

    /**
     * The providers that may be called: none when {@code integration_enabled} is false, otherwise those whose
     * {@code enabled} flag is set, in declaration order.
     */
    public List<ProviderConfig> activeProviders() {
        if (!integrationEnabled) return List.of();
        return providers.values().stream().filter(ProviderConfig::enabled).toList();
    }

    /** Whether {@code name} may be called: integration enabled, provider configured and enabled. */
    public boolean isActive(String name) {
        return integrationEnabled && provider(name).map(ProviderConfig::enabled).orElse(false);
    }

    /** Whether a scheduler should run syncs on its own: enabled, sync enabled and a non-manual frequency. */
    public boolean scheduledSyncWanted() {
        return integrationEnabled && syncEnabled && syncFrequency.interval().isPresent();
    }

    /** Builds an {@link IntegrationConfig}; unset values take the defaults. Not thread-safe. */
    public static final class Builder {
        private boolean integrationEnabled = true;
        private String taskSystem;
        private boolean syncEnabled = true;
        private SyncFrequency syncFrequency = SyncFrequency.HOURLY;
        private final List<Path> pluginDirectories = new ArrayList<>();
        private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        private PluginTrustConfig plugins = PluginTrustConfig.defaults();

        private Builder() {}

        /** Feature flag for the whole integration; default true. */
        public Builder integrationEnabled(boolean enabled) { this.integrationEnabled = enabled; return this; }
        /** The task-system provider name, or null; {@value #NO_TASK_SYSTEM} turns the integration off. */
        public Builder taskSystem(String taskSystem) { this.taskSystem = taskSystem; return this; }
        /** Whether syncing is allowed; default true. */
        public Builder syncEnabled(boolean enabled) { this.syncEnabled = enabled; return this; }
        /** How often to sync on a schedule; default hourly. */
        public Builder syncFrequency(SyncFrequency f) { this.syncFrequency = f; return this; }
        /** Adds a plugin folder. */
        public Builder pluginDirectory(Path dir) { pluginDirectories.add(dir); return this; }
        /** Replaces the plugin folders. */
        public Builder pluginDirectories(List<Path> dirs) {
            pluginDirectories.clear();
            pluginDirectories.addAll(dirs);
            return this;
        }
        /** Which plugins the default registry trusts; default {@link PluginTrustConfig#defaults()}. */
        public Builder plugins(PluginTrustConfig plugins) { this.plugins = plugins; return this; }
        /** Adds or replaces a provider, keyed by its name. */
        public Builder provider(ProviderConfig provider) { providers.put(provider.name(), provider); return this; }
        /** Removes a provider. */
        public Builder removeProvider(String name) { providers.remove(name); return this; }

        /** Builds and validates. */
        public IntegrationConfig build() {
            return new IntegrationConfig(integrationEnabled, taskSystem, syncEnabled, syncFrequency,
                    pluginDirectories, providers, plugins);
        }
    }
}
