package dev.zen.examples.hostspi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.store.FileTaskStore;
import dev.zen.integration.spi.ServiceKind;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.fake.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's services, found by ServiceLoader from {@code META-INF/services}: the builder never names them (the task
 * store is made by its factory, with the builder's settings and clock), and the real Jira plugin talks to FakeJira
 * with the host's secret.
 */
class ServiceLoaderWiringTest {
    static final String HOST_ACCOUNT = "acme-integration-bot";
    static final String HOST_EMAIL = "zen@acme.example";
    static final String HOST_TOKEN = "token-only-in-the-host-vault";

    @TempDir Path dataDir;
    FakeJira jira;

    @BeforeEach
    void start() {
        System.setProperty(HostDataDirectory.PROPERTY, dataDir.toString());
        jira = FakeJira.start();
        jira.addUser(JiraUser.of(HOST_ACCOUNT, "Acme integration").withEmail(HOST_EMAIL));
        jira.addApiToken(HOST_ACCOUNT, HOST_TOKEN);
    }

    @AfterEach
    void stop() {
        System.clearProperty(HostDataDirectory.PROPERTY);
        jira.close();
    }

    /** What the example's main does, with fast retries so failing calls do not wait. */
    ZenIntegration zenWithoutNamingTheHostServices() {
        return ZenIntegration.builder()
                .workspace(dataDir.resolve("zen-workspace"))
                .provider(HostSpiExample.jiraProvider(jira).toBuilder()
                        .resilience(ResilienceConfig.builder().maxAttempts(2)
                                .backoff(Duration.ofMillis(5), Duration.ofMillis(10)).build())
                        .build())
                .build();
    }

    void hostSecret(String content) throws IOException {
        Files.writeString(dataDir.resolve(SecretsFileCredentialProvider.FILE_NAME), content);
    }

    void hostSecretForTheHostAccount() throws IOException {
        hostSecret("acme-jira.username=" + HOST_EMAIL + "\nacme-jira.token=" + HOST_TOKEN + "\n");
    }

    @Test
    void givenTheHostRegistrationsWhenTheBuilderNamesNoTaskStoreThenTheHostJsonFileStoreIsUsed() {
        try (ZenIntegration zen = zenWithoutNamingTheHostServices()) {
            assertThat(zen.taskStore()).isInstanceOfSatisfying(JsonFileTaskStore.class,
                    store -> assertThat(store.file()).isEqualTo(dataDir.resolve(JsonFileTaskStore.FILE_NAME)));
        }
    }

    @Test
    void givenAJiraIssueWhenImportedAndSyncedThenTheTaskAndItsPulledChangeLandInTheHostsFile() throws IOException {
        hostSecretForTheHostAccount();
        jira.seed(NewIssue.builder("SYNC", "Export fails").labels("backend").build());

        try (ZenIntegration zen = zenWithoutNamingTheHostServices()) {
            ZenTask imported = zen.importItem("jira", "SYNC-1");
            jira.simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");
            SyncReport report = zen.sync(List.of(imported.id()), SyncDirection.BIDIRECTIONAL);
            assertThat(report.failures()).isEmpty();

            JsonFileTaskStore hostsOwnView = new JsonFileTaskStore(dataDir.resolve("tasks.json"), Clock.systemUTC());
            assertThat(hostsOwnView.find(imported.id())).hasValueSatisfying(task -> {
                assertThat(task.title()).isEqualTo("Export fails");
                assertThat(task.labels()).containsExactly("backend");
                assertThat(task.status()).isEqualTo("In Progress");
                assertThat(task.version()).isEqualTo(2);
            });
        }
    }

    @Test
    void givenTheSecretOnlyInTheHostSecretsFileWhenImportingThenJiraIsCalledAsTheHostsAccount() throws IOException {
        hostSecretForTheHostAccount();
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());

        try (ZenIntegration zen = zenWithoutNamingTheHostServices()) {
            zen.importItem("jira", "SYNC-1");
        }

        assertThat(jira.requests()).isNotEmpty()
                .extracting(RecordedRequest::accountId).containsOnly(HOST_ACCOUNT);
    }

    @Test
    void givenNoSecretForTheReferenceWhenImportingThenAuthFailedNamesTheReference()
            throws IOException {
        hostSecret("some-other-system.token=abc\n");
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());

        try (ZenIntegration zen = zenWithoutNamingTheHostServices()) {
            assertThatThrownBy(() -> zen.importItem("jira", "SYNC-1"))
                    .isInstanceOfSatisfying(IntegrationException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
                        assertThat(e.getMessage()).contains("acme-jira");
                    });
        }
        assertThat(jira.requests()).noneMatch(r -> r.path().contains("/issue"));
    }

    @Test
    void givenAStaleTokenInTheHostSecretsFileWhenImportingThenJiraRejectsItWithAuthFailed() throws IOException {
        hostSecret("acme-jira.username=" + HOST_EMAIL + "\nacme-jira.token=revoked-token\n");
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());

        try (ZenIntegration zen = zenWithoutNamingTheHostServices()) {
            assertThatThrownBy(() -> zen.importItem("jira", "SYNC-1"))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));
        }
        assertThat(new JsonFileTaskStore(dataDir.resolve("tasks.json"), Clock.systemUTC()).list()).isEmpty();
    }

    @Test
    void givenAFileSettingWhenBuiltThenTheFactoryPutsTheStoreThereAndStampsTasksWithTheBuildersClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
        Path workspace = dataDir.resolve("zen-workspace");

        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).clock(clock)
                .serviceSettings(ServiceKind.TASK_STORE, Map.of(JsonFileTaskStoreFactory.FILE, "acme/tasks.json"))
                .provider(HostSpiExample.jiraProvider(jira)).build()) {
            ZenTask created = zen.taskStore().create(ZenTask.builder("task-1", "Export fails").build());

            assertThat(zen.taskStore()).isInstanceOfSatisfying(JsonFileTaskStore.class, store ->
                    assertThat(store.file()).isEqualTo(workspace.resolve("acme/tasks.json").toAbsolutePath()));
            assertThat(created.created()).isEqualTo(clock.instant());
        }
    }

    @Test
    void givenABlankFileSettingWhenBuiltThenConfigErrorNamingTheFactory() {
        assertThatThrownBy(() -> ZenIntegration.builder().workspace(dataDir)
                .serviceSettings(ServiceKind.TASK_STORE, Map.of(JsonFileTaskStoreFactory.FILE, " "))
                .provider(HostSpiExample.jiraProvider(jira)).build())
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains(JsonFileTaskStoreFactory.class.getName(), "'file' is blank");
                });
    }

    @Test
    void givenTaskStoreDiscoveryLeftOutWhenBuiltThenTheWorkspaceStoreIsUsedButTheHostCredentialsStillAre()
            throws IOException {
        hostSecretForTheHostAccount();
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());

        try (ZenIntegration zen = ZenIntegration.builder().workspace(dataDir.resolve("zen-workspace"))
                .discoverServices(ServiceKind.CREDENTIAL_PROVIDER)
                .provider(HostSpiExample.jiraProvider(jira)).build()) {
            zen.importItem("jira", "SYNC-1");

            assertThat(zen.taskStore()).isInstanceOf(FileTaskStore.class);
        }
        assertThat(jira.requests()).extracting(RecordedRequest::accountId).containsOnly(HOST_ACCOUNT);
    }
}
