package dev.zen.integration.core.config;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.UnmappedPolicy;
import dev.zen.integration.ValueMap;
import dev.zen.integration.plugin.PluginConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One external system the workspace syncs with ({@code integrations.providers.<name>}).
 *
 * <pre>{@code
 * ProviderConfig jira = ProviderConfig.builder("jira")
 *         .serverUrl("https://acme.atlassian.net")
 *         .projectKey("SYNC")
 *         .credentialsRef("jira-bot")
 *         .fieldMapping(FieldMapping.of("title", "summary", "status", "status.name"))
 *         .fieldDirection("status", SyncDirection.PULL)
 *         .build();
 * PluginConfig forRuntime = jira.toPluginConfig();
 * }</pre>
 *
 * @param name                    the provider name, the key under {@code providers} (lower case)
 * @param plugin                  the plugin that talks to it; defaults to {@code name}
 * @param enabled                 feature flag: a disabled provider is never called; default true
 * @param serverUrl               the base URL ({@code http} or {@code https}), or null if the plugin needs none
 * @param projectKey              the project, or null
 * @param authType                how it authenticates; default {@link AuthType#BASIC}
 * @param credentialsRef          the reference a CredentialProvider resolves; defaults to {@code name}
 * @param fieldMapping            Zen field to external dot path; empty means the plugin's default mapping
 * @param syncDirection           which way changes flow; default {@link SyncDirection#BIDIRECTIONAL}
 * @param conflictStrategy        how conflicts are settled; default {@link ConflictStrategy#MANUAL_REVIEW}
 * @param fieldConflictStrategies per-field overrides of {@code conflictStrategy}
 * @param fieldDirections         per-field directions, each within {@code syncDirection}
 * @param settings                further plugin settings passed through unchanged (JSON-like values)
 * @param resilience              retry, breaker, rate limit, timeout and bulkhead settings
 * @param credentialOrigins       further origins ({@code scheme://host[:port]}) that receive the credential besides
 *                                {@code server_url}'s; each an absolute http(s) origin without path, query or user
 *                                info. The plugin's manifest can never add one
 * @param scope                   the whole-project sync ({@code scope}); null for none (only tasks imported, linked
 *                                or published one at a time are synced)
 * @param valueMaps               Zen field to the {@link ValueMap} translating its values (such as Zen status
 *                                "Doing" to Jira "In Progress"); empty means values pass unchanged
 * @param comments                which way comments are copied; default {@link CommentSync#OFF}
 * @param commentDeletions        what a deleted original does to its copy; default {@link CommentDeletions#KEEP}
 */
public record ProviderConfig(String name, String plugin, boolean enabled, String serverUrl, String projectKey,
                             AuthType authType, String credentialsRef, FieldMapping fieldMapping,
                             SyncDirection syncDirection, ConflictStrategy conflictStrategy,
                             Map<String, ConflictStrategy> fieldConflictStrategies,
                             Map<String, SyncDirection> fieldDirections, Map<String, Object> settings,
                             ResilienceConfig resilience, List<String> credentialOrigins, ScopeConfig scope,
                             Map<String, ValueMap> valueMaps, CommentSync comments,
                             CommentDeletions commentDeletions) {
    /** Accepted provider and plugin names. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    /** Validates, applies defaults for nulls, and copies. */
    public ProviderConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ConfigErrors.invalid("integrations.providers.<name>", name,
                    "a lower-case name matching " + NAME.pattern() + ", such as jira");
        }
        String key = "integrations.providers." + name;
        plugin = plugin == null ? name : plugin;
        if (!NAME.matcher(plugin).matches()) {
            throw ConfigErrors.invalid(key + ".plugin", plugin, "a lower-case plugin name such as jira");
        }
        if (serverUrl != null) serverUrl = validateUrl(key + ".server_url", serverUrl);
        if (projectKey != null && projectKey.isBlank()) {
            throw ConfigErrors.invalid(key + ".project_key", projectKey, "a non-blank project key such as SYNC");
        }
        authType = authType == null ? AuthType.BASIC : authType;
        credentialsRef = credentialsRef == null ? name : credentialsRef;
        if (credentialsRef.isBlank()) {
            throw ConfigErrors.invalid(key + ".credentials_ref", credentialsRef, "a non-blank reference name");
        }
        fieldMapping = fieldMapping == null ? new FieldMapping(Map.of()) : fieldMapping;
        syncDirection = syncDirection == null ? SyncDirection.BIDIRECTIONAL : syncDirection;
        conflictStrategy = conflictStrategy == null ? ConflictStrategy.MANUAL_REVIEW : conflictStrategy;
        fieldConflictStrategies = fieldConflictStrategies == null ? Map.of() : copyOrdered(fieldConflictStrategies);
        fieldDirections = fieldDirections == null ? Map.of() : copyOrdered(fieldDirections);
        for (Map.Entry<String, SyncDirection> e : fieldDirections.entrySet()) {
            if (syncDirection.restrictTo(e.getValue()) != e.getValue()) {
                throw ConfigErrors.invalid(key + ".field_directions." + e.getKey(),
                        e.getValue().name().toLowerCase(Locale.ROOT),
                        "a direction within sync_direction " + syncDirection.name().toLowerCase(Locale.ROOT)
                                + " (" + allowedWithin(syncDirection) + ")");
            }
        }
        settings = settings == null ? Map.of() : copyOrdered(settings);
        resilience = resilience == null ? ResilienceConfig.defaults() : resilience;
        credentialOrigins = validateOrigins(key + ".credential_origins", credentialOrigins);
        valueMaps = validateValueMaps(key + ".value_maps", valueMaps);
        comments = comments == null ? CommentSync.OFF : comments;
        commentDeletions = commentDeletions == null ? CommentDeletions.KEEP : commentDeletions;
    }

    /** A configuration without a scope, value maps or comment sync (the constructor before {@code scope}). */
    public ProviderConfig(String name, String plugin, boolean enabled, String serverUrl, String projectKey,
                          AuthType authType, String credentialsRef, FieldMapping fieldMapping,
                          SyncDirection syncDirection, ConflictStrategy conflictStrategy,
                          Map<String, ConflictStrategy> fieldConflictStrategies,
                          Map<String, SyncDirection> fieldDirections, Map<String, Object> settings,
                          ResilienceConfig resilience, List<String> credentialOrigins) {
        this(name, plugin, enabled, serverUrl, projectKey, authType, credentialsRef, fieldMapping, syncDirection,
                conflictStrategy, fieldConflictStrategies, fieldDirections, settings, resilience, credentialOrigins,
                null, Map.of(), null, null);
    }

    /** A configuration without further credential origins (the constructor before {@code credentialOrigins}). */
    public ProviderConfig(String name, String plugin, boolean enabled, String serverUrl, String projectKey,
                          AuthType authType, String credentialsRef, FieldMapping fieldMapping,
                          SyncDirection syncDirection, ConflictStrategy conflictStrategy,
                          Map<String, ConflictStrategy> fieldConflictStrategies,
                          Map<String, SyncDirection> fieldDirections, Map<String, Object> settings,
                          ResilienceConfig resilience) {
        this(name, plugin, enabled, serverUrl, projectKey, authType, credentialsRef, fieldMapping, syncDirection,
                conflictStrategy, fieldConflictStrategies, fieldDirections, settings, resilience, List.of());
    }

    /** Starts a provider configuration with all defaults. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.plugin = plugin;
        b.enabled = enabled;
        b.serverUrl = serverUrl;
        b.projectKey = projectKey;
        b.authType = authType;
        b.credentialsRef = credentialsRef;
        b.fieldMapping = fieldMapping;
        b.syncDirection = syncDirection;
        b.conflictStrategy = conflictStrategy;
        b.fieldConflictStrategies.putAll(fieldConflictStrategies);
        b.fieldDirections.putAll(fieldDirections);
        b.settings.putAll(settings);
        b.resilience = resilience;
        b.credentialOrigins.addAll(credentialOrigins);
        b.scope = scope;
        b.valueMaps.putAll(valueMaps);
        b.comments = comments;
        b.commentDeletions = commentDeletions;
        return b;
    }

    /** The direction for one Zen field: its own if configured, else the provider's. */
    public SyncDirection directionFor(String zenField) {
        return fieldDirections.getOrDefault(zenField, syncDirection);
    }

    /** The conflict strategy for one Zen field: its own if configured, else the provider's. */
    public ConflictStrategy conflictStrategyFor(String zenField) {
        return fieldConflictStrategies.getOrDefault(zenField, conflictStrategy);
    }

    /** The host of {@code server_url}, if there is one. */
    public Optional<String> serverHost() {
        return serverUrl == null ? Optional.empty() : Optional.ofNullable(URI.create(serverUrl).getHost());
    }

    /**
     * The configuration the plugin runtime gets: {@code settings} plus {@code server_url}, {@code project_key},
     * {@code auth_type} and (when not empty) {@code field_mapping}; the credential reference; the host of
     * {@code server_url} as an allowed host; and the credential origins. No secret is included. The credential goes
     * only to the origin of {@code server_url} and to the credential origins.
     */
    public PluginConfig toPluginConfig() {
        PluginConfig.Builder b = PluginConfig.builder(plugin).settings(settings);
        if (serverUrl != null) b.setting("server_url", serverUrl);
        if (projectKey != null) b.setting("project_key", projectKey);
        b.setting("auth_type", authType.yamlName());
        if (!fieldMapping.zenToExternal().isEmpty()) b.setting("field_mapping", fieldMapping.zenToExternal());
        serverHost().ifPresent(b::allowHost);
        credentialOrigins.forEach(b::credentialOrigin);
        return b.credentialsRef(credentialsRef).build();
    }

    private static String validateUrl(String key, String url) {
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getUserInfo() == null) {
                String s = uri.toString();
                return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        // ConfigErrors masks the user info: a URL with it carries a credential, which must not reach a message or log
        throw ConfigErrors.invalid(key, url,
                "an absolute http or https URL without user info, such as https://acme.atlassian.net");
    }

    private static List<String> validateOrigins(String key, List<String> origins) {
        if (origins == null) return List.of();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < origins.size(); i++) {
            String origin = origins.get(i);
            String normalized = origin == null ? null : normalizeOrigin(origin);
            if (normalized == null) {
                throw ConfigErrors.invalid(key + "[" + i + "]", origin,
                        "an origin scheme://host[:port] with scheme http or https and no path, query, fragment or "
                                + "user info, such as https://api.atlassian.com");
            }
            out.add(normalized);
        }
        return List.copyOf(out);
    }

    /** {@code scheme://host[:port]} in lower case, or null when the text is not such an origin. */
    private static String normalizeOrigin(String origin) {
        try {
            URI u = new URI(origin.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = u.getRawUserInfo() == null && u.getRawQuery() == null && u.getRawFragment() == null
                    && (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"));
            if (!bare || u.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) return null;
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() >= 0 ? ":" + u.getPort() : "");
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * Copies the value maps, refusing a blank field name and {@code skip} on {@code labels}: a label left out of a
     * write would read back as removed, and the next sync would remove it on the other side too.
     */
    private static Map<String, ValueMap> validateValueMaps(String key, Map<String, ValueMap> maps) {
        if (maps == null) return Map.of();
        Map<String, ValueMap> copy = new LinkedHashMap<>();
        maps.forEach((field, map) -> {
            if (field == null || field.isBlank()) throw ConfigErrors.error(key, "a Zen field name must not be blank");
            if (map == null) throw ConfigErrors.error(key + "." + field, "the value map must not be null");
            boolean skips = map.unmapped().kind() == UnmappedPolicy.Kind.SKIP
                    || map.remotePolicy().kind() == UnmappedPolicy.Kind.SKIP;
            if (field.equals("labels") && skips) {
                throw ConfigErrors.error(key + ".labels.unmapped", "skip cannot apply to labels (a label left out"
                        + " of a write reads back as removed); use keep, fail or {default: LABEL}");
            }
            copy.put(field, map);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static String allowedWithin(SyncDirection d) {
        return switch (d) {
            case BIDIRECTIONAL -> "pull, push or bidirectional";
            case PULL -> "pull";
            case PUSH -> "push";
        };
    }

    private static <V> Map<String, V> copyOrdered(Map<String, V> map) {
        Map<String, V> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "field"), Objects.requireNonNull(v, k)));
        return Collections.unmodifiableMap(copy);
    }

    /** Builds a {@link ProviderConfig}; unset values take the defaults. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String plugin;
        private boolean enabled = true;
        private String serverUrl;
        private String projectKey;
        private AuthType authType;
        private String credentialsRef;
        private FieldMapping fieldMapping;
        private SyncDirection syncDirection;
        private ConflictStrategy conflictStrategy;
        private final Map<String, ConflictStrategy> fieldConflictStrategies = new LinkedHashMap<>();
        private final Map<String, SyncDirection> fieldDirections = new LinkedHashMap<>();
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private ResilienceConfig resilience;
        private final List<String> credentialOrigins = new ArrayList<>();
        private ScopeConfig scope;
        private final Map<String, ValueMap> valueMaps = new LinkedHashMap<>();
        private CommentSync comments;
        private CommentDeletions commentDeletions;

        private Builder(String name) {
            this.name = name;
        }

        /** The plugin name; defaults to the provider name. */
        public Builder plugin(String plugin) { this.plugin = plugin; return this; }
        /** Feature flag; default true. */
        public Builder enabled(boolean enabled) { this.enabled = enabled; return this; }
        /** The base URL. */
        public Builder serverUrl(String serverUrl) { this.serverUrl = serverUrl; return this; }
        /** The project key. */
        public Builder projectKey(String projectKey) { this.projectKey = projectKey; return this; }
        /** How it authenticates; default basic. */
        public Builder authType(AuthType authType) { this.authType = authType; return this; }
        /** The credential reference; defaults to the provider name. */
        public Builder credentialsRef(String credentialsRef) { this.credentialsRef = credentialsRef; return this; }
        /** Zen field to external dot path. */
        public Builder fieldMapping(FieldMapping fieldMapping) { this.fieldMapping = fieldMapping; return this; }
        /** Which way changes flow; default bidirectional. */
        public Builder syncDirection(SyncDirection d) { this.syncDirection = d; return this; }
        /** How conflicts are settled; default manual review. */
        public Builder conflictStrategy(ConflictStrategy s) { this.conflictStrategy = s; return this; }
        /** A per-field conflict strategy. */
        public Builder fieldConflictStrategy(String field, ConflictStrategy s) {
            fieldConflictStrategies.put(field, s);
            return this;
        }
        /** A per-field direction. */
        public Builder fieldDirection(String field, SyncDirection d) { fieldDirections.put(field, d); return this; }
        /** A further plugin setting. */
        public Builder setting(String key, Object value) { settings.put(key, value); return this; }
        /** Further plugin settings. */
        public Builder settings(Map<String, ?> values) { settings.putAll(values); return this; }
        /** Resilience settings; default {@link ResilienceConfig#defaults()}. */
        public Builder resilience(ResilienceConfig resilience) { this.resilience = resilience; return this; }
        /** One more origin ({@code scheme://host[:port]}) that receives the credential besides server_url's. */
        public Builder credentialOrigin(String origin) { credentialOrigins.add(origin); return this; }
        /** Further origins that receive the credential, replacing those added before. */
        public Builder credentialOrigins(List<String> origins) {
            credentialOrigins.clear();
            credentialOrigins.addAll(origins);
            return this;
        }

        /** The whole-project sync; null (the default) for none. */
        public Builder scope(ScopeConfig scope) { this.scope = scope; return this; }

        /** The value map of one Zen field, replacing an earlier one (such as {@code status}: "Doing" ↔ "In Progress"). */
        public Builder valueMap(String zenField, ValueMap map) {
            valueMaps.put(zenField, map);
            return this;
        }

        /** Which way comments are copied; default off. */
        public Builder comments(CommentSync comments) { this.comments = comments; return this; }
        /** What a deleted original comment does to its copy; default keep. */
        public Builder commentDeletions(CommentDeletions d) { this.commentDeletions = d; return this; }

        /** Builds and validates. */
        public ProviderConfig build() {
            return new ProviderConfig(name, plugin, enabled, serverUrl, projectKey, authType, credentialsRef,
                    fieldMapping, syncDirection, conflictStrategy, fieldConflictStrategies, fieldDirections,
                    settings, resilience, credentialOrigins, scope, valueMaps,
                    comments, commentDeletions);
        }
    }
}
