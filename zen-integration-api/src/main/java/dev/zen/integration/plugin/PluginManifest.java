package dev.zen.integration.plugin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A plugin's {@code manifest.yaml}, parsed and validated. See {@code docs/plugin-abi.md} for the YAML form.
 *
 * @param schemaVersion       the manifest schema version (1)
 * @param plugin              name, version and description
 * @param capabilities        what the plugin can do, such as {@code get_task}, {@code create_task}
 * @param runtime             where the module is and its limits
 * @param apiRequirements     the ABI version it was written for, and any extra hosts it calls
 * @param security            permissions, checksum and optional signature
 * @param configurationSchema the configuration it accepts, by key
 */
public record PluginManifest(int schemaVersion, Info plugin, List<String> capabilities, Runtime runtime,
                             ApiRequirements apiRequirements, Security security,
                             Map<String, ConfigProperty> configurationSchema) {

    /** The manifest schema versions this library reads. */
    public static final Set<Integer> SUPPORTED_SCHEMA_VERSIONS = Set.of(1);

    /** Validates the manifest. */
    public PluginManifest {
        if (!SUPPORTED_SCHEMA_VERSIONS.contains(schemaVersion)) {
            throw new IllegalArgumentException("unsupported schema_version " + schemaVersion + " (supported: "
                    + SUPPORTED_SCHEMA_VERSIONS + ")");
        }
        Objects.requireNonNull(plugin, "plugin");
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(apiRequirements, "api_requirements");
        Objects.requireNonNull(security, "security");
        configurationSchema = configurationSchema == null ? Map.of() : Map.copyOf(configurationSchema);
    }

    /**
     * Who the plugin is.
     *
     * @param name        unique name, lower case, such as "jira"
     * @param version     its version, such as "1.0.0"
     * @param description what it does
     * @param author      who made it
     */
    public record Info(String name, String version, @Nullable String description, @Nullable String author) {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

        /** Validates the info. */
        public Info {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("plugin.name must be lower case letters, digits, '-' or '_', "
                        + "starting with a letter: '" + name + "'");
            }
            if (version == null || version.isBlank()) throw new IllegalArgumentException("plugin.version is required");
        }
    }

    /**
     * How the module runs.
     *
     * @param wasmFile         the module's path, relative to the plugin folder; never escapes it
     * @param memoryLimitBytes the hard cap on linear memory
     * @param executionTimeout the limit for one call
     * @param cpuLimit         the share of one core the plugin is meant to use (advisory)
     */
    public record Runtime(String wasmFile, long memoryLimitBytes, Duration executionTimeout, double cpuLimit) {
        /** Validates the limits. */
        public Runtime {
            if (wasmFile == null || wasmFile.isBlank()) throw new IllegalArgumentException("runtime.wasm_file is required");
            if (memoryLimitBytes < 65_536) {
                throw new IllegalArgumentException("runtime.memory_limit must be at least 64KiB: " + memoryLimitBytes);
            }
            Objects.requireNonNull(executionTimeout, "runtime.execution_timeout");
            if (executionTimeout.isZero() || executionTimeout.isNegative()) {
                throw new IllegalArgumentException("runtime.execution_timeout must be positive: " + executionTimeout);
            }
            if (!(cpuLimit > 0 && cpuLimit <= 64)) {
                throw new IllegalArgumentException("runtime.cpu_limit must be in (0, 64]: " + cpuLimit);
            }
        }
    }

    /**
     * What the plugin needs from the host.
     *
     * @param abiVersion the plugin ABI version it implements (1)
     * @param hosts      hosts it calls besides the configured server_url
     */
    public record ApiRequirements(int abiVersion, List<String> hosts) {
        /** Validates the requirements. */
        public ApiRequirements {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
        }
    }

    /**
     * What the plugin may do and how its bytes are checked.
     *
     * @param permissions the granted capabilities
     * @param checksum    the module's SHA-256, as {@code sha256:<hex>} or plain hex; null when the manifest gives
     *                    none (the specification's example manifest has none), and then the runtime refuses to load
     *                    the module, naming {@code security.checksum}
     * @param signature   an Ed25519 signature (Base64); null for an unsigned module
     * @param trustedKeys public keys (Base64 X.509) the signature may be made with, may be empty
     */
    public record Security(Set<PluginPermission> permissions, @Nullable String checksum, @Nullable String signature,
                           List<String> trustedKeys) {
        /** Validates the security section. */
        public Security {
            permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
            if (checksum != null && checksum.isBlank()) {
                throw new IllegalArgumentException("security.checksum must not be blank; give sha256:<64 hex digits>");
            }
            trustedKeys = trustedKeys == null ? List.of() : List.copyOf(trustedKeys);
        }
    }

    /**
     * One configuration key a plugin accepts.
     *
     * @param type         string, integer, number, boolean, object or array
     * @param required     whether it must be given
     * @param defaultValue the value used when absent; null for no default
     * @param pattern      a regular expression a string value must match
     * @param description  what it means
     */
    public record ConfigProperty(String type, boolean required, @Nullable Object defaultValue, @Nullable String pattern,
                                 @Nullable String description) {
        /** The accepted types. */
        public static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "object", "array");

        /** Validates the property. */
        public ConfigProperty {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("configuration type '" + type + "' is not one of " + TYPES);
            }
        }
    }
}
