package dev.zen.integration.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.internal.io.AtomicFiles;
import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.core.internal.io.ParseErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads the {@code integrations:} configuration and edits it, like {@code zen config get/set}.
 *
 * <p>Layers, later ones winning key by key: defaults, the user config ({@code ~/.zen/config.yaml}), the workspace
 * config ({@code <workspace>/.zen/config.yaml}), then {@code ZEN_INTEGRATIONS_*} environment variables (see
 * {@code docs/configuration.md}). Every problem is an {@link IntegrationException} with
 * {@link ErrorCode#CONFIG_ERROR} naming the key and the values it accepts.
 *
 * <pre>{@code
 * ConfigLoader loader = ConfigLoader.builder(workspaceRoot).build();
 * IntegrationConfig config = loader.load();
 * loader.set("integrations.providers.jira.server_url", "https://acme.atlassian.net");
 * loader.set("integrations.task_system", "jira");      // validated, then written atomically
 * }</pre>
 *
 * <p>The specification's layout is read too: a task system's settings directly under {@code integrations}
 * ({@code integrations.jira.server_url}), {@code task_system: none}, {@code auth_type: token} (see
 * {@code docs/configuration.md}, "The specification's layout").
 *
 * <p>Thread-safe. {@link #set} holds a lock file so concurrent processes do not lose each other's edits. Other
 * top-level sections of the YAML file are kept; comments are not.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String SECTION = "integrations";
    private static final ObjectMapper YAML = Jackson.yaml();

    private final Path workspaceRoot;
    private final Path workspaceFile;
    private final Path userFile;
    private final Path home;
    private final Map<String, String> environment;
    private final Object lock = new Object();

    private ConfigLoader(Builder b) {
        this.workspaceRoot = b.workspaceRoot.toAbsolutePath().normalize();
        this.home = b.home;
        this.workspaceFile = workspaceRoot.resolve(".zen").resolve("config.yaml");
        this.userFile = b.userFile != null ? b.userFile : home.resolve(".zen").resolve("config.yaml");
        this.environment = Map.copyOf(b.environment);
    }

    /** Starts a loader for the workspace rooted at {@code workspaceRoot}. */
    public static Builder builder(Path workspaceRoot) {
        return new Builder(workspaceRoot);
    }

    /** The file {@link #set} writes: {@code <workspace>/.zen/config.yaml}. */
    public Path workspaceConfigFile() {
        return workspaceFile;
    }

    /** The user-level file that is read beneath the workspace file. */
    public Path userConfigFile() {
        return userFile;
    }

    /**
     * Loads and validates the effective configuration.
     *
     * @throws IntegrationException CONFIG_ERROR naming the file or key at fault
     */
    public IntegrationConfig load() {
        ObjectNode merged = section(read(userFile), userFile).deepCopy();
        ObjectNode workspace = section(read(workspaceFile), workspaceFile);
        refusePluginTrust(workspace);
        ConfigTree.merge(merged, workspace);
        EnvOverrides.apply(merged, environment);
        IntegrationConfig config = new ConfigBinder(workspaceRoot, home).bind(merged);
        LOG.debug("Loaded integration configuration for {} ({} providers)", workspaceRoot, config.providers().size());
        return config;
    }

    /**
     * Sets one key in the workspace config, like {@code zen config set integrations.task_system jira}. The value
     * is converted to the key's type (booleans, integers, durations, lists as comma-separated text) and the
     * resulting effective configuration is validated before anything is written; the file is then replaced
     * atomically. An empty value removes the key.
     *
     * @param key   a dotted key starting with {@code integrations.}, such as
     *              {@code integrations.providers.jira.resilience.rate_limit.requests_per_minute}
     * @param value the new value as text
     * @return the effective configuration after the change
     * @throws IntegrationException CONFIG_ERROR if the key is unknown or the value invalid (nothing is written),
     *                              STORAGE_ERROR if the file cannot be written (the old file is intact)
     */
    public IntegrationConfig set(String key, String value) {
        Objects.requireNonNull(value, "value");
        return edit(key, value);
    }

    /**
     * Removes one key from the workspace config, so lower layers or defaults apply again.
     *
     * @return the effective configuration after the change
     */
    public IntegrationConfig unset(String key) {
        return edit(key, "");
    }

    private IntegrationConfig edit(String key, String value) {
        List<String> path = parseKey(key);
        synchronized (lock) {
            try {
                Files.createDirectories(workspaceFile.getParent());
                try (FileChannel ch = FileChannel.open(workspaceFile.resolveSibling("config.yaml.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    ObjectNode root = read(workspaceFile);
                    JsonNode existing = root.get(SECTION);
                    ObjectNode section = existing instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
                    // into the layout the file already uses for that provider (integrations.jira or .providers.jira)
                    ConfigTree.set(section, SpecLayout.redirect(path, section), value, key);
                    refusePluginTrust(section);
                    root.set(SECTION, section);
                    ObjectNode merged = section(read(userFile), userFile).deepCopy();
                    ConfigTree.merge(merged, section);
                    EnvOverrides.apply(merged, environment);
                    IntegrationConfig config = new ConfigBinder(workspaceRoot, home).bind(merged);
                    AtomicFiles.write(workspaceFile, YAML.writeValueAsBytes(root), false);
                    LOG.info("Configuration key {} updated in {}", key, workspaceFile);
                    return config;
                }
            } catch (IOException e) {
                throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "could not update " + workspaceFile
                        + ": " + e.getMessage() + "; check that the workspace folder is writable").cause(e).build();
            }
        }
    }

    /**
     * Refuses {@code integrations.plugins} in the workspace config: which plugins may run with the user's
     * credentials (trusted keys, shadowing, pins) is decided by the user or the host, never by the workspace, whose
     * plugin folder is what these settings guard against.
     */
    private void refusePluginTrust(ObjectNode workspaceSection) {
        JsonNode trust = workspaceSection.get("plugins");
        if (trust == null || trust.isNull() || trust.isEmpty() || workspaceFile.equals(userFile)) return;
        throw ConfigErrors.error(SECTION + ".plugins", "is set in the workspace config " + workspaceFile + ", which "
                + "may not decide which plugins are trusted (a workspace's own plugin folder is what these settings "
                + "guard against). Move it to the user config " + userFile + ", set ZEN_INTEGRATIONS_PLUGINS_* "
                + "environment variables, or configure it in code (IntegrationConfig.Builder.plugins)");
    }

    private static List<String> parseKey(String key) {
        Objects.requireNonNull(key, "key");
        List<String> parts = Arrays.asList(key.trim().split("\\.", -1));
        if (parts.size() < 2 || !parts.get(0).equals(SECTION) || parts.stream().anyMatch(String::isBlank)) {
            throw ConfigErrors.invalid("key", key,
                    "a dotted key below integrations, such as integrations.task_system or "
                            + "integrations.providers.jira.server_url");
        }
        return parts.subList(1, parts.size());
    }

    private static ObjectNode read(Path file) {
        try {
            JsonNode node = YAML.readTree(Files.readAllBytes(file));
            if (node == null || node.isMissingNode() || node.isNull()) return JsonNodeFactory.instance.objectNode();
            if (!node.isObject()) {
                throw ConfigErrors.error(file.toString(), "the top level must be a mapping with an integrations: key");
            }
            return (ObjectNode) node;
        } catch (NoSuchFileException e) {
            return JsonNodeFactory.instance.objectNode();
        } catch (JacksonException e) {
            // no parser message and no cause: both quote lines of the file, which may hold values better not logged
            String duplicate = ParseErrors.duplicateKey(e);
            if (duplicate != null) {
                throw ConfigErrors.error(duplicate, "appears more than once in " + file + " ("
                        + ParseErrors.where(e) + "); give each key once, so no later value silently replaces it");
            }
            throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, file + ": not valid YAML ("
                    + ParseErrors.describe(e) + "); fix the file or remove it").build();
        } catch (IOException e) {
            throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, file + ": cannot be read: " + e.getMessage()
                    + "; check its permissions").cause(e).build();
        }
    }

    private static ObjectNode section(ObjectNode root, Path file) {
        JsonNode s = root.get(SECTION);
        if (s == null || s.isNull()) return JsonNodeFactory.instance.objectNode();
        if (!s.isObject()) throw ConfigErrors.error(SECTION, "in " + file + " must be a mapping");
        return (ObjectNode) s;
    }

    /** Builds a {@link ConfigLoader}. Not thread-safe. */
    public static final class Builder {
        private final Path workspaceRoot;
        private Path userFile;
        private Path home = Path.of(System.getProperty("user.home"));
        private Map<String, String> environment = System.getenv();

        private Builder(Path workspaceRoot) {
            this.workspaceRoot = Objects.requireNonNull(workspaceRoot, "workspaceRoot");
        }

        /** The user config file; default {@code <home>/.zen/config.yaml}. */
        public Builder userConfig(Path file) { this.userFile = file; return this; }

        /** The home folder for {@code ~} in plugin_directories and the default user config; default user.home. */
        public Builder home(Path home) { this.home = Objects.requireNonNull(home, "home"); return this; }

        /** The environment to read overrides from; default {@link System#getenv()}. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** Builds the loader; no file is read yet. */
        public ConfigLoader build() {
            return new ConfigLoader(this);
        }
    }
}
