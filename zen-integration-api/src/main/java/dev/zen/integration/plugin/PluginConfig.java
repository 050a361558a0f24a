package dev.zen.integration.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How one provider uses a plugin: its settings, where its credential is, which hosts it may call, and to which
 * origins the host sends its credential.
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
 * @param allowedHosts   hosts the plugin may call without a credential ({@code http_request}); the host of
 *                       {@code server_url} and of each credential origin is always added. An allowed host never
 *                       receives the credential unless it is also a credential origin
 * @param credentialOrigins origins ({@code scheme://host[:port]}) that receive the credential of
 *                       {@code http_request_auth} besides the origin of {@code server_url}; the plugin's manifest
 *                       cannot add any. Plain {@code http} origins other than loopback are refused unless the
 *                       registry allows them
 * @param requestGate    admits each outbound request of a call after the first (see {@link RequestGate}), such as
 *                       the provider's rate limiter; null for none
 */
public record PluginConfig(String plugin, Map<String, Object> settings, @Nullable String credentialsRef,
                           List<String> allowedHosts, List<String> credentialOrigins,
                           @Nullable RequestGate requestGate) {
    /** Validates and copies. */
    public PluginConfig {
        Objects.requireNonNull(plugin, "plugin");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        credentialOrigins = credentialOrigins == null ? List.of() : List.copyOf(credentialOrigins);
    }

    /** A configuration without extra credential origins and without a request gate (the 0.x constructor). */
    public PluginConfig(String plugin, Map<String, Object> settings, @Nullable String credentialsRef,
                        List<String> allowedHosts) {
        this(plugin, settings, credentialsRef, allowedHosts, List.of(), null);
    }

    /** Starts a configuration for the named plugin. */
    public static Builder builder(String plugin) {
        return new Builder(plugin);
    }

    /** This configuration with another request gate (null for none). */
    public PluginConfig withRequestGate(@Nullable RequestGate gate) {
        return new PluginConfig(plugin, settings, credentialsRef, allowedHosts, credentialOrigins, gate);
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
        private final List<String> credentialOrigins = new ArrayList<>();
        private @Nullable RequestGate requestGate;

        private Builder(String plugin) {
            this.plugin = plugin;
        }

        /** Sets a configuration value. */
        public Builder setting(String key, Object value) { settings.put(key, value); return this; }
        /** Sets many configuration values. */
        public Builder settings(Map<String, ?> values) { settings.putAll(values); return this; }
        /** The credential reference; null (the default) for none. */
        public Builder credentialsRef(@Nullable String ref) { credentialsRef = ref; return this; }
        /** Allows one more host for requests without the credential. */
        public Builder allowHost(String host) { allowedHosts.add(host); return this; }
        /** One more origin ({@code scheme://host[:port]}, such as {@code https://api.atlassian.com}) for the credential. */
        public Builder credentialOrigin(String origin) { credentialOrigins.add(origin); return this; }
        /** Admits each outbound request of a call after the first; none by default. */
        public Builder requestGate(@Nullable RequestGate gate) { requestGate = gate; return this; }

        /** Builds the configuration. */
        public PluginConfig build() {
            return new PluginConfig(plugin, settings, credentialsRef, allowedHosts, credentialOrigins, requestGate);
        }
    }
}
