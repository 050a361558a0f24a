package dev.zen.examples.downstream;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.plugins.FakePlugin;
import dev.zen.integration.testkit.plugins.FakePlugins;
import dev.zen.plugin.runtime.PluginSigner;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin in a folder (as a plugin author has it while developing, before packaging): the PDK's example plugin
 * {@code plugins/examples/hello}, copied into a temporary plugin folder, then signed, tampered with, and set beside
 * the testkit's hostile fakes. The signing code is the guide's, compiled.
 */
class PluginFolderTest {
    /** The example plugin's folder in this repository (the tests run in examples/downstream-test). */
    static final Path HELLO = Path.of("..", "..", "plugins", "examples", "hello");

    @TempDir Path plugins;
    Path hello;

    @BeforeEach
    void copyTheExamplePluginIntoAPluginFolder() throws IOException {
        hello = plugins.resolve("hello");
        Files.createDirectories(hello.resolve("dist"));
        Files.copy(HELLO.resolve("manifest.yaml"), hello.resolve("manifest.yaml"));
        Files.copy(HELLO.resolve("dist/hello.wasm"), hello.resolve("dist/hello.wasm"));
    }

    WasmPluginRegistry.Builder registry() {
        return WasmPluginRegistry.builder().pluginDirectories(List.of(plugins)).scanClasspath(false);
    }

    /** Signs the folder's plugin as a publisher would; returns the public key to trust. */
    String sign(Path pluginFolder) throws IOException {
        KeyPair keys = PluginSigner.generateKeyPair();
        String manifest = Files.readString(pluginFolder.resolve("manifest.yaml"));
        byte[] wasm = Files.readAllBytes(pluginFolder.resolve("dist/hello.wasm"));
        Files.writeString(pluginFolder.resolve("manifest.yaml"),
                PluginSigner.signManifest(manifest, wasm, keys.getPrivate()));
        return PluginSigner.encodePublicKey(keys.getPublic());
    }

    @Test
    void givenAPluginFolderWhenOpenedAndCalledThenItAnswersWithItsConfiguration() throws Exception {
        try (WasmPluginRegistry registry = registry().build();
             Plugin plugin = registry.open(PluginConfig.builder("hello").setting("greeting", "Hi").build())) {

            String item = plugin.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"SYNC-1\"}");

            assertThat(new ObjectMapper().readTree(item).path("fields").path("title").asText()).isEqualTo("Hi, SYNC-1");
        }
    }

    @Test
    void givenANewPluginInAFolderWhenTheEngineImportsAnItemThroughItThenATaskIsCreatedFromTheItemsFields() {
        TestClock clock = TestClock.at("2025-09-22T09:00:00Z");
        try (WasmPluginRegistry registry = registry().build();
             ZenIntegration zen = ZenIntegration.builder()
                     .pluginRegistry(registry)                         // the registry that sees the folder
                     .taskStore(InMemory.taskStore(clock)).recordStore(InMemory.recordStore())
                     .lockProvider(InMemory.lockProvider()).clock(clock).discoverServices(false)
                     .provider(ProviderConfig.builder("hello").setting("greeting", "Hi").build())
                     .build()) {

            ZenTask task = zen.importItem("hello", "X-1");

            assertThat(task).hasTitle("Hi, X-1").hasExactlyLabels("hello");
            assertThat(zen.status().recordCount()).isEqualTo(1);
        }
    }

    @Test
    void givenAConfigurationMissingARequiredKeyWhenOpenedThenItIsAConfigErrorNamingTheKey() {
        try (WasmPluginRegistry registry = registry().build()) {

            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> registry.open(PluginConfig.builder("hello").build()));

            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(e.getMessage()).contains("greeting");
        }
    }

    @Test
    void givenASignedPluginWhenTheHostTrustsTheKeyAndRequiresSignaturesThenItLoads() throws IOException {
        String publicKey = sign(hello);

        try (WasmPluginRegistry registry = registry().trustedKeys(List.of(publicKey)).requireSignatures(true).build()) {

            assertThat(registry.load("hello").state()).isEqualTo(PluginDescriptor.State.LOADED);
        }
    }

    @Test
    void givenAnUnsignedPluginWhenTheHostRequiresSignaturesThenLoadingIsRefused() {
        String someTrustedKey = PluginSigner.encodePublicKey(PluginSigner.generateKeyPair().getPublic());

        try (WasmPluginRegistry registry = registry().trustedKeys(List.of(someTrustedKey)).requireSignatures(true)
                .build()) {

            IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> registry.load("hello"));

            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
            assertThat(e.getMessage()).contains("not signed");
        }
    }

    @Test
    void givenASignedPluginWhenAPermissionIsAddedToItsManifestAfterSigningThenLoadingIsRefused() throws IOException {
        String publicKey = sign(hello);
        Path manifest = hello.resolve("manifest.yaml");
        Files.writeString(manifest, Files.readString(manifest)
                .replace("permissions: [config_read, log]", "permissions: [config_read, log, http]"));

        try (WasmPluginRegistry registry = registry().trustedKeys(List.of(publicKey)).build()) {

            IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> registry.load("hello"));

            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
            assertThat(e.getMessage()).contains("does not verify");
        }
    }

    @Test
    void givenAPluginImportingAHostFunctionItHasNoPermissionForWhenLoadedThenItIsRefusedNamingTheImport() {
        FakePlugins.install(plugins, FakePlugin.FORBIDDEN_IMPORT);

        try (WasmPluginRegistry registry = registry().build()) {

            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> registry.load(FakePlugin.FORBIDDEN_IMPORT.pluginName()));

            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
            assertThat(e.getMessage()).contains("zen.http_request", "'http'");
            assertThat(registry.find("hello").orElseThrow().state()).isNotEqualTo(PluginDescriptor.State.FAILED);
        }
    }

    @Test
    void givenAPluginCallingAHostItNeverDeclaredWhenCalledThenTheHostRefusesWithPermissionDenied() {
        FakePlugins.install(plugins, FakePlugin.FORBIDDEN_HOST);

        try (WasmPluginRegistry registry = registry().build();
             Plugin plugin = registry.open(PluginConfig.builder(FakePlugin.FORBIDDEN_HOST.pluginName()).build())) {

            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> plugin.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"SYNC-1\"}"));

            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.getMessage()).contains("127.0.0.2");
        }
    }
}
