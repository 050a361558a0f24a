package dev.zen.examples.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.examples.downstream.BoardSync.ImportSummary;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.testkit.plugins.FakePlugin;
import dev.zen.integration.testkit.junit.ZenIntegrationTest;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host code against a plugin that misbehaves: {@code installPlugins} puts the testkit's fake into the
 * service's workspace plugin folder and {@code plugin} makes the injected service's provider use it.
 */
@ZenIntegrationTest(plugin = "fake-malformed-output", installPlugins = FakePlugin.MALFORMED_OUTPUT)
class MisbehavingPluginTest {
    ZenIntegration zen;

    @Test
    void givenAPluginAnsweringGarbageWhenTheBacklogIsImportedThenEachKeyIsRejectedAndNoTaskIsCreated() {
        BoardSync board = new BoardSync(zen, "jira", Clock.systemUTC());

        ImportSummary summary = board.importBacklog(List.of("SYNC-1", "SYNC-2"));

        assertThat(summary.rejected()).containsOnlyKeys("SYNC-1", "SYNC-2");
        assertThat(summary.rejected().values()).allSatisfy(p -> {
            assertThat(p.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
            assertThat(p.message()).isNotBlank();
        });
        assertThat(zen.taskStore().list()).isEmpty();
    }
}
