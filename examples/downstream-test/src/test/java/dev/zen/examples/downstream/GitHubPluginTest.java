package dev.zen.examples.downstream;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guide's example GitHub plugin (github-plugin/, built by github-plugin/build.sh), tested the way the guide
 * recommends for a tracker the testkit has no fake for: a loopback fake of its API, the real runtime, and a
 * TestClock behind the plugin's {@code clock_now_ms}.
 */
class GitHubPluginTest {
    static final Path PLUGINS = Path.of("github-plugin");
    static final ObjectMapper JSON = new ObjectMapper();
    static final CredentialProvider CREDENTIALS = ref -> ref.equals("github-bot")
            ? Optional.of(Credential.bearer("ghp-test-token")) : Optional.empty();
    static final String ISSUE_42 = "{\"number\":42,\"title\":\"Export fails\",\"body\":\"Repro: upload 2 GB\","
            + "\"state\":\"open\",\"assignee\":{\"login\":\"dana\"},\"labels\":[{\"name\":\"bug\"},{\"name\":\"backend\"}],"
            + "\"html_url\":\"https://github.com/acme/app/issues/42\",\"updated_at\":\"2025-09-22T08:55:00Z\"}";

    static final TestClock clock = TestClock.at("2025-09-22T09:00:00Z");   // behind the plugin's clock_now_ms
    static WasmPluginRegistry registry;   // one per class: the plugin is compiled once

    FakeGitHub github;
    Plugin plugin;

    @BeforeAll
    static void loadThePluginFromItsFolder() {
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of(PLUGINS)).scanClasspath(false)
                .credentialProvider(CREDENTIALS).clock(clock).build();
    }

    @AfterAll
    static void closeTheRegistry() {
        registry.close();
    }

    @BeforeEach
    void openThePluginAgainstAFreshFake() {
        github = FakeGitHub.start();
        plugin = registry.open(PluginConfig.builder("github").setting("server_url", github.baseUrl().toString())
                .setting("repository", "acme/app").credentialsRef("github-bot").build());
    }

    @AfterEach
    void close() {
        plugin.close();
        github.close();
    }

    JsonNode getTaskData(String id) throws IOException {
        return JSON.readTree(plugin.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"" + id + "\"}"));
    }

    @Test
    void givenAnIssueWhenGetTaskDataIsCalledThenTheItemCarriesItsZenFields() throws IOException {
        github.issue("acme/app", 42, ISSUE_42);

        JsonNode item = getTaskData("42");

        assertThat(item.path("id").asText()).isEqualTo("42");
        assertThat(item.path("key").asText()).isEqualTo("acme/app#42");
        assertThat(item.path("url").asText()).isEqualTo("https://github.com/acme/app/issues/42");
        JsonNode fields = item.path("fields");
        assertThat(fields.path("title").asText()).isEqualTo("Export fails");
        assertThat(fields.path("status").asText()).isEqualTo("open");
        assertThat(fields.path("assignee").asText()).isEqualTo("dana");
        assertThat(fields.path("labels")).extracting(JsonNode::asText).containsExactly("bug", "backend");
    }

    @Test
    void givenAnyRequestWhenThePluginCallsGitHubThenTheHostAddedTheBearerToken() throws IOException {
        github.issue("acme/app", 42, ISSUE_42);

        getTaskData("42");

        assertThat(github.authorizations()).containsExactly("Bearer ghp-test-token");
    }

    @Test
    void givenAMissingIssueWhenGetTaskDataIsCalledThenItIsNotFound() {
        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> getTaskData("404"));

        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(e.details()).containsEntry("http_status", "404");
    }

    @Test
    void givenGitHubsRateLimitIsExhaustedWhenCalledThenItIsRetryableRateLimitedUntilTheReset() {
        github.rateLimitUntil(clock.instant().plus(Duration.ofSeconds(90)));

        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> getTaskData("42"));

        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));   // reset minus the host clock's now
    }

    @Test
    void givenAConfigurationWithoutARepositoryWhenOpenedThenItIsAConfigErrorNamingTheKey() {
        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> registry.open(
                PluginConfig.builder("github").setting("server_url", github.baseUrl().toString()).build()));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(e.getMessage()).contains("repository");
    }

    @Test
    void givenAnIssueWhenTheEngineImportsItThroughThePluginThenATaskIsCreatedFromIt() {
        github.issue("acme/app", 42, ISSUE_42);
        try (ZenIntegration zen = ZenIntegration.builder()
                .pluginRegistry(registry)
                .taskStore(InMemory.taskStore(clock)).recordStore(InMemory.recordStore())
                .lockProvider(InMemory.lockProvider()).clock(clock).discoverServices(false)
                .credentialProvider(CREDENTIALS)
                .provider(ProviderConfig.builder("github").serverUrl(github.baseUrl().toString())
                        .credentialsRef("github-bot").setting("repository", "acme/app").build())
                .build()) {

            ZenTask task = zen.importItem("github", "42");

            assertThat(task).hasTitle("Export fails").hasStatus("open").hasAssignee("dana")
                    .hasExactlyLabels("backend", "bug");   // the engine keeps labels in canonical (sorted) order
            assertThat(task.id()).isEqualTo("github-acme/app#42");
        }
    }
}
