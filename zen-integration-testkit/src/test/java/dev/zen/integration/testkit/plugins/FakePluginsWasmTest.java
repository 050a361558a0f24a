package dev.zen.integration.testkit.plugins;

import com.dylibso.chicory.wabt.Wat2Wasm;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed .wasm files are exactly what their .wat sources compile to, and the manifests carry their checksums.
 * Run with {@code -Dzen.testkit.updateWasm=true} after editing a .wat to rewrite the .wasm and the checksum.
 */
class FakePluginsWasmTest {
    private static final Path RESOURCES = Path.of("src/main/resources/dev/zen/integration/testkit/plugins");
    private static final Pattern CHECKSUM = Pattern.compile("checksum: sha256:([0-9a-f]{64})");

    @ParameterizedTest
    @EnumSource(FakePlugin.class)
    void committedWasmIsTheCompiledWatSource(FakePlugin plugin) throws IOException {
        byte[] compiled = Wat2Wasm.parse(FakePlugins.source(plugin));
        if (Boolean.getBoolean("zen.testkit.updateWasm")) update(plugin, compiled);

        assertThat(FakePlugins.wasm(plugin))
                .as("%s.wasm is stale: run the testkit tests with -Dzen.testkit.updateWasm=true", plugin.folder())
                .isEqualTo(compiled);
    }

    @ParameterizedTest
    @EnumSource(FakePlugin.class)
    void manifestChecksumMatchesTheWasm(FakePlugin plugin) {
        Matcher m = CHECKSUM.matcher(FakePlugins.manifest(plugin));

        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo(sha256(FakePlugins.wasm(plugin)));
    }

    @ParameterizedTest
    @EnumSource(FakePlugin.class)
    void installLaysOutAPluginFolderNamedAfterThePlugin(FakePlugin plugin, @TempDir Path dir) throws IOException {
        Path folder = FakePlugins.install(dir, plugin);

        assertThat(folder).isEqualTo(dir.resolve(plugin.pluginName()));
        assertThat(Files.readString(folder.resolve("manifest.yaml"))).contains("name: " + plugin.pluginName());
        assertThat(Files.readAllBytes(folder.resolve(plugin.folder() + ".wasm"))).isEqualTo(FakePlugins.wasm(plugin));
        try (var files = Files.list(folder)) {
            assertThat(files).hasSize(2);
        }
    }

    private static void update(FakePlugin plugin, byte[] compiled) throws IOException {
        Path folder = RESOURCES.resolve(plugin.folder());
        Files.write(folder.resolve(plugin.folder() + ".wasm"), compiled);
        Path manifest = folder.resolve("manifest.yaml");
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        Files.writeString(manifest, text.replaceAll("checksum: sha256:[0-9a-f]{64}",
                "checksum: sha256:" + sha256(compiled)), StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
