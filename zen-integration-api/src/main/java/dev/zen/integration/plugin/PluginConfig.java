package dev.zen.integration.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How one provider uses a plugin: its settings, where its credential is, and which hosts it may call.
 *
 * <pre>{@code
 * PluginConfig jira = PluginConfig.builder("jira")
 *         .setting("server_url", "https://acme.atlassian.net")
 *         .setting("project_key", "SYNC")
 *         .credentialsRef("jira-bot")
 *         .build();
 * }</pre>
 *
 * @param plugin         the plugin name
 * @param settings       configuration values, validated against the plugin's configuration_schema; JSON-like values
 * @param credentialsRef the name a {@link dev.zen.integration.spi.CredentialProvider} resolves; null when the plugin
 *                       calls without a credential
 * @param allowedHosts   hosts the plugin may call; the host of {@code server_url} is always added
 */
public record PluginConfig(String plugin, Map<String, Object> settings, @Nullable String credentialsRef,
                           List<String> allowedHosts) {
    /** Validates and copies. */
    public PluginConfig {
        Objects.requireNonNull(plugin, "plugin");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }

    /** Starts a configuration for the named plugin. */
    public static Builder builder(String plugin) {
        return new Builder(plugin);
    }

    /** A setting's value as a string, if present. */
    public Optional<String> setting(String key) {
        Object v = settings.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    /** Builds a {@link PluginConfig}. Not thread-safe. */
    public static final class Builder {
        private final String plugin;
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private @Nullable String credentialsRef;
        private final List<String> allowedHosts = new ArrayList<>();

        private Builder(String plugin) {
            this.plugin = plugin;
        }

        /** Sets a configuration value. */
        public Builder setting(String key, Object value) { settings.put(key, value); return this; }
        /** Sets many configuration values. */
        public Builder settings(Map<String, ?> values) { settings.putAll(values); return this; }
        /** The credential reference; null (the default) for none. */
        public Builder credentialsRef(@Nullable String ref) { credentialsRef = ref; return this; }
        /** Allows one more host. */
        public Builder allowHost(String host) { allowedHosts.add(host); return this; }

        /** Builds the configuration. */
        public PluginConfig build() {
            return new PluginConfig(plugin, settings, credentialsRef, allowedHosts);
        }
    }
}
