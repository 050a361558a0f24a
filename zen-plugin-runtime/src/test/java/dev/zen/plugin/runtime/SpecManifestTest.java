package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.plugin.PluginPermission;
import dev.zen.plugin.runtime.internal.ManifestParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The specification's example manifest (integration-services-layer.md, "Data Models > PluginManifest"), copied
 * verbatim into {@code spec/plugin-manifest.yaml} (the spec is not on CI), read as this host's manifest.
 */
class SpecManifestTest {
    @TempDir Path tmp;
    WasmPluginRegistry registry;

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
    }

    private static String specManifest() throws IOException {
        try (InputStream in = SpecManifestTest.class.getResourceAsStream("/spec/plugin-manifest.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static PluginManifest parse(String yaml) {
        return ManifestParser.parse("test", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static IntegrationException loadFailed(Runnable r) {
        try {
            r.run();
        } catch (IntegrationException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
            return e;
        }
        throw new AssertionError("expected PLUGIN_LOAD_FAILED");
    }

    /** Writes the manifest and a module that implements this host's ABI into {@code <root>/jira-integration}. */
    private Path writePlugin(Path root, String manifest) throws IOException {
        Path dir = root.resolve("jira-integration");
        Files.createDirectories(dir);
        byte[] wasm = Wat.plugin("", Wat.echo("map_to_zen"));
        Files.write(dir.resolve("jira_plugin.wasm"), wasm);
        Files.writeString(dir.resolve("manifest.yaml"), manifest.replace("__CHECKSUM__", PluginSigner.checksum(wasm)));
        return dir;
    }

    @Test
    void givenTheSpecExampleManifestVerbatimWhenParsedThenItIsReadAsThisHostsManifest() throws IOException {
        PluginManifest m = parse(specManifest());

        assertThat(m.schemaVersion()).isEqualTo(1);
        assertThat(m.plugin().name()).isEqualTo("jira-integration");
        assertThat(m.plugin().version()).isEqualTo("1.0.0");
        assertThat(m.plugin().description()).isEqualTo("Jira task synchronization plugin");
        assertThat(m.plugin().author()).isEqualTo("Zen Team");
        assertThat(m.capabilities()).containsExactly("task_sync", "field_mapping", "webhook_support");
        assertThat(m.runtime().wasmFile()).isEqualTo("jira_plugin.wasm");
        assertThat(m.runtime().memoryLimitBytes()).isEqualTo(10L << 20);
        assertThat(m.runtime().executionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(m.apiRequirements().abiVersion()).isEqualTo(1);
        assertThat(m.apiRequirements().hosts()).isEmpty();
        // http_client, credential_access, logging + network.http.outbound, config.read (task.read_write needs none)
        assertThat(m.security().permissions()).containsExactlyInAnyOrder(PluginPermission.HTTP,
                PluginPermission.HTTP_AUTH, PluginPermission.LOG, PluginPermission.CONFIG_READ);
        assertThat(m.security().checksum()).isNull();
        assertThat(m.configurationSchema()).containsOnlyKeys("server_url", "project_key");
        assertThat(m.configurationSchema().get("server_url").required()).isTrue();
        assertThat(m.configurationSchema().get("project_key").description()).isEqualTo("Jira project key");
    }

    @Test
    void givenTheSpecExampleManifestWithoutAChecksumWhenItsPluginIsLoadedThenLoadFailsNamingTheChecksum()
            throws IOException {
        writePlugin(tmp, specManifest());
        registry = TestPlugins.registry(tmp).build();

        IntegrationException e = loadFailed(() -> registry.load("jira-integration"));

        assertThat(e.getMessage()).contains("'security.checksum' is missing", "sha256sum jira_plugin.wasm");
        assertThat(registry.find("jira-integration").orElseThrow().state()).isEqualTo(PluginDescriptor.State.FAILED);
    }

    @Test
    void givenTheSpecExampleManifestWithItsChecksumAddedWhenLoadedThenThePluginOpensAndRuns() throws IOException {
        String withChecksum = specManifest().replace("security:\n", "security:\n  checksum: __CHECKSUM__\n");
        writePlugin(tmp, withChecksum);
        registry = TestPlugins.registry(tmp).build();

        assertThat(registry.load("jira-integration").state()).isEqualTo(PluginDescriptor.State.LOADED);
        PluginConfig config = PluginConfig.builder("jira-integration")
                .setting("server_url", "https://company.atlassian.net").setting("project_key", "PROJ").build();
        assertThat(registry.open(config).call(PluginOperation.MAP_TO_ZEN, "7")).isEqualTo("7");
    }

    @Test
    void givenASpecStyleNameThatCannotBeHonouredWhenParsedThenLoadFailsNamingTheKey() throws IOException {
        String spec = specManifest();

        assertThat(loadFailed(() -> parse(spec.replace("\"network.http.outbound\"", "\"filesystem.write\"")))
                .getMessage()).contains("'security.permissions'", "filesystem.write", "network.http.outbound");
        assertThat(loadFailed(() -> parse(spec.replace("\"credential_access\"", "\"raw_credentials\"")))
                .getMessage()).contains("'api_requirements[1]'", "raw_credentials", "credential_access");
        assertThat(loadFailed(() -> parse(spec.replace("schema_version: \"1.0\"", "schema_version: \"1.1\"")))
                .getMessage()).contains("'schema_version'", "unsupported version 1.1");
        assertThat(loadFailed(() -> parse(spec.replace("schema_version: \"1.0\"", "schema_version: \"one\"")))
                .getMessage()).contains("'schema_version'", "whole number");
    }

    @Test
    void givenValidationTheSpecsNameForPatternWhenParsedThenItIsThePatternAndBothAtOnceAreRefused()
            throws IOException {
        String spec = specManifest().replace("    description: \"Jira project key\"",
                "    description: \"Jira project key\"\n    validation: \"^[A-Z][A-Z0-9_]+$\"");

        assertThat(parse(spec).configurationSchema().get("project_key").pattern()).isEqualTo("^[A-Z][A-Z0-9_]+$");
        String both = spec.replace("    validation:", "    pattern: \"^[A-Z]+$\"\n    validation:");
        assertThat(loadFailed(() -> parse(both)).getMessage())
                .contains("'configuration_schema.project_key.validation'", "keep one");
        assertThat(loadFailed(() -> parse(spec.replace("^[A-Z][A-Z0-9_]+$", "[unclosed"))).getMessage())
                .contains("'configuration_schema.project_key.validation'");
    }

    @Test
    void givenThePluginFolderListedTwiceWhenScannedThenItsUnsignedPluginIsNotTreatedAsShadowingItself()
            throws IOException {
        TestPlugins.manifest("solo").write(tmp, Wat.plugin("", Wat.echo("map_to_zen")));
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of(tmp, tmp.resolve("."), tmp))
                .scanClasspath(false).build();

        PluginDescriptor d = registry.load("solo");

        assertThat(d.shadowed()).isEmpty();
        assertThat(d.state()).isEqualTo(PluginDescriptor.State.LOADED);
    }
}
