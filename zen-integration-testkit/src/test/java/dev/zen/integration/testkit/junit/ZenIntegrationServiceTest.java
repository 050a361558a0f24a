package dev.zen.integration.testkit.junit;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.plugins.FakePlugin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@ZenIntegrationTest(clockStart = "2025-09-20T10:30:00Z", jiraTimeZone = "Europe/Berlin", plugin = "fake-canned",
        installPlugins = FakePlugin.CANNED)
class ZenIntegrationServiceTest {
    FakeJira jira;
    ZenIntegration zen;
    TestClock clock;

    @Test
    void theFakeRunsOnTheInjectedTestClock() {
        IssueSnapshot created = jira.seed(NewIssue.builder("SYNC", "One").build());
        clock.advance(Duration.ofMinutes(5));
        IssueSnapshot edited = jira.simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID,
                Map.of("summary", "Two"));

        assertThat(created.created()).isEqualTo(Instant.parse("2025-09-20T10:30:00Z"));
        assertThat(edited.updated()).isEqualTo(Instant.parse("2025-09-20T10:35:00Z"));
    }

    @Test
    void theServiceParameterIsTheInjectedServiceOverEmptyInMemoryStores(TaskSyncService service) {
        assertThat(service).isSameAs(zen);
        assertThat(zen.taskStore().getClass().getSimpleName()).startsWith("InMemory");
        assertThat(zen.status().providers()).extracting(p -> p.provider()).containsExactly("jira");
    }

    @Test
    void theServiceRunsTheConfiguredPluginFromItsWorkspace() {
        // the canned fake answers CONFIG_ERROR for an unconfigured get_task_data: proof the WASM plugin ran
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> zen.importItem("jira", "SYNC-1"));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(e.getMessage()).contains("named after the operation");
    }
}
