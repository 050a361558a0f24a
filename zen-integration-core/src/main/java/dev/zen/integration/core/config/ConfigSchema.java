package dev.zen.integration.core.config;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.SyncDirection;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shape of the {@code integrations:} section: which keys exist and what each holds. Shared by the binder
 * (unknown keys), environment overrides (splitting variable names) and {@code set} (typing values). Not API.
 */
final class ConfigSchema {
    /** What a key holds. */
    enum Kind { STRING, BOOLEAN, INTEGER, NUMBER, DURATION, ENUM, ANY, LIST, MAP, OBJECT, OBJECT_MAP, POLICY }

    /**
     * One key's schema.
     *
     * @param kind     what it holds
     * @param fields   for OBJECT: its keys; for OBJECT_MAP: the keys of each value
     * @param accepted for ENUM: the accepted lower-case values; for MAP: the value schema's kind
     * @param value    for MAP: the schema of its values
     */
    record Node(Kind kind, Map<String, Node> fields, List<String> accepted, Node value) {
        boolean isContainer() {
            return kind == Kind.OBJECT || kind == Kind.OBJECT_MAP || kind == Kind.MAP;
        }
    }

    static final Node STRING = leaf(Kind.STRING);
    static final Node BOOLEAN = leaf(Kind.BOOLEAN);
    static final Node INTEGER = leaf(Kind.INTEGER);
    static final Node NUMBER = leaf(Kind.NUMBER);
    static final Node DURATION = leaf(Kind.DURATION);
    static final Node ANY = leaf(Kind.ANY);
    static final Node LIST = leaf(Kind.LIST);
    /** An unmapped-value policy: keep, skip, fail, or a mapping {default: VALUE}. */
    static final Node POLICY = leaf(Kind.POLICY);

    static final Node VALUE_MAP = object(
            "values", map(STRING),
            "write_back", map(STRING),
            "unmapped", POLICY,
            "unmapped_remote", POLICY,
            "user_directory", BOOLEAN);

    static final Node RESILIENCE = object(
            "retry", object("max_attempts", INTEGER, "initial_delay", DURATION, "max_delay", DURATION,
                    "jitter_factor", NUMBER, "max_retry_after", DURATION),
            "circuit_breaker", object("failure_threshold", INTEGER, "open_duration", DURATION,
                    "success_threshold", INTEGER),
            "rate_limit", object("requests_per_minute", INTEGER, "max_wait", DURATION),
            "timeout", DURATION,
            "bulkhead", object("max_concurrent_calls", INTEGER, "max_wait", DURATION));

    static final Node PROVIDER = object(
            "plugin", STRING,
            "enabled", BOOLEAN,
            "server_url", STRING,
            "project_key", STRING,
            "auth_type", enumOf(AuthType.values()),
            "credentials_ref", STRING,
            "field_mapping", map(STRING),
            "sync_direction", enumOf(SyncDirection.values()),
            "conflict_strategy", enumOf(ConflictStrategy.values()),
            "field_conflict_strategies", map(enumOf(ConflictStrategy.values())),
            "field_directions", map(enumOf(SyncDirection.values())),
            "settings", map(ANY),
            "resilience", RESILIENCE,
            "credential_origins", LIST,
            "scope", object("filter", STRING, "on_new_remote", enumOf(ScopeConfig.OnNewRemote.values()),
                    "on_new_local", enumOf(ScopeConfig.OnNewLocal.values()),
                    "on_removed", enumOf(ScopeConfig.OnRemoved.values()), "poll_interval", DURATION,
                    "overlap", DURATION, "page_size", INTEGER),

            "value_maps", map(VALUE_MAP),
            "comments", enumOf(CommentSync.values()),
            "comment_deletions", enumOf(CommentDeletions.values()));

    static final Node INTEGRATIONS = object(
            "integration_enabled", BOOLEAN,
            "task_system", STRING,
            "sync_enabled", BOOLEAN,
            "sync_frequency", enumOf(SyncFrequency.values()),
            "plugin_directories", LIST,
            "plugins", object("require_signatures", BOOLEAN, "trusted_keys", LIST, "allow_shadowing", LIST,
                    "minimum_versions", map(STRING)),
            "providers", new Node(Kind.OBJECT_MAP, PROVIDER.fields(), List.of(), PROVIDER),
            // the specification's layout: a task system's settings directly under integrations (SpecLayout)
            "jira", PROVIDER,
            "github", PROVIDER,
            "monday", PROVIDER,
            "asana", PROVIDER);

    private ConfigSchema() {}

    /** The lower-case spelling of an enum constant as written in YAML. */
    static String yamlName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** A human-readable list of accepted values for an error message. */
    static String describe(Node node) {
        return switch (node.kind()) {
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case DURATION -> "a duration such as 500ms, 30s, 5m or PT30S";
            case ENUM -> String.join(", ", node.accepted());
            case ANY -> "a string, number or boolean";
            case LIST -> "a list of strings (comma-separated in environment variables and set())";
            case MAP, OBJECT_MAP -> "a mapping";
            case OBJECT -> "a mapping with keys " + String.join(", ", node.fields().keySet());
            case POLICY -> "keep, skip, fail or {default: VALUE}";
        };
    }

    private static Node leaf(Kind kind) {
        return new Node(kind, Map.of(), List.of(), null);
    }

    private static Node enumOf(Enum<?>[] values) {
        return new Node(Kind.ENUM, Map.of(), Arrays.stream(values).map(ConfigSchema::yamlName)
                .collect(Collectors.toUnmodifiableList()), null);
    }

    private static Node map(Node value) {
        return new Node(Kind.MAP, Map.of(), List.of(), value);
    }

    private static Node object(Object... keysAndNodes) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndNodes.length; i += 2) fields.put((String) keysAndNodes[i], (Node) keysAndNodes[i + 1]);
        return new Node(Kind.OBJECT, Collections.unmodifiableMap(fields), List.of(), null);
    }
}
