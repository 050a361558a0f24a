package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir Path root;

    @Test
    void echoes() {
        TestPlugins.manifest("echo").write(root, Wat.plugin("", Wat.echo("map_to_zen")));
        try (WasmPluginRegistry r = TestPlugins.registry(root).build()) {
            Plugin p = r.open(PluginConfig.builder("echo").build());
            assertThat(p.call(PluginOperation.MAP_TO_ZEN, "{\"a\":1}")).isEqualTo("{\"a\":1}");
        }
    }
}
