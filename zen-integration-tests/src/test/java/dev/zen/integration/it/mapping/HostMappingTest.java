package dev.zen.integration.it.mapping;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ValueMap;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.spi.ServiceKind;
import dev.zen.integration.spi.UserDirectory;
import dev.zen.integration.testkit.fake.RecordedRequest;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.ZenTestEnvironment;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A host DataMapper found by ServiceLoader, a host UserDirectory, and the plugin's size limits checked up front. */
class HostMappingTest {
    private static final String ALICE = "5b10ac8d82e05b22cc7d4a11";

    /** A class loader that sees the test's classes plus the host-mapper folder's service registration. */
    private static ClassLoader hostLoader() {
        URL folder = HostMappingTest.class.getResource("/host-mapper/");
        return new URLClassLoader(new URL[] {folder}, HostMappingTest.class.getClassLoader());
    }

    private static TaskSyncResult synced(ZenTestEnvironment zen, String taskId) {
        return zen.sync(taskId, SyncDirection.BIDIRECTIONAL).result(taskId).orElseThrow();
    }

    @Test
    void givenAHostDataMapperRegisteredForServiceLoaderWhenSyncedThenHoursAreStoryPointsInJira() {
        try (ZenTestEnvironment zen = ZenTestEnvironment.builder().clockStart("2026-05-01T08:00:00Z")
                .configureProvider(p -> p.fieldMapping(FieldMapping.of("title", "summary",
                        "estimate", "customfield_10016")))
                .configureIntegration(b -> b.discoverServices(ServiceKind.DATA_MAPPER).classLoader(hostLoader()))
                .build()) {
            ZenTask task = zen.taskStore().create(ZenTasks.withFields(ZenTask.builder("zen-1", "Estimate me").build(),
                    Map.of("estimate", "8")));

            zen.integration().publish(task.id(), "jira");

            assertThat(zen.jira().requests("POST", "/rest/api/3/issue")).singleElement()
                    .extracting(RecordedRequest::body).asString().contains("\"customfield_10016\":2");
            assertThat(synced(zen, task.id())).hasSucceeded().hasNoChanges();
            zen.clock().advance(Duration.ofSeconds(5));
            zen.jira().simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, Map.of("customfield_10016", 3));
            assertThat(synced(zen, task.id())).hasSucceeded();
            assertThat(zen.task(task.id())).hasExtraField("estimate", "12");
        }
    }

    @Test
    void givenAUserDirectoryWhenTheAssigneeSyncsThenZenUsersAreJiraAccountIdsBothWays() {
        UserDirectory directory = new UserDirectory() {
            @Override
            public Optional<String> externalAccount(String provider, String zenUser) {
                return zenUser.equals("alice") ? Optional.of(ALICE) : Optional.empty();
            }

            @Override
            public Optional<String> zenUser(String provider, String externalAccount) {
                return externalAccount.equals(ALICE) ? Optional.of("alice") : Optional.empty();
            }
        };
        try (ZenTestEnvironment zen = ZenTestEnvironment.builder().clockStart("2026-05-01T08:00:00Z")
                .configureProvider(p -> p.fieldMapping(FieldMapping.of("title", "summary",
                        "assignee", "assignee.accountId")).valueMap("assignee", ValueMap.builder()
                        .value("bot", FakeJira.DEFAULT_ACCOUNT_ID).userDirectory(true).build()))
                .configureIntegration(b -> b.userDirectory(directory)).build()) {
            zen.jira().addUser(JiraUser.of(ALICE, "Alice Example"));
            zen.jira().seed(NewIssue.builder("SYNC", "Export fails").assignee(FakeJira.DEFAULT_ACCOUNT_ID).build());
            ZenTask task = zen.integration().importItem("jira", "SYNC-1");
            assertThat(zen.task(task.id())).hasAssignee("bot"); // the map's own entry

            zen.editTask(task.id(), "assignee", "alice");
            assertThat(synced(zen, task.id())).hasSucceeded();

            assertThat(zen.jira().issue("SYNC-1").orElseThrow().assigneeAccountId()).isEqualTo(ALICE);
            assertThat(synced(zen, task.id())).hasSucceeded().hasNoChanges();
            assertThat(zen.task(task.id())).hasAssignee("alice");
        }
    }

    @Test
    void givenATitleOverThePluginsDeclaredLimitWhenPublishedThenItIsRefusedBeforeAnyRequest() {
        try (ZenTestEnvironment zen = ZenTestEnvironment.builder().clockStart("2026-05-01T08:00:00Z").build()) {
            ZenTask task = zen.taskStore().create(ZenTask.builder("zen-1", "x".repeat(300)).build());
            zen.jira().clearRequests();

            assertThatThrownBy(() -> zen.integration().publish(task.id(), "jira"))
                    .isInstanceOfSatisfying(IntegrationException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
                        assertThat(e.getMessage()).contains("title is 300 characters long; provider jira takes at most"
                                + " 254 characters");
                        assertThat(e.details()).containsEntry("field", "title").containsEntry("limit", "254");
                    });
            assertThat(zen.jira().requests()).isEmpty();
        }
    }

    @Test
    void givenALinkedTaskWhoseTitleGrowsOverTheLimitWhenSyncedThenOnlyTheReadWentOut() {
        try (ZenTestEnvironment zen = ZenTestEnvironment.builder().clockStart("2026-05-01T08:00:00Z").build()) {
            zen.jira().seed(NewIssue.builder("SYNC", "Export fails").build());
            ZenTask task = zen.integration().importItem("jira", "SYNC-1");
            zen.editTask(task.id(), "title", "y".repeat(255));
            zen.jira().clearRequests();

            assertThat(synced(zen, task.id())).hasFailedWith(ErrorCode.INVALID_DATA)
                    .hasErrorMessageContaining("provider jira takes at most 254 characters");

            assertThat(zen.jira().requests()).extracting(RecordedRequest::method).containsOnly("GET");
            assertThat(zen.jira().issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails");
        }
    }
}
