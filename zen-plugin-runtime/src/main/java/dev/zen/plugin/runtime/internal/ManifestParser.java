package dev.zen.plugin.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.integration.plugin.PluginPermission;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code manifest.yaml} into the API's {@link PluginManifest}. Every problem is a {@code PLUGIN_LOAD_FAILED}
 * naming the key at fault. Unknown keys are refused (except under {@code plugin}), so a typo such as
 * {@code permisions} cannot silently drop a setting.
 *
 * <p>The specification's form is read too ({@link SpecManifestNames}): {@code schema_version: "1.0"},
 * {@code api_requirements} as a list of host interfaces, its permission names, {@code validation} for
 * {@code pattern}, and no {@code security.checksum} (parsed, but such a module is refused at load by
 * {@link Integrity}).
 */
public final class ManifestParser {
    private static final Pattern DRIVE_LETTER = Pattern.compile("[A-Za-z]:");
    private static final Set<String> TOP = Set.of("schema_version", "plugin", "capabilities", "runtime",
            "api_requirements", "security", "configuration_schema");
    private static final Set<String> RUNTIME = Set.of("wasm_file", "memory_limit", "execution_timeout", "cpu_limit");
    private static final Set<String> API = Set.of("abi_version", "hosts");
    private static final Set<String> SECURITY = Set.of("permissions", "checksum", "signature", "trusted_keys");
    private static final Set<String> PROPERTY = Set.of("type", "required", "default", "pattern", "validation",
            "description");
    private static final Pattern SPEC_VERSION = Pattern.compile("(\\d{1,9})(\\.0)?");
    /** The largest linear memory a wasm32 module can have. */
    static final long MAX_MEMORY = 65_536L * 65_536L;

    private final String label;

    private ManifestParser(String label) {
        this.label = label;
    }

    /**
     * Parses and validates a manifest.
     *
     * @param label what to call the plugin in errors (its folder or resource name)
     * @param yaml  the manifest bytes
     * @throws IntegrationException {@code PLUGIN_LOAD_FAILED} naming the key at fault
     */
    public static PluginManifest parse(String label, byte[] yaml) {
        return new ManifestParser(label).parse(yaml);
    }

    private PluginManifest parse(byte[] yaml) {
        JsonNode root = readRoot(yaml);
        onlyKeys(root, "", TOP);
        int schemaVersion = schemaVersion(root);
        PluginManifest.Info pluginInfo = info(root);
        List<String> capabilities = stringList(root, "capabilities", "capabilities");
        PluginManifest.Runtime runtime = runtime(root);
        Set<PluginPermission> required = new LinkedHashSet<>();
        PluginManifest.ApiRequirements api = apiRequirements(root, required);
        PluginManifest.Security security = security(root, required);
        Map<String, PluginManifest.ConfigProperty> schema = configurationSchema(root);
        return build("manifest", () -> new PluginManifest(schemaVersion, pluginInfo, capabilities, runtime, api,
                security, schema));
    }

    private JsonNode readRoot(byte[] yaml) {
        JsonNode root;
        try {
            root = JsonStreams.readTree(JsonStreams.YAML, yaml);
        } catch (JsonProcessingException e) {
            String duplicate = ParseErrors.duplicateKey(e);
            if (duplicate != null) {
                throw key(duplicate, "appears more than once (" + ParseErrors.describe(e) + "); give each key once, "
                        + "so no later value can silently replace an earlier one");
            }
            throw fail("manifest.yaml is not valid YAML (" + ParseErrors.describe(e) + ")");
        } catch (IOException e) {
            throw fail("manifest.yaml could not be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw fail("manifest.yaml must be a YAML mapping");
        return root;
    }

    private int schemaVersion(JsonNode root) {
        JsonNode sv = required(root, "schema_version");
        // the specification writes "1.0": a string, or a number once unquoted
        Matcher m = SPEC_VERSION.matcher(sv.isTextual() || sv.isFloatingPointNumber() ? sv.asText().trim() : "");
        if (!sv.isInt() && !m.matches()) {
            if (sv.isValueNode() && !sv.isNull() && sv.asText().trim().matches("\\d{1,9}(\\.\\d+)?")) {
                throw key("schema_version", "unsupported version " + sv.asText().trim() + "; this host reads "
                        + PluginManifest.SUPPORTED_SCHEMA_VERSIONS + " (also written \"1.0\")");
            }
            throw key("schema_version", "must be a whole number such as 1 (or the specification's \"1.0\")");
        }
        int version = sv.isInt() ? sv.intValue() : Integer.parseInt(m.group(1));
        if (!PluginManifest.SUPPORTED_SCHEMA_VERSIONS.contains(version)) {
            throw key("schema_version", "unsupported version " + version + "; this host reads "
                    + PluginManifest.SUPPORTED_SCHEMA_VERSIONS + ". Upgrade zen-plugin-runtime or use an older plugin");
        }
        return version;
    }

    private PluginManifest.Info info(JsonNode root) {
        JsonNode info = object(root, "plugin", true);
        return build("plugin", () -> new PluginManifest.Info(
                text(info, "plugin.name", "name", true), text(info, "plugin.version", "version", true),
                text(info, "plugin.description", "description", false), text(info, "plugin.author", "author", false)));
    }

    private PluginManifest.Runtime runtime(JsonNode root) {
        JsonNode rt = object(root, "runtime", true);
        onlyKeys(rt, "runtime.", RUNTIME);
        String wasmFile = text(rt, "runtime.wasm_file", "wasm_file", true);
        checkRelative(wasmFile);
        long memory = size(rt, "runtime.memory_limit", "memory_limit");
        Duration timeout = duration(rt, "runtime.execution_timeout", "execution_timeout");
        double cpuLimit = cpuLimit(rt);
        return build("runtime", () -> new PluginManifest.Runtime(wasmFile, memory, timeout, cpuLimit));
    }

    private double cpuLimit(JsonNode rt) {
        if (!rt.has("cpu_limit")) return 1.0;
        JsonNode c = rt.get("cpu_limit");
        if (c.isNumber()) return c.doubleValue();
        // the specification types it as a string
        if (c.isTextual() && c.asText().trim().matches("\\d{1,2}(\\.\\d{1,6})?")) return Double.parseDouble(c.asText());
        throw key("runtime.cpu_limit", "must be a number such as 0.5");
    }

    /**
     * {@code api_requirements}: a mapping ({@code abi_version}, {@code hosts}), or the specification's list of host
     * interfaces, whose permissions are added to {@code required}.
     */
    private PluginManifest.ApiRequirements apiRequirements(JsonNode root, Set<PluginPermission> required) {
        JsonNode list = root.get("api_requirements");
        if (list != null && list.isArray()) {
            List<String> names = stringList(root, "api_requirements", "api_requirements");
            for (int i = 0; i < names.size(); i++) {
                PluginPermission p = SpecManifestNames.API_REQUIREMENTS.get(names.get(i));
                if (p == null) {
                    throw key("api_requirements[" + i + "]", "'" + names.get(i) + "' is not a host interface this "
                            + "host provides; the list form accepts " + SpecManifestNames.API_REQUIREMENTS.keySet()
                            + ", the mapping form {abi_version: 1, hosts: [...]}");
                }
                required.add(p);
            }
            return new PluginManifest.ApiRequirements(1, List.of());
        }
        JsonNode ar = object(root, "api_requirements", false);
        if (ar == null) return new PluginManifest.ApiRequirements(1, List.of());
        onlyKeys(ar, "api_requirements.", API);
        int abi = 1;
        if (ar.has("abi_version")) {
            if (!ar.get("abi_version").isInt()) throw key("api_requirements.abi_version", "must be a whole number");
            abi = ar.get("abi_version").intValue();
            if (abi != 1) {
                throw key("api_requirements.abi_version", "the plugin needs ABI version " + abi
                        + " but this host implements version 1");
            }
        }
        return new PluginManifest.ApiRequirements(abi, stringList(ar, "api_requirements.hosts", "hosts"));
    }

    private PluginManifest.Security security(JsonNode root, Set<PluginPermission> required) {
        JsonNode sec = object(root, "security", true);
        onlyKeys(sec, "security.", SECURITY);
        Set<PluginPermission> permissions = new LinkedHashSet<>(required);
        for (String p : stringList(sec, "security.permissions", "permissions")) {
            Optional<PluginPermission> spec = SpecManifestNames.PERMISSIONS.get(p);
            if (spec != null) {
                spec.ifPresent(permissions::add);
                continue;
            }
            permissions.add(PluginPermission.fromManifestName(p).orElseThrow(() -> key("security.permissions",
                    "unknown permission '" + p + "'; known: " + knownPermissions() + ", and the specification's "
                            + String.join(", ", SpecManifestNames.PERMISSIONS.keySet()))));
        }
        // optional here so the specification's example parses; Integrity refuses to load a module without it
        String checksum = text(sec, "security.checksum", "checksum", false);
        if (checksum != null) {
            Integrity.parseChecksum(checksum).orElseThrow(() -> key("security.checksum",
                    "must be sha256:<64 hex digits>, found '" + checksum + "'"));
        }
        String signature = text(sec, "security.signature", "signature", false);
        List<String> trustedKeys = stringList(sec, "security.trusted_keys", "trusted_keys");
        return build("security", () -> new PluginManifest.Security(permissions, checksum, signature, trustedKeys));
    }

    private Map<String, PluginManifest.ConfigProperty> configurationSchema(JsonNode root) {
        Map<String, PluginManifest.ConfigProperty> schema = new LinkedHashMap<>();
        JsonNode cs = object(root, "configuration_schema", false);
        if (cs != null) {
            for (Map.Entry<String, JsonNode> e : cs.properties()) {
                schema.put(e.getKey(), property("configuration_schema." + e.getKey(), e.getValue()));
            }
        }
        return schema;
    }

    private PluginManifest.ConfigProperty property(String path, JsonNode node) {
        if (node == null || !node.isObject()) throw key(path, "must be a mapping such as {type: string, required: true}");
        onlyKeys(node, path + ".", PROPERTY);
        String type = node.has("type") ? node.get("type").asText() : "string";
        if (!PluginManifest.ConfigProperty.TYPES.contains(type)) {
            throw key(path + ".type", "'" + type + "' is not one of " + PluginManifest.ConfigProperty.TYPES);
        }
        boolean required = false;
        if (node.has("required")) {
            if (!node.get("required").isBoolean()) throw key(path + ".required", "must be true or false");
            required = node.get("required").booleanValue();
        }
        String pattern = text(node, path + ".pattern", "pattern", false);
        String validation = text(node, path + ".validation", "validation", false);
        if (pattern != null && validation != null) {
            throw key(path + ".validation", "and " + path + ".pattern are the same setting (validation is the "
                    + "specification's name for it); keep one");
        }
        String patternKey = path + (pattern != null ? ".pattern" : ".validation");
        pattern = pattern != null ? pattern : validation;
        if (pattern != null) {
            try {
                SchemaPatterns.compile(pattern);
            } catch (IllegalArgumentException e) {
                throw key(patternKey, e.getMessage());
            }
        }
        Object def = node.has("default") ? JsonStreams.toJava(node.get("default")) : null;
        return new PluginManifest.ConfigProperty(type, required, def, pattern,
                text(node, path + ".description", "description", false));
    }

    private void checkRelative(String wasmFile) {
        if (wasmFile.chars().anyMatch(Character::isISOControl)) {
            throw key("runtime.wasm_file", "contains a control character; give a plain file name such as plugin.wasm");
        }
        String f = wasmFile.replace('\\', '/');
        boolean escapes = f.startsWith("/") || DRIVE_LETTER.matcher(f).lookingAt() || f.contains("\\")
                || wasmFile.contains("\\");
        for (String part : f.split("/")) {
            if (part.equals("..")) escapes = true;
        }
        Path p = Path.of(f).normalize();
        if (escapes || p.isAbsolute() || p.toString().isEmpty() || p.startsWith("..")) {
            throw key("runtime.wasm_file", "'" + wasmFile + "' escapes the plugin folder; give a path inside it, "
                    + "such as plugin.wasm");
        }
    }

    private long size(JsonNode parent, String path, String field) {
        JsonNode n = required(parent, field, path);
        long bytes;
        try {
            bytes = n.isIntegralNumber() ? n.longValue() : Units.parseSize(n.asText());
        } catch (IllegalArgumentException e) {
            throw key(path, e.getMessage());
        }
        if (bytes < 65_536 || bytes > MAX_MEMORY) {
            throw key(path, "must be between 64KiB and 4GiB, found '" + n.asText() + "'");
        }
        return bytes;
    }

    private Duration duration(JsonNode parent, String path, String field) {
        JsonNode n = required(parent, field, path);
        Duration d;
        try {
            d = Units.parseDuration(n.asText());
        } catch (IllegalArgumentException e) {
            throw key(path, e.getMessage());
        }
        if (d.isZero() || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw key(path, "must be more than 0 and at most 10m, found '" + n.asText() + "'");
        }
        return d;
    }

    private JsonNode required(JsonNode parent, String field) {
        return required(parent, field, field);
    }

    private JsonNode required(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) throw key(path, "is required but missing");
        return n;
    }

    private JsonNode object(JsonNode parent, String field, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) throw key(field, "is required but missing");
            return null;
        }
        if (!n.isObject()) throw key(field, "must be a mapping");
        return n;
    }

    private String text(JsonNode parent, String path, String field, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) throw key(path, "is required but missing");
            return null;
        }
        if (!n.isValueNode() || n.isBinary()) throw key(path, "must be a single value");
        String s = n.asText();
        if (required && s.isBlank()) throw key(path, "must not be empty");
        return s;
    }

    private List<String> stringList(JsonNode parent, String path, String field) {
        JsonNode n = parent.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (!n.isArray()) throw key(path, "must be a list such as [a, b]");
        for (JsonNode e : n) {
            if (!e.isValueNode() || e.isNull()) throw key(path, "must contain plain values only");
            out.add(e.asText());
        }
        return out;
    }

    private void onlyKeys(JsonNode node, String prefix, Set<String> allowed) {
        for (Iterator<String> it = ((ObjectNode) node).fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw key(prefix + k, "is not a known key; expected one of " + new TreeSet<>(allowed));
            }
        }
    }

    private <T> T build(String section, Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw fail("invalid " + section + " section: " + e.getMessage(), e);
        }
    }

    private static String knownPermissions() {
        List<String> names = new ArrayList<>();
        for (PluginPermission p : PluginPermission.values()) names.add(p.manifestName());
        return String.join(", ", names);
    }

    private IntegrationException key(String path, String problem) {
        return fail("manifest key '" + path + "' " + problem);
    }

    /** Messages quote manifest keys and values: their control characters are escaped, keeping the log line one. */
    private IntegrationException fail(String message) {
        return Errors.loadFailed(label, ControlChars.escape(message));
    }

    private IntegrationException fail(String message, Throwable cause) {
        return Errors.loadFailed(label, ControlChars.escape(message), cause);
    }
}
