package dev.zen.integration.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code integrations.providers.<name>.scope}: defaults, YAML in both layouts, the builder, and errors naming keys. */
class ScopeConfigTest {
    @TempDir
    Path dir;

    private IntegrationConfig load(String yaml) throws IOException {
        Path file = dir.resolve("ws/.zen/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return ConfigLoader.builder(dir.resolve("ws")).home(dir.resolve("home")).environment(Map.of()).build().load();
    }

    private static void assertConfigError(ThrowingRunnable r, String key) {
        assertThatThrownBy(r::run).isInstanceOf(IntegrationException.class).satisfies(e -> {
            IntegrationException ie = (IntegrationException) e;
            assertThat(ie.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(ie.details()).containsEntry("key", key);
            assertThat(ie.getMessage()).startsWith(key + ": ");
        });
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void givenNoValuesWhenBuiltThenTheDefaultsApply() {
        ScopeConfig scope = ScopeConfig.defaults();

        assertThat(scope.filter()).isNull();
        assertThat(scope.onNewRemote()).isEqualTo(ScopeConfig.OnNewRemote.IMPORT);
        assertThat(scope.onNewLocal()).isEqualTo(ScopeConfig.OnNewLocal.IGNORE);
        assertThat(scope.onRemoved()).isEqualTo(ScopeConfig.OnRemoved.UNLINK);
        assertThat(scope.pollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(scope.overlap()).isEqualTo(Duration.ofMinutes(2));
        assertThat(scope.pageSize()).isEqualTo(100);
        assertThat(ProviderConfig.builder("jira").build().scope()).isNull();
    }

    @Test
    void givenAScopeInYamlWhenLoadedThenEveryKeyIsBound() throws IOException {
        IntegrationConfig config = load("""
                integrations:
                  providers:
                    jira:
                      server_url: https://acme.atlassian.net
                      project_key: SYNC
                      scope:
                        filter: labels = zen
                        on_new_remote: ignore
                        on_new_local: publish
                        on_removed: archive
                        poll_interval: 10m
                        overlap: 90s
                        page_size: 50
                """);

        ScopeConfig scope = config.provider("jira").orElseThrow().scope();

        assertThat(scope).isEqualTo(new ScopeConfig("labels = zen", ScopeConfig.OnNewRemote.IGNORE,
                ScopeConfig.OnNewLocal.PUBLISH, ScopeConfig.OnRemoved.ARCHIVE, Duration.ofMinutes(10),
                Duration.ofSeconds(90), 50));
    }

    @Test
    void givenTheSpecLayoutWhenLoadedThenTheScopeIsBoundToo() throws IOException {
        IntegrationConfig config = load("""
                integrations:
                  task_system: jira
                  jira:
                    server_url: https://acme.atlassian.net
                    project_key: SYNC
                    scope: {on_removed: keep}
                """);

        assertThat(config.provider("jira").orElseThrow().scope().onRemoved()).isEqualTo(ScopeConfig.OnRemoved.KEEP);
    }

    @Test
    void givenEnvironmentVariablesWhenLoadedThenTheyOverrideScopeKeys() throws IOException {
        Path file = dir.resolve("ws/.zen/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "integrations:\n  providers:\n    jira:\n      scope: {page_size: 50}\n");

        IntegrationConfig config = ConfigLoader.builder(dir.resolve("ws")).home(dir.resolve("home"))
                .environment(Map.of("ZEN_INTEGRATIONS_PROVIDERS_JIRA_SCOPE_ON_REMOVED", "archive",
                        "ZEN_INTEGRATIONS_PROVIDERS_JIRA_SCOPE_POLL_INTERVAL", "1m"))
                .build().load();

        ScopeConfig scope = config.provider("jira").orElseThrow().scope();
        assertThat(scope.pageSize()).isEqualTo(50);
        assertThat(scope.onRemoved()).isEqualTo(ScopeConfig.OnRemoved.ARCHIVE);
        assertThat(scope.pollInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void givenBadScopeValuesInYamlWhenLoadedThenTheErrorNamesTheFullKey() {
        String head = "integrations:\n  providers:\n    jira:\n      scope:\n        ";
        assertConfigError(() -> load(head + "page_size: 500\n"), "integrations.providers.jira.scope.page_size");
        assertConfigError(() -> load(head + "on_removed: delete\n"), "integrations.providers.jira.scope.on_removed");
        assertConfigError(() -> load(head + "poll_interval: 0s\n"), "integrations.providers.jira.scope.poll_interval");
        assertConfigError(() -> load(head + "overlap: -5s\n"), "integrations.providers.jira.scope.overlap");
        assertConfigError(() -> load(head + "frequency: 5m\n"), "integrations.providers.jira.scope.frequency");
    }

    @Test
    void givenBadValuesInTheBuilderWhenBuiltThenTheErrorNamesTheScopeKey() {
        assertConfigError(() -> ScopeConfig.builder().pageSize(101).build(), "scope.page_size");
        assertConfigError(() -> ScopeConfig.builder().pageSize(-1).build(), "scope.page_size");
        assertConfigError(() -> ScopeConfig.builder().overlap(Duration.ofDays(2)).build(), "scope.overlap");
        assertConfigError(() -> ScopeConfig.builder().pollInterval(Duration.ZERO).build(), "scope.poll_interval");
    }

    @Test
    void givenAProviderWithAScopeWhenCopiedThenTheScopeIsKept() {
        ProviderConfig jira = ProviderConfig.builder("jira").scope(ScopeConfig.builder().filter(" labels = zen ")
                .build()).build();

        assertThat(jira.toBuilder().build()).isEqualTo(jira);
        assertThat(jira.scope().filter()).isEqualTo("labels = zen");
        assertThat(ScopeConfig.builder().filter("  ").build().filterText()).isEmpty();
    }
}
