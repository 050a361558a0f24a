package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The jar carries the committed wasm, a manifest whose checksum matches it, and the classpath index. */
class PackagingTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PackagingTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("classpath resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void manifestChecksumMatchesThePackagedWasm() throws Exception {
        String manifest = new String(resource("META-INF/zen-plugins/jira/manifest.yaml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^  checksum: sha256:([0-9a-f]{64})$").matcher(manifest);

        assertThat(m.find()).as("manifest has a sha256 checksum line").isTrue();
        assertThat(sha256(resource("META-INF/zen-plugins/jira/jira.wasm"))).isEqualTo(m.group(1));
    }

    @Test
    void packagedWasmIsTheCommittedBuildWithItsShaFile() throws Exception {
        byte[] packaged = resource("META-INF/zen-plugins/jira/jira.wasm");
        String shaFile = Files.readString(Path.of("dist", "jira.wasm.sha256"), StandardCharsets.UTF_8);

        assertThat(packaged).isEqualTo(Files.readAllBytes(Path.of("dist", "jira.wasm")));
        assertThat(shaFile).isEqualTo(sha256(packaged) + "  jira.wasm\n");
    }

    @Test
    void indexListsTheJiraPlugin() throws Exception {
        String index = new String(resource("META-INF/zen-plugins/index"), StandardCharsets.UTF_8);

        assertThat(index.lines().map(String::trim)).contains("jira");
    }

    @Test
    void runtimeDiscoversAndLoadsThePluginFromTheClasspath() {
        try (WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of()).build()) {
            PluginDescriptor d = registry.load("jira");

            assertThat(d.state()).isEqualTo(PluginDescriptor.State.LOADED);
            assertThat(d.manifest().plugin().version()).isEqualTo("1.0.0");
        }
    }

    @Test
    void pluginExportsEveryAbiOperation() {
        try (var jira = dev.zen.integration.testkit.jira.FakeJira.start(); JiraPlugin p = JiraPlugin.open(jira)) {
            for (PluginOperation op : PluginOperation.values()) {
                assertThat(p.plugin().supports(op)).as(op.exportName()).isTrue();
            }
        }
    }
}
