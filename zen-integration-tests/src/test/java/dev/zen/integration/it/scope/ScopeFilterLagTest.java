package dev.zen.integration.it.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ScopeReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scope narrowed by a JQL filter, against FakeJira with search lag: an issue that still matches the filter but
 * was edited moments before the poll that enumerates the scope (for deleted and moved items) is missing from that
 * search only because the index lags; it must stay linked, and the next poll syncs the edit.
 */
class ScopeFilterLagTest {
    private static final Duration LAG = Duration.ofMillis(1500);
    @TempDir Path workspace;
    private final FakeJira jira = FakeJira.builder().realistic().searchLag(LAG).start();
    private final Colleague colleague = new Colleague(jira);
    private ZenIntegration zen;

    @AfterEach
    void stop() {
        if (zen != null) zen.close();
        jira.close();
    }

    @Test
    void givenAFilteredScopeWhenAMatchingIssueIsEditedJustBeforeTheReconcilingPollThenItStaysLinked()
            throws Exception {
        for (int i = 1; i <= 3; i++) {
            jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Issue " + i).labels("zen").build());
        }
        jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Not in the scope").build());
        zen = ScopeFixture.open(workspace, jira.baseUrl().toString(),
                ScopeConfig.builder().filter("labels = zen").build(), null);
        assertThat(ScopeFixture.importAll(zen, 5).imported()).isEqualTo(3);

        colleague.editSummary("SYNC-1", "Edited, still labelled zen");
        ScopeReport reconciling = zen.syncScope(ScopeFixture.PROVIDER); // the first poll enumerates the scope

        assertThat(reconciling.removed()).as("links removed while the index lagged").isZero();
        assertThat(links()).containsKeys("SYNC-1", "SYNC-2", "SYNC-3").doesNotContainKey("SYNC-4");
        Thread.sleep(LAG.toMillis() + 300);
        zen.syncScope(ScopeFixture.PROVIDER);
        assertThat(zen.taskStore().find(links().get("SYNC-1")).orElseThrow().title())
                .isEqualTo("Edited, still labelled zen");
    }

    private Map<String, String> links() {
        return zen.recordStore().list().stream().collect(Collectors.toMap(
                TaskSyncRecord::externalId, TaskSyncRecord::taskId));
    }
}
