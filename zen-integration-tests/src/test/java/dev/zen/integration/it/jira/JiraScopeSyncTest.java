package dev.zen.integration.it.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ScopeReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-project sync through the real Jira plugin against FakeJira: the bulk import pages through {@code /search/jql}
 * without reading issues one by one, the watermark is Jira's own clock ({@code /serverInfo}), and polls find created,
 * edited, deleted and moved issues, also when the search index lags.
 */
class JiraScopeSyncTest {
    @TempDir Path workspace;
    final TestClock clock = TestClock.at("2026-12-03T10:00:00Z");
    FakeJira jira;
    ZenIntegration zen;

    ZenIntegration start(ScopeConfig scope) {
        jira = FakeJira.builder().clock(clock).start();
        zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                .provider(ProviderConfig.builder("jira")
                        .serverUrl(jira.baseUrl().toString())
                        .projectKey(FakeJira.DEFAULT_PROJECT)
                        .credentialsRef("jira-bot")
                        .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).maxAttempts(2)
                                .backoff(Duration.ofMillis(5), Duration.ofMillis(10)).build())
                        .scope(scope)
                        .build())
                .build();
        return zen;
    }

    @AfterEach
    void stop() {
        if (zen != null) zen.close();
        if (jira != null) jira.close();
    }

    private void seed(int n) {
        for (int i = 1; i <= n; i++) {
            jira.seed(NewIssue.builder("SYNC", "Issue " + i).build());
            clock.advance(Duration.ofSeconds(1));
        }
    }

    private long searches() {
        return jira.requests("POST", "/rest/api/3/search/jql").size();
    }

    private long issueReads() {
        return jira.requests().stream().filter(r -> r.method().equals("GET") && r.path().startsWith("/rest/api/3/issue/"))
                .count();
    }

    @Test
    void givenTwoHundredFiftyIssuesWhenTheBulkImportRunsThenThreeSearchPagesImportThemAllWithoutIssueReads() {
        start(ScopeConfig.builder().pageSize(100).build());
        seed(250);
        clock.advance(Duration.ofMinutes(3));
        jira.clearRequests();

        ScopeReport report = zen.syncScope("jira");

        assertThat(report.failures()).isEmpty();
        assertThat(report.bulkDone()).isTrue();
        assertThat(report.imported()).isEqualTo(250);
        assertThat(zen.taskStore().list()).hasSize(250);
        assertThat(zen.recordStore().list()).extracting(TaskSyncRecord::externalId).doesNotHaveDuplicates()
                .hasSize(250);
        assertThat(searches()).isEqualTo(3);
        assertThat(issueReads()).isZero();
        assertThat(jira.requests("GET", "/rest/api/3/serverInfo")).hasSize(1);
        assertThat(report.watermark()).isEqualTo(clock.instant()); // Jira's clock when the bulk import started
        assertThat(zen.taskStore().find("jira-SYNC-42").orElseThrow().title()).isEqualTo("Issue 42");
    }

    @Test
    void givenABulkImportWhenIssuesAreCreatedEditedDeletedAndMovedThenAPollHandlesEach() {
        start(ScopeConfig.defaults());
        seed(5);
        zen.syncScope("jira");
        clock.advance(Duration.ofMinutes(10));
        jira.seed(NewIssue.builder("SYNC", "Created later").build());
        jira.simulateEdit("SYNC-2", FakeJira.DEFAULT_ACCOUNT_ID, Map.of("summary", "Edited in Jira"));
        jira.simulateDelete("SYNC-3");
        jira.simulateMove("SYNC-4", FakeJira.DEFAULT_ACCOUNT_ID, "OTHER");
        clock.advance(Duration.ofMinutes(1));

        ScopeReport poll = zen.syncScope("jira");

        assertThat(poll.failures()).isEmpty();
        assertThat(poll.imported()).isEqualTo(1);
        assertThat(zen.taskStore().find("jira-SYNC-6").orElseThrow().title()).isEqualTo("Created later");
        assertThat(poll.updated()).isEqualTo(1);
        assertThat(zen.taskStore().find("jira-SYNC-2").orElseThrow().title()).isEqualTo("Edited in Jira");
        assertThat(poll.removed()).isEqualTo(2);
        assertThat(zen.recordStore().find("jira-SYNC-3")).isEmpty();
        assertThat(zen.recordStore().find("jira-SYNC-4")).isEmpty();
        assertThat(zen.taskStore().find("jira-SYNC-4")).isPresent(); // Zen data stays
    }

    @Test
    void givenSearchLagsThirtySecondsWhenAnIssueChangesJustBeforeAPollThenALaterPollPicksItUp() {
        start(ScopeConfig.builder().overlap(Duration.ofMinutes(2)).build());
        seed(3);
        jira.searchLag(Duration.ofSeconds(30));
        clock.advance(Duration.ofMinutes(1));
        zen.syncScope("jira");
        jira.simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, Map.of("summary", "Changed at the boundary"));
        clock.advance(Duration.ofSeconds(10));
        ScopeReport blind = zen.syncScope("jira"); // the index does not list the change yet
        assertThat(blind.updated()).isZero();
        clock.advance(Duration.ofMinutes(1));

        ScopeReport next = zen.syncScope("jira");

        assertThat(next.updated()).isEqualTo(1);
        assertThat(zen.taskStore().find("jira-SYNC-1").orElseThrow().title()).isEqualTo("Changed at the boundary");
    }

    @Test
    void givenAJqlFilterWhenTheBulkRunsThenOnlyMatchingIssuesAreImported() {
        start(ScopeConfig.builder().filter("labels = zen").build());
        jira.seed(NewIssue.builder("SYNC", "Tagged").labels("zen").build());
        jira.seed(NewIssue.builder("SYNC", "Untagged").build());

        ScopeReport report = zen.syncScope("jira");

        assertThat(report.imported()).isEqualTo(1);
        assertThat(zen.taskStore().list()).extracting(t -> t.title()).containsExactly("Tagged");
    }

    @Test
    void givenWebhookKeysWhenSyncItemsRunsThenTheNewIssueIsImportedAndTheDeletedOneUnlinked() {
        start(ScopeConfig.defaults());
        seed(2);
        zen.syncScope("jira");
        jira.seed(NewIssue.builder("SYNC", "From a webhook").build());
        jira.simulateDelete("SYNC-1");

        var report = zen.syncItems("jira", List.of("SYNC-3", "SYNC-1"));

        assertThat(report.failures()).isEmpty();
        assertThat(zen.taskStore().find("jira-SYNC-3")).isPresent();
        assertThat(zen.recordStore().find("jira-SYNC-1")).isEmpty();
    }
}
