package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integrity (checksum, signatures), the import allow-list, ABI checks and configuration validation at load/open. */
class LoadingTest {
    static final KeyPair PUBLISHER = PluginSigner.generateKeyPair();
    static final KeyPair STRANGER = PluginSigner.generateKeyPair();
    static final String PUBLISHER_KEY = PluginSigner.encodePublicKey(PUBLISHER.getPublic());

    @TempDir Path root;
    WasmPluginRegistry registry;

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
    }

    private IntegrationException loadFails(String name, WasmPluginRegistry.Builder b) {
        registry = b.build();
        try {
            registry.load(name);
        } catch (IntegrationException e) {
            assertThat(registry.find(name)).hasValueSatisfying(d -> {
                assertThat(d.state()).isEqualTo(PluginDescriptor.State.FAILED);
                assertThat(d.failureReason()).isEqualTo(e.getMessage());
            });
            return e;
        }
        throw new AssertionError("expected " + name + " to fail loading");
    }

    private static byte[] echo() {
        return Wat.plugin("", Wat.echo("map_to_zen"));
    }

    @Test
    void givenAModuleChangedAfterItsChecksumWasWrittenWhenLoadedThenItIsRefusedAsTampered() throws IOException {
        Path dir = TestPlugins.manifest("tampered").write(root, echo());
        byte[] bytes = Files.readAllBytes(dir.resolve("plugin.wasm"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(dir.resolve("plugin.wasm"), bytes);

        IntegrationException e = loadFails("tampered", TestPlugins.registry(root));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(e.getMessage()).contains("checksum mismatch", "plugin.wasm");
    }

    @Test
    void givenGarbageBytesWithAMatchingChecksumWhenLoadedThenTheyAreRefusedAsNotWebAssembly() {
        TestPlugins.manifest("garbage").write(root, "definitely not wasm".getBytes());

        IntegrationException e = loadFails("garbage", TestPlugins.registry(root));

        assertThat(e.getMessage()).contains("not valid WebAssembly");
    }

    @Test
    void givenAPluginSignedByATrustedKeyWhenSignaturesAreRequiredThenItLoadsAndRuns() {
        TestPlugins.manifest("signed").signWith(PUBLISHER.getPrivate()).write(root, echo());
        registry = TestPlugins.registry(root).trustedKeys(List.of(PUBLISHER_KEY)).requireSignatures(true).build();

        assertThat(registry.load("signed").state()).isEqualTo(PluginDescriptor.State.LOADED);
        assertThat(registry.open(PluginConfig.builder("signed").build()).call(PluginOperation.MAP_TO_ZEN, "1"))
                .isEqualTo("1");
    }

    @Test
    void givenAnUnsignedPluginWhenSignaturesAreRequiredThenItIsRefused() {
        TestPlugins.manifest("unsigned").write(root, echo());

        IntegrationException e = loadFails("unsigned", TestPlugins.registry(root).trustedKeys(List.of(PUBLISHER_KEY))
                .requireSignatures(true));

        assertThat(e.getMessage()).contains("not signed", "requires signatures");
    }

    @Test
    void givenAnUnsignedPluginWhenSignaturesAreOptionalThenItLoads() {
        TestPlugins.manifest("unsigned").write(root, echo());
        registry = TestPlugins.registry(root).trustedKeys(List.of(PUBLISHER_KEY)).build();

        assertThat(registry.load("unsigned").state()).isEqualTo(PluginDescriptor.State.LOADED);
    }

    @Test
    void givenAPluginSignedByAnUntrustedKeyWhenLoadedThenItIsRefusedEvenIfSignaturesAreOptional() {
        TestPlugins.manifest("stranger").signWith(STRANGER.getPrivate()).write(root, echo());

        IntegrationException e = loadFails("stranger", TestPlugins.registry(root).trustedKeys(List.of(PUBLISHER_KEY)));

        assertThat(e.getMessage()).contains("does not verify with any trusted key");
    }

    @Test
    void givenASignedManifestEditedAfterSigningWhenLoadedThenTheSignatureNoLongerVerifies() throws IOException {
        Path dir = TestPlugins.manifest("edited").signWith(PUBLISHER.getPrivate()).write(root, echo());
        Path manifest = dir.resolve("manifest.yaml");
        Files.writeString(manifest, Files.readString(manifest).replace("permissions: []",
                "permissions: [http]"));

        IntegrationException e = loadFails("edited", TestPlugins.registry(root).trustedKeys(List.of(PUBLISHER_KEY))
                .requireSignatures(true));

        assertThat(e.getMessage()).contains("does not verify");
    }

    @Test
    void givenASignedPluginWhoseModuleWasSwappedWithAMatchingChecksumWhenLoadedThenTheSignatureFails()
            throws IOException {
        Path dir = TestPlugins.manifest("swapped").signWith(PUBLISHER.getPrivate()).write(root, echo());
        byte[] other = Wat.plugin("", Wat.echo("map_to_external"));
        Files.write(dir.resolve("plugin.wasm"), other);
        Path manifest = dir.resolve("manifest.yaml");
        Files.writeString(manifest, Files.readString(manifest).replaceAll("checksum: sha256:[0-9a-f]+",
                "checksum: " + PluginSigner.checksum(other)));

        IntegrationException e = loadFails("swapped", TestPlugins.registry(root).trustedKeys(List.of(PUBLISHER_KEY)));

        assertThat(e.getMessage()).contains("does not verify");
    }

    @Test
    void givenASignatureThatIsNotBase64WhenLoadedThenItIsRefused() throws IOException {
        Path dir = TestPlugins.manifest("mangled").signWith(PUBLISHER.getPrivate()).write(root, echo());
        Path manifest = dir.resolve("manifest.yaml");
        Files.writeString(manifest, Files.readString(manifest).replaceAll("signature: \\S+", "signature: \"!!\""));

        IntegrationException e = loadFails("mangled", TestPlugins.registry(root).trustedKeys(List.of(PUBLISHER_KEY)));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
    }

    @Test
    void givenSignaturesRequiredButNoTrustedKeysWhenASignedPluginLoadsThenItIsRefusedSayingWhatToConfigure() {
        TestPlugins.manifest("signed").signWith(PUBLISHER.getPrivate()).write(root, echo());

        IntegrationException e = loadFails("signed", TestPlugins.registry(root).requireSignatures(true));

        // only the built-in Zen key is trusted, which did not sign this plugin
        assertThat(e.getMessage()).contains("does not verify with any trusted key", "trustedKeys(...)");
    }

    @Test
    void givenAnImportFromAnotherModuleWhenLoadedThenItIsRefusedNamingTheImport() {
        TestPlugins.manifest("sneaky").write(root, Wat.plugin(
                "(import \"env\" \"abort\" (func $abort (param i32 i32 i32 i32)))", Wat.echo("map_to_zen")));

        IntegrationException e = loadFails("sneaky", TestPlugins.registry(root));

        assertThat(e.getMessage()).contains("env.abort", "no permission grants");
    }

    @Test
    void givenAForbiddenImportWhenRefusedThenTheModuleWasNeverCompiled() throws IOException {
        Path cache = root.resolve("compiled");
        TestPlugins.manifest("sneaky").write(root.resolve("plugins"), Wat.plugin(
                "(import \"env\" \"abort\" (func $abort (param i32 i32 i32 i32)))", Wat.echo("map_to_zen")));

        loadFails("sneaky", TestPlugins.registry(root.resolve("plugins")).compiledCacheDirectory(cache));

        assertThat(cache).doesNotExist();
    }

    @Test
    void givenAWasiImportWhenLoadedThenItIsRefusedNamingTheImport() {
        TestPlugins.manifest("wasi").permissions("wasi").write(root, Wat.plugin(
                "(import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))",
                Wat.echo("map_to_zen")));

        IntegrationException e = loadFails("wasi", TestPlugins.registry(root));

        assertThat(e.getMessage()).contains("wasi_snapshot_preview1.fd_write", "WASI is not available");
    }

    @Test
    void givenAHostFunctionImportWithoutItsPermissionWhenLoadedThenItIsRefusedNamingImportAndPermission() {
        TestPlugins.manifest("greedy").permissions("log").write(root, Wat.plugin(
                "(import \"zen\" \"http_request_auth\" (func $h (param i32 i32) (result i64)))",
                Wat.echo("map_to_zen")));

        IntegrationException e = loadFails("greedy", TestPlugins.registry(root));

        assertThat(e.getMessage()).contains("zen.http_request_auth", "permission 'http_auth'");
    }

    @Test
    void givenAnUnknownHostFunctionWhenLoadedThenItIsRefused() {
        TestPlugins.manifest("curious").permissions("http").write(root, Wat.plugin(
                "(import \"zen\" \"exec\" (func $x (param i32 i32) (result i64)))", Wat.echo("map_to_zen")));

        IntegrationException e = loadFails("curious", TestPlugins.registry(root));

        assertThat(e.getMessage()).contains("zen.exec", "not a host function");
    }

    @Test
    void givenAHostFunctionWithTheWrongSignatureWhenLoadedThenItIsRefusedShowingTheExpectedOne() {
        TestPlugins.manifest("sloppy").permissions("log").write(root, Wat.plugin(
                "(import \"zen\" \"log\" (func $l (param i32 i32)))", Wat.echo("map_to_zen")));

        IntegrationException e = loadFails("sloppy", TestPlugins.registry(root));

        assertThat(e.getMessage()).contains("zen.log", "signature");
    }

    @Test
    void givenAModuleReportingAnotherAbiVersionWhenLoadedThenItIsRefused() {
        String wat = Wat.source("", Wat.echo("map_to_zen"), "2")
                .replace("(func (export \"zen_abi_version\") (result i32) (i32.const 1))",
                        "(func (export \"zen_abi_version\") (result i32) (i32.const 2))");
        TestPlugins.manifest("future").write(root, Wat2Wasm.parse(wat));

        IntegrationException e = loadFails("future", TestPlugins.registry(root));

        assertThat(e.getMessage()).contains("zen_abi_version() returned 2");
    }

    @Test
    void givenAModuleMissingARequiredExportWhenLoadedThenItIsRefusedNamingIt() {
        String wat = Wat.source("", Wat.echo("map_to_zen"), "2").replace("(export \"zen_free\")", "");
        TestPlugins.manifest("partial").write(root, Wat2Wasm.parse(wat));

        IntegrationException e = loadFails("partial", TestPlugins.registry(root));

        assertThat(e.getMessage()).contains("zen_free");
    }

    @Test
    void givenAnOperationExportWithTheWrongSignatureWhenLoadedThenItIsRefused() {
        TestPlugins.manifest("odd").write(root, Wat.plugin("",
                "(func (export \"get_task_data\") (param i32) (result i32) (local.get 0))"));

        IntegrationException e = loadFails("odd", TestPlugins.registry(root));

        assertThat(e.getMessage()).contains("get_task_data", "signature");
    }

    @Test
    void givenAStartFunctionThatNeverEndsWhenLoadedThenLoadingStopsAtTheTimeout() {
        TestPlugins.manifest("stuck").timeout("300ms").write(root, Wat.plugin("",
                "(func $forever (loop $l (br $l)))\n(start $forever)\n"));

        IntegrationException e = loadFails("stuck", TestPlugins.registry(root));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(e.getMessage()).contains("could not be started");
    }

    static final String SCHEMA = """
              server_url: {type: string, required: true, pattern: "^https?://.+", description: the site}
              project_key: {type: string, required: true, pattern: "^[A-Z][A-Z0-9_]+$"}
              issue_type: {type: string, default: Task}
              page_size: {type: integer, default: 50}
              dry_run: {type: boolean}
              field_mapping: {type: object}
            """;

    private IntegrationException openFails(PluginConfig config) {
        TestPlugins.manifest("cfg").schema(SCHEMA).write(root, Wat.plugin("", Wat.echo("map_to_zen")));
        registry = TestPlugins.registry(root).build();
        try {
            registry.open(config);
        } catch (IntegrationException e) {
            return e;
        }
        throw new AssertionError("expected open to fail");
    }

    @Test
    void givenAMissingRequiredSettingWhenOpenedThenConfigErrorNamesTheKey() {
        IntegrationException e = openFails(PluginConfig.builder("cfg").setting("server_url", "https://a.test").build());

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(e.getMessage()).contains("'project_key'", "required");
        assertThat(e.details()).containsEntry("key", "project_key");
    }

    @Test
    void givenAnInvalidConfigurationOfAPluginThatFailsToLoadWhenOpenedThenTheLoadFailureIsReported()
            throws IOException {
        // the configuration is checked while the plugin loads; which failure the host hears must not change
        Path dir = TestPlugins.manifest("cfg").schema(SCHEMA).write(root, echo());
        byte[] bytes = Files.readAllBytes(dir.resolve("plugin.wasm"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(dir.resolve("plugin.wasm"), bytes);
        registry = TestPlugins.registry(root).build();

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> registry.open(PluginConfig.builder("cfg").build()));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(e.getMessage()).contains("checksum mismatch");
        assertThat(registry.find("cfg").orElseThrow().state()).isEqualTo(PluginDescriptor.State.FAILED);
    }

    @Test
    void givenAnInvalidConfigurationWhenOpenedThenThePluginStillLoadsForTheNextOpen() {
        IntegrationException e = openFails(PluginConfig.builder("cfg").build());

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(registry.find("cfg").orElseThrow().state()).isEqualTo(PluginDescriptor.State.LOADED);
        assertThat(registry.open(PluginConfig.builder("cfg").setting("server_url", "https://a.test")
                .setting("project_key", "SYNC").build()).call(PluginOperation.MAP_TO_ZEN, "1")).isEqualTo("1");
    }

    @Test
    void givenASettingNotMatchingItsPatternWhenOpenedThenConfigErrorNamesKeyAndPattern() {
        IntegrationException e = openFails(PluginConfig.builder("cfg").setting("server_url", "ftp://a.test")
                .setting("project_key", "SYNC").build());

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(e.getMessage()).contains("'server_url'", "^https?://.+");
    }

    @Test
    void givenASettingOfTheWrongTypeWhenOpenedThenConfigErrorNamesKeyAndType() {
        IntegrationException e = openFails(PluginConfig.builder("cfg").setting("server_url", "https://a.test")
                .setting("project_key", "SYNC").setting("page_size", "fifty").build());

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(e.getMessage()).contains("'page_size'", "integer");
    }

    @Test
    void givenValidSettingsWhenOpenedThenDefaultsAndConvertedValuesReachInit() {
        String body = "(func (export \"init\") (param $p i32) (param $l i32) (result i64)"
                + " (global.set $cfg (call $pack (local.get $p) (local.get $l))) (call $pack (i32.const 0) (i32.const 9)))\n"
                + "(global $cfg (mut i64) (i64.const 0))\n"
                + "(func (export \"get_field_mapping\") (param i32 i32) (result i64) (call $ok_packed (global.get $cfg)))";
        TestPlugins.manifest("cfg").schema(SCHEMA).write(root, Wat.plugin("", body));
        registry = TestPlugins.registry(root).build();

        String seen = registry.open(PluginConfig.builder("cfg").setting("server_url", "https://a.test")
                .setting("project_key", "SYNC").setting("page_size", "25").setting("dry_run", "true").build())
                .call(PluginOperation.GET_FIELD_MAPPING, "{}");

        assertThat(seen).contains("\"server_url\":\"https://a.test\"", "\"issue_type\":\"Task\"",
                "\"page_size\":25", "\"dry_run\":true");
    }
}
