package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding plugins in folders and jars, precedence, broken plugins, load/unload/reload, the compiled-code cache. */
class DiscoveryTest {
    @TempDir Path tmp;
    WasmPluginRegistry registry;
    WasmPluginRegistry second;
    URLClassLoader jarLoader;

    @AfterEach
    void tearDown() throws IOException {
        if (registry != null) registry.close();
        if (second != null) second.close();
        if (jarLoader != null) jarLoader.close();
    }

    private static byte[] echo(String export) {
        return Wat.plugin("", Wat.echo(export));
    }

    /** Writes a jar shaped like the Jira plugin's: an index plus manifest and module per plugin. */
    private URLClassLoader jar(String index, TestPlugins.Manifest... plugins) throws IOException {
        Map<String, TestPlugins.Manifest> byDir = new LinkedHashMap<>();
        for (TestPlugins.Manifest m : plugins) byDir.put(m.name, m);
        return jar(index, byDir);
    }

    private URLClassLoader jar(String index, Map<String, TestPlugins.Manifest> byDir) throws IOException {
        Path jar = tmp.resolve("plugins-" + System.nanoTime() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("META-INF/zen-plugins/index"));
            j.write(index.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, TestPlugins.Manifest> e : byDir.entrySet()) {
                byte[] wasm = echo("map_to_zen");
                j.putNextEntry(new JarEntry("META-INF/zen-plugins/" + e.getKey() + "/manifest.yaml"));
                j.write(e.getValue().yaml(wasm).getBytes(StandardCharsets.UTF_8));
                j.putNextEntry(new JarEntry("META-INF/zen-plugins/" + e.getKey() + "/plugin.wasm"));
                j.write(wasm);
            }
        }
        jarLoader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        return jarLoader;
    }

    @Test
    void givenAJarWithAPluginIndexWhenScannedThenItsPluginsLoadFromTheClasspathAndRun() throws IOException {
        ClassLoader cl = jar("# shipped plugins\ncpjira\n\n", TestPlugins.manifest("cpjira"));
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of()).classLoader(cl).build();

        PluginDescriptor d = registry.find("cpjira").orElseThrow();
        Plugin p = registry.open(PluginConfig.builder("cpjira").build());

        assertThat(d.state()).isEqualTo(PluginDescriptor.State.DISCOVERED);
        assertThat(d.source()).startsWith("jar:").endsWith("META-INF/zen-plugins/cpjira/manifest.yaml");
        assertThat(p.call(PluginOperation.MAP_TO_ZEN, "{\"k\":1}")).isEqualTo("{\"k\":1}");
        assertThat(registry.find("cpjira").orElseThrow().state()).isEqualTo(PluginDescriptor.State.LOADED);
    }

    @Test
    void givenClasspathScanningIsOffWhenScannedThenJarPluginsAreIgnored() throws IOException {
        ClassLoader cl = jar("cpjira\n", TestPlugins.manifest("cpjira"));
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of()).classLoader(cl).scanClasspath(false)
                .build();

        assertThat(registry.list()).isEmpty();
    }

    @Test
    void givenAnIndexNamingPluginsThatAreMissingOrMisnamedWhenScannedThenThoseAreFailedAndTheRestWork()
            throws IOException {
        ClassLoader cl = jar("alpha\nbeta\nmissing\nNot A Name\n", Map.of(
                "alpha", TestPlugins.manifest("alpha"), "beta", TestPlugins.manifest("gamma")));
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of()).classLoader(cl).build();

        assertThat(registry.find("alpha").orElseThrow().state()).isEqualTo(PluginDescriptor.State.DISCOVERED);
        assertThat(registry.find("beta").orElseThrow().failureReason()).contains("plugin.name 'gamma'");
        assertThat(registry.find("missing").orElseThrow().failureReason()).contains("could not be read");
        assertThat(registry.find("Not A Name").orElseThrow().failureReason()).contains("not a valid plugin name");
        assertThat(registry.list()).filteredOn(d -> d.state() == PluginDescriptor.State.FAILED).hasSize(3);
        assertThat(registry.open(PluginConfig.builder("alpha").build()).call(PluginOperation.MAP_TO_ZEN, "8"))
                .isEqualTo("8");
    }

    @Test
    void givenTheSameNameInWorkspaceUserFolderAndClasspathWhenScannedThenWorkspaceWinsThenUserThenClasspath()
            throws IOException {
        Path workspace = tmp.resolve("workspace");
        Path user = tmp.resolve("user");
        TestPlugins.manifest("dup").version("3.0.0").write(workspace, echo("map_to_zen"));
        TestPlugins.manifest("dup").version("2.0.0").write(user, echo("map_to_zen"));
        ClassLoader cl = jar("dup\n", TestPlugins.manifest("dup").version("1.0.0"));
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of(workspace, user)).classLoader(cl).build();

        assertThat(registry.find("dup").orElseThrow().manifest().plugin().version()).isEqualTo("3.0.0");
        assertThat(registry.find("dup").orElseThrow().source()).isEqualTo(workspace.resolve("dup").toString());
        assertThat(registry.find("dup").orElseThrow().shadowed()).hasSize(2).first()
                .isEqualTo(user.resolve("dup").toString());

        deleteTree(workspace.resolve("dup"));
        registry.discover();
        assertThat(registry.find("dup").orElseThrow().manifest().plugin().version()).isEqualTo("2.0.0");
        assertThat(registry.find("dup").orElseThrow().shadowed()).singleElement()
                .satisfies(s -> assertThat(s).startsWith("jar:"));

        deleteTree(user.resolve("dup"));
        registry.discover();
        assertThat(registry.find("dup").orElseThrow().manifest().plugin().version()).isEqualTo("1.0.0");
        assertThat(registry.find("dup").orElseThrow().shadowed()).isEmpty();
        assertThat(registry.list()).hasSize(1);
    }

    @Test
    void givenABrokenPluginBesideAGoodOneWhenScannedThenTheBrokenOneIsListedFailedAndTheGoodOneStillWorks()
            throws IOException {
        TestPlugins.manifest("good").write(tmp, echo("map_to_zen"));
        Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(tmp.resolve("broken/manifest.yaml"), "schema_version: 9\n");
        TestPlugins.manifest("missing-module").wasmFile("nowhere.wasm").writeAs(tmp.resolve("missing-module"),
                new byte[0]);
        Files.delete(tmp.resolve("missing-module/nowhere.wasm"));
        registry = TestPlugins.registry(tmp).build();

        assertThat(registry.list()).extracting(PluginDescriptor::name)
                .containsExactly("broken", "good", "missing-module");
        PluginDescriptor broken = registry.find("broken").orElseThrow();
        assertThat(broken.state()).isEqualTo(PluginDescriptor.State.FAILED);
        assertThat(broken.failureReason()).contains("schema_version");
        assertThatThrownBy(() -> registry.load("broken")).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
            assertThat(e.getMessage()).startsWith("plugin broken: manifest key 'schema_version'");
        });
        assertThatThrownBy(() -> registry.load("missing-module")).isInstanceOfSatisfying(IntegrationException.class,
                e -> assertThat(e.getMessage()).contains("nowhere.wasm", "does not exist"));
        assertThat(registry.find("missing-module").orElseThrow().state()).isEqualTo(PluginDescriptor.State.FAILED);
        assertThat(registry.open(PluginConfig.builder("good").build()).call(PluginOperation.MAP_TO_ZEN, "2"))
                .isEqualTo("2");
    }

    @Test
    void givenAnUnknownNameWhenOpenedThenPluginNotFoundListsWhatIsKnown() {
        TestPlugins.manifest("good").write(tmp, echo("map_to_zen"));
        registry = TestPlugins.registry(tmp).build();

        assertThatThrownBy(() -> registry.open(PluginConfig.builder("jira").build()))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_NOT_FOUND);
                    assertThat(e.getMessage()).contains("jira", "good");
                });
    }

    @Test
    void givenAPluginUpdatedOnDiskWhenReloadedThenNewHandlesRunTheNewCodeAndOldHandlesKeepWorking() {
        TestPlugins.manifest("live").version("1.0.0").write(tmp, echo("map_to_zen"));
        registry = TestPlugins.registry(tmp).build();
        Plugin before = registry.open(PluginConfig.builder("live").build());
        TestPlugins.manifest("live").version("1.1.0").write(tmp, echo("map_to_external"));

        PluginDescriptor reloaded = registry.reload("live");
        Plugin after = registry.open(PluginConfig.builder("live").build());

        assertThat(reloaded.state()).isEqualTo(PluginDescriptor.State.LOADED);
        assertThat(reloaded.manifest().plugin().version()).isEqualTo("1.1.0");
        assertThat(after.supports(PluginOperation.MAP_TO_EXTERNAL)).isTrue();
        assertThat(after.supports(PluginOperation.MAP_TO_ZEN)).isFalse();
        assertThat(before.call(PluginOperation.MAP_TO_ZEN, "3")).isEqualTo("3");
    }

    @Test
    void givenAManifestBrokenAfterADiscoveryWhenDiscoveredAgainThenTheNewBytesAreParsedAndItFails() throws IOException {
        Path dir = TestPlugins.manifest("live").write(tmp, echo("map_to_zen"));
        registry = TestPlugins.registry(tmp).build();
        assertThat(registry.find("live").orElseThrow().state()).isEqualTo(PluginDescriptor.State.DISCOVERED);
        Path manifest = dir.resolve("manifest.yaml");
        Files.writeString(manifest, Files.readString(manifest).replace("schema_version", "schema_versoin"));

        registry.discover();

        assertThat(registry.find("live").orElseThrow().state()).isEqualTo(PluginDescriptor.State.FAILED);
    }

    @Test
    void givenALoadedPluginWhenUnloadedThenItIsBackToDiscoveredAndOpenHandlesKeepWorking() {
        TestPlugins.manifest("live").write(tmp, echo("map_to_zen"));
        registry = TestPlugins.registry(tmp).build();
        Plugin handle = registry.open(PluginConfig.builder("live").build());

        registry.unload("live");

        assertThat(registry.find("live").orElseThrow().state()).isEqualTo(PluginDescriptor.State.DISCOVERED);
        assertThat(handle.call(PluginOperation.MAP_TO_ZEN, "4")).isEqualTo("4");
        assertThat(registry.open(PluginConfig.builder("live").build()).call(PluginOperation.MAP_TO_ZEN, "5"))
                .isEqualTo("5");
    }

    @Test
    void givenACompiledCacheDirectoryWhenANewRegistryLoadsTheSamePluginThenItReusesTheStoredCompiledCode()
            throws IOException {
        Path plugins = tmp.resolve("plugins");
        Path cache = tmp.resolve("cache");
        TestPlugins.manifest("cached").write(plugins, echo("map_to_zen"));
        registry = TestPlugins.registry(plugins).compiledCacheDirectory(cache).build();
        registry.open(PluginConfig.builder("cached").build()).call(PluginOperation.MAP_TO_ZEN, "1");
        registry.close();
        List<Path> stored;
        try (Stream<Path> s = Files.list(cache)) {
            stored = s.toList();
        }
        LogCapture.clear();

        second = TestPlugins.registry(plugins).compiledCacheDirectory(cache).build();
        String out = second.open(PluginConfig.builder("cached").build()).call(PluginOperation.MAP_TO_ZEN, "6");

        assertThat(stored).singleElement().satisfies(f -> assertThat(f.toString()).endsWith(".chicory"));
        assertThat(out).isEqualTo("6");
        assertThat(LogCapture.events()).anySatisfy(e -> assertThat(e.message()).contains("reusing compiled code"));
        assertThat(LogCapture.events()).noneSatisfy(e -> assertThat(e.message()).contains("stored compiled code"));
    }

    @Test
    void givenACorruptCompiledCacheFileWhenLoadedThenThePluginIsCompiledAgainAndWorks() throws IOException {
        Path plugins = tmp.resolve("plugins");
        Path cache = tmp.resolve("cache");
        TestPlugins.manifest("cached").write(plugins, echo("map_to_zen"));
        registry = TestPlugins.registry(plugins).compiledCacheDirectory(cache).build();
        registry.load("cached");
        registry.close();
        try (Stream<Path> s = Files.list(cache)) {
            for (Path f : s.toList()) Files.write(f, "junk".getBytes(StandardCharsets.UTF_8));
        }

        second = TestPlugins.registry(plugins).compiledCacheDirectory(cache).build();

        assertThat(second.open(PluginConfig.builder("cached").build()).call(PluginOperation.MAP_TO_ZEN, "7"))
                .isEqualTo("7");
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
