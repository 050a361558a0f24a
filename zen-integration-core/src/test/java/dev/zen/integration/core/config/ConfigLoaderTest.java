package dev.zen.integration.core.config;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path workspace() {
        return dir.resolve("ws");
    }

    private Path userFile() {
        return dir.resolve("home/.zen/config.yaml");
    }

    private ConfigLoader loader(Map<String, String> env) {
        return ConfigLoader.builder(workspace()).home(dir.resolve("home")).environment(env).build();
    }

    private void write(Path file, String yaml) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }

    private void writeWorkspace(String yaml) throws IOException {
        write(workspace().resolve(".zen/config.yaml"), yaml);
    }

    @Test
    void missingFilesGiveTheDefaults() {
        IntegrationConfig config = loader(Map.of()).load();

        assertThat(config).isEqualTo(IntegrationConfig.defaults());
        assertThat(config.syncFrequency()).isEqualTo(SyncFrequency.HOURLY);
    }

    @Test
    void theSpecYamlIsReadWithSnakeCaseKeys() throws IOException {
        writeWorkspace("""
                integrations:
                  task_system: jira
                  sync_frequency: daily
                  plugin_directories: [plugins, ~/zen-plugins]
                  providers:
                    jira:
                      server_url: https://acme.atlassian.net
                      project_key: SYNC
                      auth_type: oauth2
                      credentials_ref: jira-bot
                      field_mapping: {title: summary, status: status.name}
                      sync_direction: bidirectional
                      field_directions: {status: pull}
                      settings: {issue_type: Bug, max_results: 50}
                      resilience:
                        retry: {max_attempts: 3, initial_delay: 500ms}
                        rate_limit: {requests_per_minute: 100}
                        timeout: 45s
                """);

        IntegrationConfig config = loader(Map.of()).load();

        ProviderConfig jira = config.taskSystemProvider().orElseThrow();
        assertThat(config.syncFrequency()).isEqualTo(SyncFrequency.DAILY);
        assertThat(config.pluginDirectories()).containsExactly(workspace().toAbsolutePath().resolve("plugins"),
                dir.resolve("home/zen-plugins"));
        assertThat(jira.authType()).isEqualTo(AuthType.OAUTH2);
        assertThat(jira.fieldMapping().externalPath("status")).contains("status.name");
        assertThat(jira.directionFor("status")).isEqualTo(SyncDirection.PULL);
        assertThat(jira.settings()).containsEntry("issue_type", "Bug").containsEntry("max_results", 50L);
        assertThat(jira.resilience().retry().maxAttempts()).isEqualTo(3);
        assertThat(jira.resilience().retry().initialDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(jira.resilience().retry().maxDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(jira.resilience().rateLimit().requestsPerMinute()).isEqualTo(100);
        assertThat(jira.resilience().timeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void theExampleInDocsConfigurationMdLoads() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        writeWorkspace(doc.substring(start, doc.indexOf("```", start)));

        IntegrationConfig config = loader(Map.of()).load();

        assertThat(config.taskSystemProvider()).hasValueSatisfying(p -> {
            assertThat(p.credentialsRef()).isEqualTo("jira-bot");
            assertThat(p.valueMaps().get("status").toExternal("Doing")).contains("In Progress");
            assertThat(p.resilience()).isEqualTo(dev.zen.integration.core.config.ResilienceConfig.defaults().toBuilder()
                    .timeout(Duration.ofMinutes(2)).build());
        });
    }

    @Test
    void aFieldMappingThatIsNotADotPathIsAConfigErrorNamingItsKeyOnce() throws IOException {
        writeWorkspace("""
                integrations:
                  providers:
                    jira:
                      field_mapping: {status: "status..name"}
                """);

        assertThatThrownBy(() -> loader(Map.of()).load())
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.details()).containsEntry("key", "integrations.providers.jira.field_mapping.status");
                    assertThat(e.getMessage()).startsWith("integrations.providers.jira.field_mapping.status: ")
                            .containsOnlyOnce("field_mapping");
                });
    }

    @Test
    void workspaceKeysOverrideUserKeysOneByOne() throws IOException {
        write(userFile(), """
                integrations:
                  sync_frequency: daily
                  providers:
                    jira: {server_url: https://user.example, project_key: USER}
                """);
        writeWorkspace("""
                integrations:
                  providers:
                    jira: {project_key: WS}
                """);

        IntegrationConfig config = loader(Map.of()).load();

        assertThat(config.syncFrequency()).isEqualTo(SyncFrequency.DAILY);
        assertThat(config.provider("jira").orElseThrow().serverUrl()).isEqualTo("https://user.example");
        assertThat(config.provider("jira").orElseThrow().projectKey()).isEqualTo("WS");
    }

    @Test
    void environmentVariablesOverrideBothFiles() throws IOException {
        writeWorkspace("""
                integrations:
                  providers:
                    jira: {server_url: https://ws.example}
                """);

        IntegrationConfig config = loader(Map.of(
                "ZEN_INTEGRATIONS_PROVIDERS_JIRA_SERVER_URL", "https://env.example",
                "ZEN_INTEGRATIONS_PROVIDERS_JIRA_RESILIENCE_RATE_LIMIT_REQUESTS_PER_MINUTE", "60",
                "ZEN_INTEGRATIONS_PROVIDERS_JIRA_FIELD_MAPPING_DUE_DATE", "duedate",
                "ZEN_INTEGRATIONS_SYNC_ENABLED", "false",
                "PATH", "/usr/bin")).load();

        ProviderConfig jira = config.provider("jira").orElseThrow();
        assertThat(jira.serverUrl()).isEqualTo("https://env.example");
        assertThat(jira.resilience().rateLimit().requestsPerMinute()).isEqualTo(60);
        assertThat(jira.fieldMapping().externalPath("due_date")).contains("duedate");
        assertThat(config.syncEnabled()).isFalse();
    }

    @Test
    void anEnvironmentVariableMatchesAHyphenatedProviderName() throws IOException {
        writeWorkspace("""
                integrations:
                  providers:
                    jira-dc: {plugin: jira}
                """);

        IntegrationConfig config = loader(Map.of("ZEN_INTEGRATIONS_PROVIDERS_JIRA_DC_PROJECT_KEY", "DC")).load();

        assertThat(config.provider("jira-dc").orElseThrow().projectKey()).isEqualTo("DC");
    }

    @Test
    void anUnknownEnvironmentVariableIsAnErrorNamingIt() {
        assertThatThrownBy(() -> loader(Map.of("ZEN_INTEGRATIONS_SYNC_FREQ", "daily")).load())
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR))
                .hasMessageContaining("ZEN_INTEGRATIONS_SYNC_FREQ")
                .hasMessageContaining("sync_frequency");
    }

    @Test
    void anInvalidEnvironmentValueNamesTheVariableTheKeyAndTheAcceptedValues() {
        assertThatThrownBy(() -> loader(Map.of("ZEN_INTEGRATIONS_SYNC_FREQUENCY", "weekly")).load())
                .hasMessageContaining("ZEN_INTEGRATIONS_SYNC_FREQUENCY")
                .hasMessageContaining("integrations.sync_frequency")
                .hasMessageContaining("hourly, daily, manual");
    }

    @Test
    void anUnknownKeyIsAnErrorListingTheAcceptedKeys() throws IOException {
        writeWorkspace("""
                integrations:
                  providers:
                    jira: {sever_url: https://acme.atlassian.net}
                """);

        assertThatThrownBy(() -> loader(Map.of()).load())
                .hasMessageContaining("integrations.providers.jira.sever_url")
                .hasMessageContaining("server_url");
    }

    @Test
    void anInvalidEnumValueNamesTheKeyAndTheAcceptedValues() throws IOException {
        writeWorkspace("integrations:\n  sync_frequency: weekly\n");

        assertThatThrownBy(() -> loader(Map.of()).load())
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR))
                .hasMessageContaining("integrations.sync_frequency")
                .hasMessageContaining("weekly")
                .hasMessageContaining("hourly, daily, manual");
    }

    @Test
    void anInvalidResilienceValueNamesTheFullKey() throws IOException {
        writeWorkspace("""
                integrations:
                  providers:
                    jira: {resilience: {circuit_breaker: {failure_threshold: 0}}}
                """);

        assertThatThrownBy(() -> loader(Map.of()).load())
                .hasMessageContaining("integrations.providers.jira.resilience.circuit_breaker.failure_threshold");
    }

    @Test
    void brokenYamlNamesTheFileAndLine() throws IOException {
        writeWorkspace("integrations:\n  task_system: [unclosed\n");

        assertThatThrownBy(() -> loader(Map.of()).load())
                .hasMessageContaining("config.yaml")
                .hasMessageContaining("line");
    }

    @Test
    void setPersistsTheValueAndLoadSeesIt() {
        ConfigLoader loader = loader(Map.of());

        loader.set("integrations.providers.jira.server_url", "https://acme.atlassian.net");
        IntegrationConfig returned = loader.set("integrations.task_system", "jira");

        assertThat(returned.taskSystem()).isEqualTo("jira");
        assertThat(loader(Map.of()).load()).isEqualTo(returned);
    }

    @Test
    void setConvertsValuesToTheKeysType() throws IOException {
        ConfigLoader loader = loader(Map.of());

        loader.set("integrations.sync_enabled", "false");
        loader.set("integrations.providers.jira.resilience.bulkhead.max_concurrent_calls", "2");

        String yaml = Files.readString(loader.workspaceConfigFile());
        assertThat(yaml).contains("sync_enabled: false").contains("max_concurrent_calls: 2");
        assertThat(loader.load().provider("jira").orElseThrow().resilience().bulkhead().maxConcurrentCalls())
                .isEqualTo(2);
    }

    @Test
    void anInvalidSetLeavesTheFileUntouched() throws IOException {
        ConfigLoader loader = loader(Map.of());
        loader.set("integrations.sync_frequency", "daily");
        String before = Files.readString(loader.workspaceConfigFile());

        assertThatThrownBy(() -> loader.set("integrations.sync_frequency", "weekly"))
                .hasMessageContaining("hourly, daily, manual");
        assertThatThrownBy(() -> loader.set("integrations.task_system", "jira"))
                .hasMessageContaining("integrations.task_system");

        assertThat(Files.readString(loader.workspaceConfigFile())).isEqualTo(before);
    }

    @Test
    void setOfAnUnknownKeyListsTheAcceptedKeys() {
        assertThatThrownBy(() -> loader(Map.of()).set("integrations.providers.jira.token", "x"))
                .hasMessageContaining("unknown key integrations.providers.jira.token")
                .hasMessageContaining("credentials_ref");
    }

    @Test
    void setKeepsOtherSectionsOfTheFile() throws IOException {
        writeWorkspace("editor:\n  theme: dark\nintegrations:\n  sync_enabled: true\n");

        loader(Map.of()).set("integrations.sync_frequency", "manual");

        String yaml = Files.readString(workspace().resolve(".zen/config.yaml"));
        assertThat(yaml).contains("theme: dark").contains("sync_frequency: manual");
    }

    @Test
    void unsetRestoresTheLowerLayer() throws IOException {
        write(userFile(), "integrations:\n  sync_frequency: daily\n");
        ConfigLoader loader = loader(Map.of());
        loader.set("integrations.sync_frequency", "manual");

        IntegrationConfig after = loader.unset("integrations.sync_frequency");

        assertThat(after.syncFrequency()).isEqualTo(SyncFrequency.DAILY);
    }

    @Test
    void setLeavesNoTemporaryFilesBehind() throws IOException {
        ConfigLoader loader = loader(Map.of());

        loader.set("integrations.sync_frequency", "daily");

        try (var files = Files.list(loader.workspaceConfigFile().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("config.yaml", "config.yaml.lock");
        }
    }
}
