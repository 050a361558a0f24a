package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginStats;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one instance of the plugin costs before its first operation: every instance of every handle pays it, and a
 * fresh JVM pays it twice before the first call (the load's ABI probe and the first instance).
 */
class InstanceFootprintTest {
    @Test
    void givenAFreshlyOpenedPluginWhenItsIdleInstanceIsMeasuredThenItsLinearMemoryIsUnderHalfAMebibyte() {
        try (FakeJira jira = FakeJira.start();
             WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of())
                     .credentialProvider(JiraPlugin.CREDENTIALS).build();
             Plugin plugin = registry.open(PluginConfig.builder("jira").setting("server_url", jira.baseUrl().toString())
                     .setting("project_key", FakeJira.DEFAULT_PROJECT).credentialsRef("basic").build())) {
            PluginStats stats = plugin.stats().orElseThrow();

            assertThat(stats.idleInstances()).isEqualTo(1);
            // json-as reserves a 1 MiB serialisation-cache arena at start unless JSON_CACHE_SIZE is set (build.sh)
            assertThat(stats.largestInstanceBytes()).isLessThan(512 * 1024);
        }
    }
}
