package dev.zen.plugin.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.github.GitHubIssue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GitHubOperationsTest {
    private static final String ISSUES = "/repos/zen-sync/tasks/issues";
    private FakeGitHub github = FakeGitHub.start();
    private GitHubPlugin plugin = GitHubPlugin.open(github);

    @AfterEach
    void close() {
        plugin.close();
        github.close();
    }

    @Test
    void givenIssueWhenReadThenItemWithMappedFields() {
        github.addUser("octo", "Octo", true);
        github.seedIssue("Export fails", "Repro", "bug", "in progress");
        github.simulateEdit(1, "octo", Map.of("assignees", List.of("octo")));

        JsonNode item = plugin.get("1");

        assertThat(item.get("id").asText()).isEqualTo("1");
        assertThat(item.get("key").asText()).isEqualTo("zen-sync/tasks#1");
        assertThat(item.at("/fields/title").asText()).isEqualTo("Export fails");
        assertThat(item.at("/fields/status").asText()).isEqualTo("In Progress");
        assertThat(item.at("/fields/labels")).extracting(JsonNode::asText).containsExactly("bug");
        assertThat(item.at("/fields/assignee").asText()).isEqualTo("octo");
    }

    @Test
    void givenPullRequestWhenReadThenNotFound() {
        github.seedPullRequest("a PR");

        IntegrationException e = plugin.fail(PluginOperation.GET_TASK_DATA, Map.of("id", "1"));

        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void givenIdempotencyKeyWhenCreatedThenHiddenMarkerAndDescriptionWithoutIt() {
        JsonNode item = plugin.call(PluginOperation.CREATE_TASK, Map.of("fields",
                Map.of("title", "New", "description", "Body"), "idempotency_key", "zen-task:t1"));

        GitHubIssue issue = github.issue(1).orElseThrow();
        assertThat(issue.body()).isEqualTo("Body\n\n<!-- zen-sync:zen-task:t1 -->");
        assertThat(item.at("/fields/description").asText()).isEqualTo("Body");
        assertThat(item.at("/fields/status").asText()).isEqualTo("To Do");
    }

    @Test
    void givenCommitThenFailWhenCreatedThenTheCommittedIssueIsFoundAndRetriesAddNone() {
        github.inject(FaultRule.on("POST", ISSUES).respond(Fault.commitThen(Fault.serverError(502))));
        Map<String, Object> input = Map.of("fields", Map.of("title", "Once"), "idempotency_key", "zen-task:t2");

        JsonNode created = plugin.call(PluginOperation.CREATE_TASK, input);
        JsonNode retried = plugin.call(PluginOperation.CREATE_TASK, input);

        assertThat(created.get("id").asText()).isEqualTo("1");
        assertThat(retried.get("id").asText()).isEqualTo("1");
        assertThat(github.issues()).hasSize(1);
        assertThat(github.requests("POST", ISSUES)).hasSize(1);
        assertThat(github.requests("GET", "/search/issues")).isEmpty(); // the list endpoint is strongly consistent
    }

    @Test
    void givenAFailedCreateThatDidNotCommitWhenCreatedThenTheFailureIsReported() {
        github.inject(FaultRule.on("POST", ISSUES).respond(Fault.serverError(503)));

        IntegrationException e = plugin.fail(PluginOperation.CREATE_TASK, Map.of("fields", Map.of("title", "x"),
                "idempotency_key", "zen-task:t9"));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(github.issues()).isEmpty();
    }

    @Test
    void givenStatusesWhenUpdatedThenStateReasonAndProgressLabel() {
        github.seedIssue("t", null, "bug");

        JsonNode progress = plugin.call(PluginOperation.UPDATE_TASK, Map.of("id", "1",
                "fields", Map.of("status", "In Progress")));
        assertThat(progress.at("/fields/status").asText()).isEqualTo("In Progress");
        assertThat(github.issue(1).orElseThrow().labels()).containsExactly("bug", "in progress");

        plugin.call(PluginOperation.UPDATE_TASK, Map.of("id", "1", "fields", Map.of("status", "Won't Do")));
        assertThat(github.issue(1).orElseThrow().stateReason()).isEqualTo("not_planned");
        assertThat(plugin.get("1").at("/fields/status").asText()).isEqualTo("Won't Do");

        plugin.call(PluginOperation.UPDATE_TASK, Map.of("id", "1", "fields", Map.of("status", "To Do")));
        assertThat(github.issue(1).orElseThrow().stateReason()).isEqualTo("reopened");
        assertThat(github.issue(1).orElseThrow().labels()).containsExactly("bug");

        plugin.call(PluginOperation.UPDATE_TASK, Map.of("id", "1", "fields", Map.of("status", "Done")));
        assertThat(github.issue(1).orElseThrow().stateReason()).isEqualTo("completed");
    }

    @Test
    void givenLabelsAndAssigneeWhenUpdatedThenReplacedKeepingTheMarker() {
        github.addUser("octo", "Octo", true);
        plugin.call(PluginOperation.CREATE_TASK, Map.of("fields", Map.of("title", "t"),
                "idempotency_key", "zen-task:t3"));

        plugin.call(PluginOperation.UPDATE_TASK, Map.of("id", "1", "fields",
                Map.of("labels", List.of("a", "b"), "assignee", "octo", "description", "new text")));

        GitHubIssue issue = github.issue(1).orElseThrow();
        assertThat(issue.labels()).containsExactly("a", "b");
        assertThat(issue.assignees()).containsExactly("octo");
        assertThat(issue.body()).isEqualTo("new text\n\n<!-- zen-sync:zen-task:t3 -->");
    }

    @Test
    void givenIssuesAndPullRequestsWhenSearchedThenPagedAndPullRequestsSkipped() {
        for (int i = 0; i < 120; i++) github.seedIssue("i" + i, null);
        github.seedPullRequest("pr");

        JsonNode first = plugin.call(PluginOperation.SEARCH_TASKS, Map.of("query", Map.of()));
        assertThat(first.get("items")).hasSize(100);
        JsonNode second = plugin.call(PluginOperation.SEARCH_TASKS, Map.of("query", Map.of(),
                "cursor", first.get("next_cursor").asText()));

        assertThat(second.get("items")).hasSize(20);
        assertThat(second.get("next_cursor").isNull()).isTrue();
        assertThat(github.requests("GET", ISSUES)).allMatch(r -> r.query().contains("per_page=100"));
    }

    @Test
    void givenUnchangedIssuesWhenPolledAgainThen304AndNoRateLimitSpent() {
        github.seedIssue("t", null);
        plugin.call(PluginOperation.SEARCH_TASKS, Map.of("query", Map.of()));
        plugin.get("1");
        int used = github.rateLimitUsed();

        JsonNode again = plugin.call(PluginOperation.SEARCH_TASKS, Map.of("query", Map.of()));
        plugin.get("1");

        assertThat(again.get("items")).hasSize(1);
        assertThat(github.rateLimitUsed()).isEqualTo(used);
        assertThat(github.requests()).filteredOn(r -> r.status() == 304).hasSize(2);
    }

    @Test
    void givenSecondaryLimitWhenCalledThenRateLimitedWithRetryAfter() {
        github.inject(FaultRule.on("GET", ISSUES + "/1").respond(
                Fault.secondaryRateLimited(403, Duration.ofSeconds(7))));
        github.seedIssue("t", null);

        IntegrationException e = plugin.fail(PluginOperation.GET_TASK_DATA, Map.of("id", "1"));

        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.getMessage()).contains("secondary rate limit");
    }

    @Test
    void givenAlmostNoBudgetLeftWhenCalledThenPausedWithoutSending() {
        plugin.close();
        github.close();
        github = FakeGitHub.builder().coreLimit(4).start();
        plugin = GitHubPlugin.open(github);
        github.seedIssue("t", null);
        plugin.get("1");
        plugin.call(PluginOperation.UPDATE_TASK, Map.of("id", "1", "fields", Map.of("title", "t2")));
        int sent = github.requests().size();

        IntegrationException e = plugin.fail(PluginOperation.GET_TASK_DATA, Map.of("id", "1"));

        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(github.requests()).hasSize(sent);
    }

    @Test
    void givenWrongTokenWhenCalledThenAuthFailed() {
        plugin.close();
        plugin = GitHubPlugin.open(github, c -> c.credentialsRef("wrong"));

        assertThat(plugin.fail(PluginOperation.GET_TASK_DATA, Map.of("id", "1")).code())
                .isEqualTo(ErrorCode.AUTH_FAILED);
    }

    @Test
    void givenNoRepositoryWhenOpenedThenConfigErrorNamingTheKey() {
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> GitHubPlugin.open(github, c -> c.setting("repository", "not-a-repo")));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("repository");
    }

    @Test
    void givenAMilestoneTitleWhenUpdatedThenTheIssueGetsItsNumberAndUnknownTitlesAreRefused() {
        github.seedIssue("t", null);
        github.addMilestone("v1.0");

        JsonNode item = plugin.call(PluginOperation.UPDATE_TASK, Map.of("id", "1", "fields", Map.of("milestone", "v1.0")));
        IntegrationException unknown = plugin.fail(PluginOperation.UPDATE_TASK, Map.of("id", "1",
                "fields", Map.of("milestone", "v9")));

        assertThat(item.at("/fields/milestone").asText()).isEqualTo("v1.0");
        assertThat(github.issue(1).orElseThrow().milestone()).isEqualTo(1);
        assertThat(unknown.code()).isEqualTo(ErrorCode.INVALID_DATA);
        assertThat(unknown.getMessage()).contains("milestone").contains("v9");
    }
}
