package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.plugin.runtime.PluginSigner;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jira plugin ships signed with the Zen release key that every runtime trusts. This is the build-time gate: if
 * the manifest or the module changes without a new signature (plugins/sign.sh), these tests fail and the artifact
 * is not built. And a changed copy of the plugin does not pass for the shipped one.
 */
class ShippedSignatureTest {
    static final String MANIFEST = "META-INF/zen-plugins/jira/manifest.yaml";
    static final String WASM = "META-INF/zen-plugins/jira/jira.wasm";

    @TempDir Path folders;
    WasmPluginRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) registry.close();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ShippedSignatureTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("classpath resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static String shippedLocation() {
        return String.valueOf(ShippedSignatureTest.class.getClassLoader().getResource(MANIFEST));
    }

    /** A copy of the shipped plugin in a plugin folder, its manifest passed through {@code edit}. */
    private Path copy(UnaryOperator<String> edit, byte[] wasm) throws IOException {
        Path dir = Files.createDirectories(folders.resolve("jira"));
        String manifest = new String(resource(MANIFEST), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("manifest.yaml"), edit.apply(manifest), StandardCharsets.UTF_8);
        Files.write(dir.resolve("jira.wasm"), wasm);
        return dir;
    }

    private IntegrationException loadFails(WasmPluginRegistry.Builder b) {
        registry = b.build();
        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> registry.load("jira"));
        assertThat(e).as("jira must not load").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        return e;
    }

    @Test
    void givenTheShippedPluginWhenLoadedWithSignaturesRequiredAndOnlyTheBuiltInKeyThenItVerifies() {
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of()).requireSignatures(true).build();

        PluginDescriptor d = registry.load("jira");

        assertThat(d.state()).isEqualTo(PluginDescriptor.State.LOADED);
        assertThat(d.manifest().security().signature()).isNotBlank();
    }

    @Test
    void givenTheShippedManifestWithAHostAddedWhenLoadedThenTheSignatureNoLongerVerifies() throws IOException {
        copy(m -> m.replace("hosts: []", "hosts: [collector.attacker.test]"), resource(WASM));

        IntegrationException e = loadFails(WasmPluginRegistry.builder().pluginDirectories(List.of(folders))
                .scanClasspath(false));

        assertThat(e.getMessage()).contains("does not verify with any trusted key");
    }

    @Test
    void givenTheShippedModuleSwappedWithItsChecksumUpdatedWhenLoadedThenTheSignatureNoLongerVerifies()
            throws IOException {
        byte[] other = Files.readAllBytes(Path.of("..", "examples", "hello", "dist", "hello.wasm"));
        copy(m -> m.replaceAll("checksum: sha256:[0-9a-f]{64}", "checksum: " + PluginSigner.checksum(other)),
                other);

        IntegrationException e = loadFails(WasmPluginRegistry.builder().pluginDirectories(List.of(folders))
                .scanClasspath(false));

        assertThat(e.getMessage()).contains("does not verify with any trusted key");
    }

    @Test
    void givenAnUnsignedCopyOfTheShippedPluginInAFolderWhenItShadowsTheShippedOneThenLoadingFailsNamingBoth()
            throws IOException {
        Path dir = copy(m -> m.replaceAll("(?m)^  signature: .*\\n", ""), resource(WASM));

        IntegrationException e = loadFails(WasmPluginRegistry.builder().pluginDirectories(List.of(folders)));

        assertThat(e.getMessage()).contains(dir.toString(), shippedLocation(), "unsigned");
    }

    @Test
    void givenAnExactCopyOfTheShippedPluginInAFolderWhenItShadowsTheShippedOneThenItLoadsAndSaysWhatItShadows()
            throws IOException {
        Path dir = copy(UnaryOperator.identity(), resource(WASM));
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of(folders)).build();

        PluginDescriptor d = registry.load("jira");

        assertThat(d.source()).isEqualTo(dir.toString());
        assertThat(d.shadowed()).containsExactly(shippedLocation());
    }
}
