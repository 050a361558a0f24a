package dev.zen.integration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.core.config.AuthType;
import dev.zen.integration.core.config.ConfigLoader;
import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.SyncFrequency;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The specification's configuration layout (integration-services-layer.md, "Data Models > IntegrationConfig"):
 * {@code integrations.task_system}, {@code integrations.jira.*}, {@code auth_type: token}, {@code task_system: none}.
 * {@code spec/integration-config.yaml} is that section's yaml block copied verbatim (the spec is not on CI).
 */
class SpecConfigLayoutTest {
    @TempDir Path dir;

    private Path workspace() {
        return dir.resolve("ws");
    }

    private Path home() {
        return dir.resolve("home");
    }

    private ConfigLoader loader(Map<String, String> env) {
        return ConfigLoader.builder(workspace()).home(home()).environment(env).build();
    }

    private void writeWorkspace(String yaml) throws IOException {
        Path file = workspace().resolve(".zen/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }

    private void writeUser(String yaml) throws IOException {
        Path file = home().resolve(".zen/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }

    private static String specExample() throws IOException {
        try (InputStream in = SpecConfigLayoutTest.class.getResourceAsStream("/spec/integration-config.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static IntegrationException configError(Runnable r) {
        try {
            r.run();
        } catch (IntegrationException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            return e;
        }
        throw new AssertionError("expected a CONFIG_ERROR");
    }

    @Test
    void givenTheSpecExampleConfigVerbatimWhenLoadedThenItBindsToTheInternalModel() throws IOException {
        writeWorkspace(specExample());

        IntegrationConfig config = loader(Map.of()).load();

        assertThat(config.integrationEnabled()).isTrue();
        assertThat(config.taskSystem()).isEqualTo("jira");
        assertThat(config.syncEnabled()).isTrue();
        assertThat(config.syncFrequency()).isEqualTo(SyncFrequency.HOURLY);
        assertThat(config.pluginDirectories()).containsExactly(home().resolve(".zen/plugins"),
                workspace().toAbsolutePath().resolve(".zen/plugins"));
        ProviderConfig jira = config.taskSystemProvider().orElseThrow();
        assertThat(jira.name()).isEqualTo("jira");
        assertThat(jira.plugin()).isEqualTo("jira");
        assertThat(jira.serverUrl()).isEqualTo("https://company.atlassian.net");
        assertThat(jira.projectKey()).isEqualTo("PROJ");
        assertThat(jira.authType()).isEqualTo(AuthType.BASIC);
        assertThat(jira.credentialsRef()).isEqualTo("jira_credentials");
        // task_id is the spec's name for the task identifier, Zen's "id"
        assertThat(jira.fieldMapping().zenToExternal()).containsExactlyInAnyOrderEntriesOf(Map.of("id", "key",
                "title", "summary", "status", "status.name", "priority", "priority.name",
                "assignee", "assignee.displayName"));
        assertThat(jira.syncDirection()).isEqualTo(SyncDirection.BIDIRECTIONAL);
        assertThat(config.activeProviders()).containsExactly(jira);
    }

    @Test
    void givenTheSpecLayoutExampleInDocsConfigurationMdWhenLoadedThenItBindsLikeTheVerbatimSpecExample()
            throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        int section = doc.indexOf("## The specification's layout");
        int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
        writeWorkspace(doc.substring(start, doc.indexOf("```", start)));
        IntegrationConfig documented = loader(Map.of()).load();

        writeWorkspace(specExample());

        assertThat(documented).isEqualTo(loader(Map.of()).load());
    }

    @Test
    void givenTheSpecExampleConfigWhenAZenIntegrationIsBuiltThenItReportsTheJiraTaskSystem() throws IOException {
        writeWorkspace(specExample());
        IntegrationConfig config = loader(Map.of()).load();

        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace()).discoverServices(false)
                .config(config).build()) {
            IntegrationStatus status = zen.status();
            assertThat(status.enabled()).isTrue();
            assertThat(status.taskSystem()).isEqualTo("jira");
        }
    }

    @Test
    void givenEachAuthTypeTheSpecListsWhenLoadedThenItIsAcceptedAndTokenReachesThePluginAsToken() throws IOException {
        for (String authType : List.of("basic", "oauth2", "token")) {
            writeWorkspace(specExample().replace("auth_type: \"basic\"", "auth_type: \"" + authType + "\""));

            ProviderConfig jira = loader(Map.of()).load().provider("jira").orElseThrow();

            assertThat(jira.authType().yamlName()).isEqualTo(authType);
            assertThat(jira.toPluginConfig().settings()).containsEntry("auth_type", authType);
        }
        assertThat(loader(Map.of()).load().provider("jira").orElseThrow().authType()).isEqualTo(AuthType.TOKEN);
    }

    @Test
    void givenTaskSystemNoneWhenAZenIntegrationIsBuiltThenItWorksAndReportsTheIntegrationDisabled() throws IOException {
        writeWorkspace("""
                integrations:
                  task_system: none
                """);
        IntegrationConfig config = loader(Map.of()).load();

        assertThat(config.integrationEnabled()).isFalse();
        assertThat(config.taskSystem()).isNull();
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace()).discoverServices(false)
                .config(config).build()) {
            SyncReport report = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);

            assertThat(report.results()).singleElement()
                    .extracting(TaskSyncResult::outcome).isEqualTo(TaskSyncResult.Outcome.SKIPPED);
            assertThat(zen.status().enabled()).isFalse();
            assertThat(zen.status().taskSystem()).isNull();
        }
    }

    @Test
    void givenTheSpecExampleWithTaskSystemNoneWhenLoadedThenTheJiraBlockIsKeptButNothingIsActiveOrReported() throws IOException {
        writeWorkspace(specExample().replace("task_system: \"jira\"", "task_system: \"none\""));

        IntegrationConfig config = loader(Map.of()).load();

        assertThat(config.integrationEnabled()).isFalse();
        assertThat(config.providers()).containsKey("jira");
        assertThat(config.activeProviders()).isEmpty();
        assertThat(config.scheduledSyncWanted()).isFalse();
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace()).discoverServices(false)
                .config(config).build()) {
            assertThat(zen.status().enabled()).isFalse();
            assertThat(zen.status().taskSystem()).as("no provider stands in for task_system: none").isNull();
        }
    }

    @Test
    void givenTaskSystemNoneAndIntegrationEnabledTrueWhenLoadedThenConfigErrorNamingTaskSystem() throws IOException {
        writeWorkspace("""
                integrations:
                  integration_enabled: true
                  task_system: none
                """);

        IntegrationException e = configError(() -> loader(Map.of()).load());

        assertThat(e.details()).containsEntry("key", "integrations.task_system");
        assertThat(e.getMessage()).contains("integration_enabled is true", "remove one");
    }

    @Test
    void givenBothLayoutsForOneProviderWhenLoadedThenConfigErrorNamingTheKeyAndWhatToDo() throws IOException {
        writeWorkspace("""
                integrations:
                  jira:
                    server_url: https://acme.atlassian.net
                  providers:
                    jira:
                      project_key: SYNC
                """);

        IntegrationException e = configError(() -> loader(Map.of()).load());

        assertThat(e.details()).containsEntry("key", "integrations.jira");
        assertThat(e.getMessage()).contains("integrations.providers.jira", "keep one of them");
    }

    @Test
    void givenTheUserConfigInTheOldLayoutAndTheWorkspaceInTheSpecLayoutForJiraWhenLoadedThenConfigError()
            throws IOException {
        writeUser("""
                integrations:
                  providers:
                    jira: {server_url: https://acme.atlassian.net}
                """);
        writeWorkspace(specExample());

        IntegrationException e = configError(() -> loader(Map.of()).load());

        assertThat(e.details()).containsEntry("key", "integrations.jira");
        assertThat(e.getMessage()).contains("user config");
    }

    @Test
    void givenDifferentProvidersInDifferentLayoutsWhenLoadedThenBothBindInTheOrderWritten() throws IOException {
        writeWorkspace("""
                integrations:
                  task_system: github
                  github:
                    server_url: https://api.github.com
                    auth_type: token
                  providers:
                    gitlab:
                      server_url: https://gitlab.example.com
                """);

        IntegrationConfig config = loader(Map.of()).load();

        assertThat(config.providers().keySet()).containsExactly("github", "gitlab");
        assertThat(config.taskSystemProvider().orElseThrow().authType()).isEqualTo(AuthType.TOKEN);
    }

    @Test
    void givenTheOldLayoutWhenLoadedThenItStillBinds() throws IOException {
        writeWorkspace("""
                integrations:
                  task_system: jira
                  providers:
                    jira:
                      server_url: https://acme.atlassian.net
                      field_mapping: {id: key, title: summary}
                """);

        ProviderConfig jira = loader(Map.of("ZEN_INTEGRATIONS_JIRA_PROJECT_KEY", "OPS")).load()
                .taskSystemProvider().orElseThrow();

        assertThat(jira.serverUrl()).isEqualTo("https://acme.atlassian.net");
        assertThat(jira.projectKey()).as("the short variable lands in the layout the file uses").isEqualTo("OPS");
        assertThat(jira.fieldMapping().zenToExternal()).containsExactly(Map.entry("id", "key"),
                Map.entry("title", "summary"));
    }

    @Test
    void givenTaskSystemNoneInCodeWhenBuiltThenTheIntegrationIsOffAndNoProviderIsNeeded() {
        IntegrationConfig config = IntegrationConfig.builder().taskSystem(" None ")
                .provider(ProviderConfig.builder("jira").build()).build();

        assertThat(config.integrationEnabled()).isFalse();
        assertThat(config.taskSystem()).isNull();
        assertThat(config.isActive("jira")).isFalse();
        assertThat(IntegrationConfig.builder().taskSystem(IntegrationConfig.NO_TASK_SYSTEM).build().activeProviders())
                .isEmpty();
    }

    @Test
    void givenAProblemInTheSpecLayoutWhenLoadedThenTheErrorNamesTheKeyAsWritten() throws IOException {
        writeWorkspace("""
                integrations:
                  jira:
                    sever_url: https://acme.atlassian.net
                """);
        assertThat(configError(() -> loader(Map.of()).load()).details())
                .containsEntry("key", "integrations.jira.sever_url");

        writeWorkspace("""
                integrations:
                  jira:
                    server_url: ftp://acme.atlassian.net
                """);
        IntegrationException badUrl = configError(() -> loader(Map.of()).load());
        assertThat(badUrl.details()).containsEntry("key", "integrations.jira.server_url");
        assertThat(badUrl.getMessage()).startsWith("integrations.jira.server_url: ");

        writeWorkspace("""
                integrations:
                  jira:
                    auth_type: kerberos
                """);
        IntegrationException badAuth = configError(() -> loader(Map.of()).load());
        assertThat(badAuth.details()).containsEntry("key", "integrations.jira.auth_type");
        assertThat(badAuth.getMessage()).contains("basic, bearer, oauth2, token");
    }

    @Test
    void givenTaskIdAndIdBothMappedWhenLoadedThenConfigErrorNamingTaskId() throws IOException {
        writeWorkspace("""
                integrations:
                  jira:
                    field_mapping: {task_id: key, id: id}
                """);

        IntegrationException e = configError(() -> loader(Map.of()).load());

        assertThat(e.details()).containsEntry("key", "integrations.jira.field_mapping.task_id");
        assertThat(e.getMessage()).contains("keep one");
    }

    @Test
    void givenTheSpecLayoutWhenEnvironmentVariablesOfEitherFormOverrideThenTheyLandInTheJiraBlock()
            throws IOException {
        writeWorkspace(specExample());

        IntegrationConfig config = loader(Map.of("ZEN_INTEGRATIONS_JIRA_PROJECT_KEY", "OPS",
                "ZEN_INTEGRATIONS_PROVIDERS_JIRA_AUTH_TYPE", "token",
                "ZEN_INTEGRATIONS_TASK_SYSTEM", "jira")).load();

        ProviderConfig jira = config.provider("jira").orElseThrow();
        assertThat(jira.projectKey()).isEqualTo("OPS");
        assertThat(jira.authType()).isEqualTo(AuthType.TOKEN);
        assertThat(jira.serverUrl()).isEqualTo("https://company.atlassian.net");
    }

    @Test
    void givenNoFileWhenTheSpecLayoutIsSetLikeZenConfigSetThenTheFileKeepsTheSpecLayout() throws IOException {
        ConfigLoader loader = loader(Map.of());

        loader.set("integrations.jira.server_url", "https://acme.atlassian.net");
        loader.set("integrations.providers.jira.project_key", "SYNC");   // redirected into integrations.jira
        IntegrationConfig config = loader.set("integrations.task_system", "jira");

        assertThat(config.taskSystemProvider().orElseThrow().projectKey()).isEqualTo("SYNC");
        String written = Files.readString(loader.workspaceConfigFile());
        assertThat(written).contains("jira:").doesNotContain("providers");
        assertThat(loader.set("integrations.task_system", "none").integrationEnabled()).isFalse();
    }
}
