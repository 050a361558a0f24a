package dev.zen.integration.it.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.testkit.plugins.FakePlugin;
import dev.zen.integration.testkit.plugins.FakePlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZenIntegration's default plugin registry keeps the code it compiles at run time in the workspace
 * ({@code .zen/cache/compiled}); the Jira plugin from its jar is pre-compiled and needs none.
 */
class WorkspaceCompiledCacheTest {
    @TempDir Path workspace;

    private ZenIntegration zen() {
        return ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .provider(ProviderConfig.builder("jira").build()).build();
    }

    private List<Path> cached() throws IOException {
        Path dir = workspace.resolve(".zen").resolve("cache").resolve("compiled");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".chicory")).toList();
        }
    }

    @Test
    void givenAWorkspacePluginWhenLoadedThroughTheDefaultsThenItsCompiledCodeIsCachedInTheWorkspace() throws Exception {
        FakePlugins.install(workspace.resolve(".zen").resolve("plugins"), FakePlugin.CANNED);

        try (ZenIntegration zen = zen()) {
            PluginDescriptor d = zen.pluginRegistry().load(FakePlugin.CANNED.pluginName());
            assertThat(d.state()).isEqualTo(PluginDescriptor.State.LOADED);
        }

        assertThat(cached()).hasSize(1);
    }

    @Test
    void givenTheJarsPrecompiledJiraPluginWhenLoadedThroughTheDefaultsThenNothingIsCompiledOrCached() throws Exception {
        try (ZenIntegration zen = zen()) {
            assertThat(zen.pluginRegistry().load("jira").state()).isEqualTo(PluginDescriptor.State.LOADED);
        }

        assertThat(cached()).isEmpty();
    }
}
