package dev.zen.plugin.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.plugin.runtime.WasmPluginRegistry;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The real github.wasm from this module's classpath, loaded by the real runtime (signatures required) and pointed
 * at a FakeGitHub. Credential references: {@code pat} (the fake's default token), {@code wrong} (an unknown token).
 */
final class GitHubPlugin implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    static final CredentialProvider CREDENTIALS = reference -> switch (reference) {
        case "pat" -> Optional.of(Credential.bearer(FakeGitHub.DEFAULT_TOKEN));
        case "wrong" -> Optional.of(Credential.bearer("ghp_not_a_token"));
        default -> Optional.empty();
    };

    private final WasmPluginRegistry registry;
    private final Plugin plugin;

    private GitHubPlugin(WasmPluginRegistry registry, Plugin plugin) {
        this.registry = registry;
        this.plugin = plugin;
    }

    static GitHubPlugin open(FakeGitHub github, Consumer<PluginConfig.Builder> customize) {
        WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of())
                .requireSignatures(true).credentialProvider(CREDENTIALS).build();
        PluginConfig.Builder config = PluginConfig.builder("github")
                .setting("server_url", github.baseUrl().toString())
                .setting("repository", FakeGitHub.DEFAULT_REPOSITORY)
                .credentialsRef("pat");
        customize.accept(config);
        try {
            return new GitHubPlugin(registry, registry.open(config.build()));
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    static GitHubPlugin open(FakeGitHub github) {
        return open(github, c -> { });
    }

    JsonNode call(PluginOperation op, Object input) {
        try {
            String text = input instanceof String s ? s : JSON.writeValueAsString(input);
            return JSON.readTree(plugin.call(op, text));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

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

    @Override
    public void close() {
        plugin.close();
        registry.close();
    }
}
