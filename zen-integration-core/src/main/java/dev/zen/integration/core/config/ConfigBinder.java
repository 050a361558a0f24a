package dev.zen.integration.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.UnmappedPolicy;
import dev.zen.integration.ValueMap;
import dev.zen.integration.core.config.ConfigSchema.Kind;
import dev.zen.integration.core.config.ConfigSchema.Node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the merged {@code integrations} tree into validated records, naming the key of every problem. Not API. */
final class ConfigBinder {
    private static final String ROOT = "integrations";
    private static final String SPEC_TASK_ID = "task_id";

    private final Path workspaceRoot;
    private final Path home;

    ConfigBinder(Path workspaceRoot, Path home) {
        this.workspaceRoot = workspaceRoot;
        this.home = home;
    }

    IntegrationConfig bind(ObjectNode integrations) {
        checkShape(integrations, ConfigSchema.INTEGRATIONS, ROOT);
        IntegrationConfig.Builder b = IntegrationConfig.builder();
        b.integrationEnabled(bool(integrations, "integration_enabled", ROOT, true));
        b.syncEnabled(bool(integrations, "sync_enabled", ROOT, true));
        SyncFrequency f = enumValue(integrations, "sync_frequency", ROOT, SyncFrequency.class);
        if (f != null) b.syncFrequency(f);
        for (String dir : stringList(integrations, "plugin_directories", ROOT, "a folder path")) {
            b.pluginDirectory(resolveDir(dir));
        }
        b.plugins(pluginTrust(objectOrEmpty(integrations.get("plugins")), ROOT + ".plugins"));
        for (SpecLayout.Block p : SpecLayout.providers(integrations)) b.provider(provider(p.name(), p.key(), p.node()));
        String taskSystem = text(integrations, "task_system", ROOT);
        if (IntegrationConfig.isNoTaskSystem(taskSystem) && bool(integrations, "integration_enabled", ROOT, false)) {
            throw ConfigErrors.error(ROOT + ".task_system", "is none (no external task system, which turns the "
                    + "integration off) but " + ROOT + ".integration_enabled is true; remove one of the two");
        }
        b.taskSystem(taskSystem);
        return b.build();
    }

    /**
     * Binds one provider's settings, written under {@code key}: {@code integrations.providers.<name>}, or
     * {@code integrations.<name>} in the specification's layout (errors name the key as written).
     */
    private ProviderConfig provider(String name, String key, ObjectNode node) {
        try {
            return providerBuilder(name, key, node).build();
        } catch (IntegrationException e) {
            throw ConfigErrors.relocated(ROOT + ".providers." + name, key, e);
        }
    }

    private ProviderConfig.Builder providerBuilder(String name, String key, ObjectNode node) {
        ProviderConfig.Builder b = ProviderConfig.builder(name)
                .plugin(text(node, "plugin", key))
                .enabled(bool(node, "enabled", key, true))
                .serverUrl(text(node, "server_url", key))
                .projectKey(text(node, "project_key", key))
                .authType(enumValue(node, "auth_type", key, AuthType.class))
                .credentialsRef(text(node, "credentials_ref", key))
                .syncDirection(enumValue(node, "sync_direction", key, SyncDirection.class))
                .conflictStrategy(enumValue(node, "conflict_strategy", key, ConflictStrategy.class));
        Map<String, String> mapping = fieldMapping(node, key);
        try {
            b.fieldMapping(new FieldMapping(mapping));
        } catch (IntegrationException e) {
            // the mapping names its key relative to the provider: give the full path once
            String relative = e.details().getOrDefault("key", "field_mapping");
            String message = e.getMessage().startsWith(relative + ": ")
                    ? e.getMessage().substring(relative.length() + 2) : e.getMessage();
            throw ConfigErrors.error(key + "." + relative, message);
        }
        forEachEntry(node, "field_conflict_strategies", key, (field, v, k) ->
                b.fieldConflictStrategy(field, toEnum(v, k, ConflictStrategy.class)));
        forEachEntry(node, "field_directions", key, (field, v, k) ->
                b.fieldDirection(field, toEnum(v, k, SyncDirection.class)));
        forEachEntry(node, "settings", key, (setting, v, k) -> b.setting(setting, anyValue(v, k)));
        b.resilience(resilience(objectOrEmpty(node.get("resilience")), key + ".resilience"));
        b.credentialOrigins(stringList(node, "credential_origins", key, "an origin such as https://api.atlassian.com"));
        forEachEntry(node, "value_maps", key, (field, v, k) -> b.valueMap(field, valueMap((ObjectNode) v, k)));
        if (node.get("scope") != null && !node.get("scope").isNull()) b.scope(scope(node.get("scope"), key));
        b.comments(commentSync(node, key));
        b.commentDeletions(enumValue(node, "comment_deletions", key, CommentDeletions.class));
        return b;
    }

    /** {@code scope}: the whole-project sync; its errors name the full key. */
    private static ScopeConfig scope(JsonNode value, String providerKey) {
        String key = providerKey + ".scope";
        if (!value.isObject()) throw ConfigErrors.invalid(key, value, "a mapping with keys filter, on_new_remote, ...");
        ObjectNode node = (ObjectNode) value;
        ScopeConfig.Builder b = ScopeConfig.builder()
                .filter(text(node, "filter", key))
                .onNewRemote(enumValue(node, "on_new_remote", key, ScopeConfig.OnNewRemote.class))
                .onNewLocal(enumValue(node, "on_new_local", key, ScopeConfig.OnNewLocal.class))
                .onRemoved(enumValue(node, "on_removed", key, ScopeConfig.OnRemoved.class))
                .pollInterval(duration(node, "poll_interval", key, null))
                .overlap(duration(node, "overlap", key, null))
                .pageSize(integer(node, "page_size", key, ScopeConfig.MAX_PAGE_SIZE));
        try {
            return b.build();
        } catch (IntegrationException e) {
            throw ConfigErrors.under(providerKey + ".", e);
        }
    }

    /** One {@code value_maps.<field>} entry; the map's own errors are named under its key. */
    private static ValueMap valueMap(ObjectNode node, String key) {
        ValueMap.Builder b = ValueMap.builder();
        forEachEntry(node, "values", key, (zen, v, k) -> b.value(zen, scalarText(v, k)));
        forEachEntry(node, "write_back", key, (ext, v, k) -> b.writeBack(ext, scalarText(v, k)));
        b.unmapped(policy(node.get("unmapped"), key + ".unmapped"));
        b.unmappedRemote(policy(node.get("unmapped_remote"), key + ".unmapped_remote"));
        b.userDirectory(bool(node, "user_directory", key, false));
        try {
            return b.build();
        } catch (IntegrationException e) {
            throw ConfigErrors.under(key + ".", e);
        }
    }

    private static UnmappedPolicy policy(JsonNode v, String key) {
        if (v == null || v.isNull()) return null;
        try {
            if (v.isObject()) return UnmappedPolicy.defaultTo(scalarText(v.get("default"), key + ".default"));
            return UnmappedPolicy.parse(v.asText());
        } catch (IntegrationException e) {
            throw ConfigErrors.invalid(key, v, ConfigSchema.describe(ConfigSchema.POLICY));
        }
    }

    /**
     * {@code field_mapping}, with the specification's {@code task_id} (the Zen task's identifier) read as Zen's
     * {@code id}, the field the plugins map the external key to.
     */
    private static Map<String, String> fieldMapping(ObjectNode node, String key) {
        Map<String, String> mapping = new LinkedHashMap<>();
        forEachEntry(node, "field_mapping", key, (field, v, k) -> {
            if (!field.equals(SPEC_TASK_ID)) mapping.put(field, scalarText(v, k));
        });
        JsonNode taskId = node.path("field_mapping").get(SPEC_TASK_ID);
        if (taskId != null && !taskId.isNull()) {
            String k = key + ".field_mapping." + SPEC_TASK_ID;
            if (mapping.containsKey("id")) {
                throw ConfigErrors.error(k, "and " + key + ".field_mapping.id both map the task's identifier "
                        + "(task_id is the specification's name for id); keep one of them");
            }
            mapping.put("id", scalarText(taskId, k));
        }
        return mapping;
    }

    private static PluginTrustConfig pluginTrust(ObjectNode node, String key) {
        Map<String, String> minimums = new LinkedHashMap<>();
        forEachEntry(node, "minimum_versions", key, (plugin, v, k) -> minimums.put(plugin, scalarText(v, k)));
        return new PluginTrustConfig(bool(node, "require_signatures", key, false),
                stringList(node, "trusted_keys", key, "a Base64 public key"),
                stringList(node, "allow_shadowing", key, "a plugin name"), minimums);
    }

    private ResilienceConfig resilience(ObjectNode node, String key) {
        ResilienceConfig.Retry dr = ResilienceConfig.Retry.defaults();
        ObjectNode r = objectOrEmpty(node.get("retry"));
        String rk = key + ".retry";
        ResilienceConfig.CircuitBreaker dc = ResilienceConfig.CircuitBreaker.defaults();
        ObjectNode c = objectOrEmpty(node.get("circuit_breaker"));
        String ck = key + ".circuit_breaker";
        ResilienceConfig.RateLimit dl = ResilienceConfig.RateLimit.defaults();
        ObjectNode l = objectOrEmpty(node.get("rate_limit"));
        String lk = key + ".rate_limit";
        ResilienceConfig.Bulkhead dbh = ResilienceConfig.Bulkhead.defaults();
        ObjectNode bh = objectOrEmpty(node.get("bulkhead"));
        String bk = key + ".bulkhead";
        try {
            return new ResilienceConfig(
                    new ResilienceConfig.Retry(integer(r, "max_attempts", rk, dr.maxAttempts()),
                            duration(r, "initial_delay", rk, dr.initialDelay()),
                            duration(r, "max_delay", rk, dr.maxDelay()),
                            number(r, "jitter_factor", rk, dr.jitterFactor()),
                            duration(r, "max_retry_after", rk, dr.maxRetryAfter())),
                    new ResilienceConfig.CircuitBreaker(integer(c, "failure_threshold", ck, dc.failureThreshold()),
                            duration(c, "open_duration", ck, dc.openDuration()),
                            integer(c, "success_threshold", ck, dc.successThreshold())),
                    new ResilienceConfig.RateLimit(integer(l, "requests_per_minute", lk, dl.requestsPerMinute()),
                            duration(l, "max_wait", lk, dl.maxWait())),
                    duration(node, "timeout", key, ResilienceConfig.DEFAULT_TIMEOUT),
                    new ResilienceConfig.Bulkhead(integer(bh, "max_concurrent_calls", bk, dbh.maxConcurrentCalls()),
                            duration(bh, "max_wait", bk, dbh.maxWait())));
        } catch (IntegrationException e) {
            // The records name keys relative to the provider ("resilience.retry..."), the parsers above the full
            // path already: make the key absolute only where it is not.
            throw ConfigErrors.under(key.substring(0, key.length() - "resilience".length()), e);
        }
    }

    // ---- shape -------------------------------------------------------------------------------------------

    static void checkShape(JsonNode node, Node schema, String key) {
        if (node == null || node.isNull()) return;
        switch (schema.kind()) {
            case OBJECT -> {
                requireObject(node, key, schema);
                node.fieldNames().forEachRemaining(f -> {
                    Node child = schema.fields().get(f);
                    if (child == null) {
                        throw ConfigErrors.error(key + "." + f, "unknown key; accepted keys under " + key + ": "
                                + String.join(", ", schema.fields().keySet()));
                    }
                    checkShape(node.get(f), child, key + "." + f);
                });
            }
            case OBJECT_MAP -> {
                requireObject(node, key, schema);
                node.fields().forEachRemaining(e -> checkShape(objectOrEmptyChecked(e.getValue(), key + "." + e.getKey()),
                        new Node(Kind.OBJECT, schema.fields(), List.of(), null), key + "." + e.getKey()));
            }
            case MAP -> {
                requireObject(node, key, schema);
                node.fields().forEachRemaining(e -> checkShape(e.getValue(), schema.value(), key + "." + e.getKey()));
            }
            case POLICY -> {
                boolean ok = node.isTextual() || node.isObject() && node.size() == 1 && node.has("default");
                if (!ok) throw ConfigErrors.invalid(key, node, ConfigSchema.describe(schema));
            }
            case LIST -> {
                if (!node.isArray() && !node.isTextual()) throw ConfigErrors.invalid(key, node, ConfigSchema.describe(schema));
            }
            default -> {
                if (!node.isValueNode()) throw ConfigErrors.invalid(key, node, ConfigSchema.describe(schema));
            }
        }
    }

    private static void requireObject(JsonNode node, String key, Node schema) {
        if (!node.isObject()) throw ConfigErrors.invalid(key, node, ConfigSchema.describe(schema));
    }

    private static JsonNode objectOrEmptyChecked(JsonNode node, String key) {
        if (node == null || node.isNull()) return JsonNodeFactory.instance.objectNode();
        if (!node.isObject()) throw ConfigErrors.invalid(key, node, "a mapping of provider settings");
        return node;
    }

    private static ObjectNode objectOrEmpty(JsonNode node) {
        return node instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    }

    // ---- scalars -----------------------------------------------------------------------------------------

    private static String text(ObjectNode node, String field, String parent) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : scalarText(v, parent + "." + field);
    }

    private static String scalarText(JsonNode v, String key) {
        if (!v.isValueNode()) throw ConfigErrors.invalid(key, v, "a string");
        return v.asText();
    }

    private static boolean bool(ObjectNode node, String field, String parent, boolean def) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return def;
        if (v.isBoolean()) return v.booleanValue();
        String t = v.asText().trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw ConfigErrors.invalid(parent + "." + field, v.asText(), "true or false");
        };
    }

    private static int integer(ObjectNode node, String field, String parent, int def) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return def;
        if (v.canConvertToInt() && v.isIntegralNumber()) return v.intValue();
        try {
            return Integer.parseInt(v.asText().trim());
        } catch (NumberFormatException e) {
            throw ConfigErrors.invalid(parent + "." + field, v.asText(), "an integer");
        }
    }

    private static double number(ObjectNode node, String field, String parent, double def) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return def;
        if (v.isNumber()) return v.doubleValue();
        try {
            return Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw ConfigErrors.invalid(parent + "." + field, v.asText(), "a number");
        }
    }

    private static Duration duration(ObjectNode node, String field, String parent, Duration def) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return def;
        if (v.isIntegralNumber()) return Duration.ofSeconds(v.longValue());
        try {
            return Durations.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw ConfigErrors.invalid(parent + "." + field, v.asText(), ConfigSchema.describe(ConfigSchema.DURATION));
        }
    }

    private static <E extends Enum<E>> E enumValue(ObjectNode node, String field, String parent, Class<E> type) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : toEnum(v, parent + "." + field, type);
    }

    /** {@code comments}: YAML 1.1 reads a bare {@code off} as false, so false is {@code off} too. */
    private static CommentSync commentSync(ObjectNode node, String key) {
        JsonNode v = node.get("comments");
        if (v != null && v.isBoolean() && !v.booleanValue()) return CommentSync.OFF;
        return enumValue(node, "comments", key, CommentSync.class);
    }

    static <E extends Enum<E>> E toEnum(JsonNode v, String key, Class<E> type) {
        String t = v.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(t)) return e;
        }
        List<String> accepted = new ArrayList<>();
        for (E e : type.getEnumConstants()) accepted.add(ConfigSchema.yamlName(e));
        throw ConfigErrors.invalid(key, v.asText(), String.join(", ", accepted));
    }

    private static Object anyValue(JsonNode v, String key) {
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber()) return v.canConvertToLong() ? v.longValue() : v.bigIntegerValue();
        if (v.isNumber()) return v.doubleValue();
        if (v.isValueNode()) return v.asText();
        throw ConfigErrors.invalid(key, v, ConfigSchema.describe(ConfigSchema.ANY));
    }

    private static List<String> stringList(ObjectNode node, String field, String parent, String itemKind) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) return out;
        if (v.isTextual()) {
            for (String s : v.asText().split(",")) if (!s.isBlank()) out.add(s.trim());
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isValueNode() || item.isNull()) {
                throw ConfigErrors.invalid(parent + "." + field + "[" + i + "]", item, itemKind);
            }
            out.add(item.asText());
        }
        return out;
    }

    private interface EntryConsumer {
        void accept(String name, JsonNode value, String key);
    }

    private static void forEachEntry(ObjectNode node, String field, String parent, EntryConsumer consumer) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return;
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) consumer.accept(e.getKey(), e.getValue(), parent + "." + field + "." + e.getKey());
        });
    }

    private Path resolveDir(String dir) {
        if (dir.equals("~")) return home;
        if (dir.startsWith("~/")) return home.resolve(dir.substring(2)).normalize();
        Path p = Path.of(dir);
        return p.isAbsolute() || workspaceRoot == null ? p.normalize() : workspaceRoot.resolve(p).normalize();
    }
}
