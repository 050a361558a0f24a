package dev.zen.examples.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.ZenIntegrationTest;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a plugin author tests a tracker plugin: the real plugin, found on the classpath (here the zen-plugin-jira
 * jar) by the real runtime, called operation by operation against FakeJira. This is the snippet of
 * docs/plugin-author-guide.md, compiled and run.
 */
@ZenIntegrationTest
class JiraPluginContractTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static FakeJira jira;                 // static: one fake for the whole class, started before @BeforeAll
    static WasmPluginRegistry registry;   // compiling the plugin once per class keeps the tests fast
    static Plugin plugin;

    @BeforeAll
    static void openThePluginAgainstTheFake() {
        registry = WasmPluginRegistry.builder()
                .pluginDirectories(List.of())            // no folders: only plugins on the classpath
                .credentialProvider(ref -> ref.equals("jira-bot")
                        ? Optional.of(Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN))
                        : Optional.empty())
                .build();
        plugin = registry.open(PluginConfig.builder("jira")
                .setting("server_url", jira.baseUrl().toString())   // its host becomes the allowed host
                .setting("project_key", FakeJira.DEFAULT_PROJECT)
                .credentialsRef("jira-bot")                          // the plugin sees the reference, never the token
                .build());
    }

    @AfterAll
    static void closeTheRegistry() {
        registry.close();                                             // closes the plugin handle too
    }

    @BeforeEach
    void forgetThePreviousTest() {
        jira.reset();                                                 // issues, requests and faults
    }

    @Test
    void givenAnIssueWhenGetTaskDataIsCalledThenTheItemCarriesItsZenFields() throws Exception {
        IssueSnapshot issue = jira.seed(NewIssue.builder("SYNC", "Export fails").status("In Progress")
                .labels("backend").build());

        JsonNode item = JSON.readTree(plugin.call(PluginOperation.GET_TASK_DATA,
                "{\"id\":\"" + issue.key() + "\"}"));

        assertThat(item.path("key").asText()).isEqualTo(issue.key());
        assertThat(item.path("fields").path("title").asText()).isEqualTo("Export fails");
        assertThat(item.path("fields").path("status").asText()).isEqualTo("In Progress");
        assertThat(item.path("fields").path("labels")).extracting(JsonNode::asText).containsExactly("backend");
    }

    @Test
    void givenJiraAnswers429WhenGetTaskDataIsCalledThenTheErrorIsRateLimitedWithTheRetryAfter() {
        IssueSnapshot issue = jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        jira.inject(FaultRule.on("GET", "/rest/api/3/issue/" + issue.key())
                .respond(Fault.rateLimited(Duration.ofSeconds(5), "jira-burst-based")));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> plugin.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"" + issue.key() + "\"}"));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(e.details()).containsEntry("http_status", "429");
    }

    @Test
    void givenACreateWithAnIdempotencyKeyWhenItIsSentTwiceThenJiraHoldsOneIssue() throws Exception {
        String create = "{\"fields\":{\"title\":\"Rotate the API keys\"},\"idempotency_key\":\"zen-task:card-7\"}";

        JsonNode first = JSON.readTree(plugin.call(PluginOperation.CREATE_TASK, create));
        JsonNode second = JSON.readTree(plugin.call(PluginOperation.CREATE_TASK, create));

        assertThat(second.path("key").asText()).isEqualTo(first.path("key").asText());
        assertThat(jira.issues("SYNC")).hasSize(1);
    }

    @Test
    void givenAnyCallWhenThePluginTalksToJiraThenTheHostAddedTheCredentialForTheFakesUser() {
        IssueSnapshot issue = jira.seed(NewIssue.builder("SYNC", "Export fails").build());

        plugin.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"" + issue.key() + "\"}");

        assertThat(jira.requests()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.accountId()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID));
    }
}
