package dev.zen.plugin.jira;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The real jira.wasm from this module's classpath, loaded by the real runtime and pointed at a FakeJira.
 * Credential references: {@code basic} (the fake's default user), {@code bearer}, {@code wrong} (bad token),
 * {@code readonly} (ro@example.com / ro-token, which a test must add).
 */
final class JiraPlugin implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    static final CredentialProvider CREDENTIALS = reference -> switch (reference) {
        case "basic" -> Optional.of(Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN));
        case "bearer" -> Optional.of(Credential.bearer(FakeJira.DEFAULT_BEARER_TOKEN));
        case "wrong" -> Optional.of(Credential.basic(FakeJira.DEFAULT_EMAIL, "not-the-token"));
        case "readonly" -> Optional.of(Credential.basic("ro@example.com", "ro-token"));
        default -> Optional.empty();
    };

    private final WasmPluginRegistry registry;
    private final Plugin plugin;

    private JiraPlugin(WasmPluginRegistry registry, Plugin plugin) {
        this.registry = registry;
        this.plugin = plugin;
    }

    /** Opens the plugin against {@code jira} with basic auth, project SYNC, and any extra settings. */
    static JiraPlugin open(FakeJira jira, Consumer<PluginConfig.Builder> customize) {
        WasmPluginRegistry registry = WasmPluginRegistry.builder()
                .pluginDirectories(List.of())
                .credentialProvider(CREDENTIALS)
                .build();
        PluginConfig.Builder config = PluginConfig.builder("jira")
                .setting("server_url", jira.baseUrl().toString())
                .setting("project_key", FakeJira.DEFAULT_PROJECT)
                .credentialsRef("basic");
        customize.accept(config);
        try {
            return new JiraPlugin(registry, registry.open(config.build()));
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    static JiraPlugin open(FakeJira jira) {
        return open(jira, c -> { });
    }

    /** Calls an operation with a JSON input given as a map (or JSON text) and returns its ok value. */
    JsonNode call(PluginOperation op, Object input) {
        try {
            String text = input instanceof String s ? s : JSON.writeValueAsString(input);
            return JSON.readTree(plugin.call(op, text));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls an operation expected to fail and returns the error. */
    IntegrationException fail(PluginOperation op, Object input) {
        try {
            JsonNode ok = call(op, input);
            throw new AssertionError(op.exportName() + " succeeded unexpectedly: " + ok);
        } catch (IntegrationException e) {
            return e;
        }
    }

    JsonNode get(String id) {
        return call(PluginOperation.GET_TASK_DATA, Map.of("id", id));
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    Plugin plugin() {
        return plugin;
    }

    @Override
    public void close() {
        plugin.close();
        registry.close();
    }
}
