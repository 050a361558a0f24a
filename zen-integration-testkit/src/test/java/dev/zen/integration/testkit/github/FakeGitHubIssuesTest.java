package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakeGitHubIssuesTest {
    private static final String ISSUES = "/repos/zen-sync/tasks/issues";
    private final FakeGitHub github = FakeGitHub.start();
    private final GitHubHttpClient http = new GitHubHttpClient(github);

    @AfterEach
    void close() {
        github.close();
    }

    @Test
    void givenTitleWhenCreatedThen201WithLocationAndOpenIssue() {
        var r = http.post(ISSUES, "{\"title\":\"Write docs\",\"body\":\"b\",\"labels\":[\"docs\"]}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo(github.baseUrl() + ISSUES + "/1");
        JsonNode n = r.json();
        assertThat(n.get("state").asText()).isEqualTo("open");
        assertThat(n.get("state_reason").isNull()).isTrue();
        assertThat(n.get("labels").get(0).get("color").asText()).isEqualTo("ededed");
        assertThat(n.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(github.issue(1)).get().extracting(GitHubIssue::title).isEqualTo("Write docs");
    }

    @Test
    void givenMissingTitleWhenCreatedThen422InvalidRequest() {
        var r = http.post(ISSUES, "{\"body\":\"no title\"}");

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("message").asText()).startsWith("Invalid request.").contains("\"title\"");
        assertThat(github.issues()).isEmpty();
    }

    @Test
    void givenEmptyTitleWhenCreatedThen422MissingField() {
        var r = http.post(ISSUES, "{\"title\":\"\"}");

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("message").asText()).isEqualTo("Validation Failed");
        assertThat(r.json().at("/errors/0/code").asText()).isEqualTo("missing_field");
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("title");
    }

    @Test
    void givenOverLongBodyWhenCreatedThen422Custom() {
        var r = http.post(ISSUES, "{\"title\":\"t\",\"body\":\"" + "x".repeat(65_537) + "\"}");

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/errors/0/code").asText()).isEqualTo("custom");
        assertThat(r.json().at("/errors/0/message").asText()).contains("maximum is 65536");
    }

    @Test
    void givenUnknownStateWhenPatchedThen422AndUnchanged() {
        github.seedIssue("t", null);

        var r = http.patch(ISSUES + "/1", "{\"state\":\"done\"}");

        assertThat(r.status()).isEqualTo(422);
        assertThat(github.issue(1)).get().extracting(GitHubIssue::state).isEqualTo("open");
    }

    @Test
    void givenBrokenJsonWhenCreatedThen400ProblemsParsingJson() {
        var r = http.post(ISSUES, "{\"title\":");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).isEqualTo("Problems parsing JSON");
    }

    @Test
    void givenOpenIssueWhenClosedNotPlannedThenReopenedThenReasonsFollowGitHub() {
        github.seedIssue("t", null);

        JsonNode closed = http.patch(ISSUES + "/1", "{\"state\":\"closed\",\"state_reason\":\"not_planned\"}").json();
        assertThat(closed.get("state_reason").asText()).isEqualTo("not_planned");
        assertThat(closed.get("closed_at").isNull()).isFalse();
        assertThat(closed.at("/closed_by/login").asText()).isEqualTo(FakeGitHub.DEFAULT_LOGIN);

        JsonNode reopened = http.patch(ISSUES + "/1", "{\"state\":\"open\"}").json();
        assertThat(reopened.get("state_reason").asText()).isEqualTo("reopened");
        assertThat(reopened.get("closed_at").isNull()).isTrue();

        JsonNode closedAgain = http.patch(ISSUES + "/1", "{\"state\":\"closed\"}").json();
        assertThat(closedAgain.get("state_reason").asText()).isEqualTo("completed");
    }

    @Test
    void givenLabelsAndAssigneesWhenPatchedThenTheyReplaceTheSets() {
        github.addUser("octo", "Octo Cat", true);
        github.seedIssue("t", null, "a", "b");

        JsonNode n = http.patch(ISSUES + "/1", "{\"labels\":[\"c\"],\"assignees\":[\"octo\"]}").json();

        assertThat(n.get("labels")).extracting(l -> l.get("name").asText()).containsExactly("c");
        assertThat(n.at("/assignee/login").asText()).isEqualTo("octo");
        assertThat(http.patch(ISSUES + "/1", "{\"assignees\":[\"stranger\"]}").status()).isEqualTo(422);
    }

    @Test
    void givenIssueLabelsWhenAddedReplacedAndRemovedThenGitHubSemantics() {
        github.seedIssue("t", null, "a");
        String labels = ISSUES + "/1/labels";

        assertThat(http.post(labels, "{\"labels\":[\"b\"]}").json()).hasSize(2);
        assertThat(http.put(labels, "[\"c\"]").json()).extracting(l -> l.get("name").asText()).containsExactly("c");
        assertThat(http.delete(labels + "/zzz").status()).isEqualTo(404);
        assertThat(http.delete(labels + "/c").json()).isEmpty();
        assertThat(http.delete(labels).status()).isEqualTo(204);
        assertThat(http.post("/repos/zen-sync/tasks/labels", "{\"name\":\"a\",\"color\":\"ff0000\"}").status())
                .isEqualTo(422);
    }

    @Test
    void givenMilestoneWhenSetThenIssueCarriesIt() {
        github.seedIssue("t", null);
        assertThat(http.post("/repos/zen-sync/tasks/milestones", "{\"title\":\"v1\"}").status()).isEqualTo(201);

        JsonNode n = http.patch(ISSUES + "/1", "{\"milestone\":1}").json();

        assertThat(n.at("/milestone/title").asText()).isEqualTo("v1");
        assertThat(http.patch(ISSUES + "/1", "{\"milestone\":9}").status()).isEqualTo(422);
        assertThat(http.patch(ISSUES + "/1", "{\"milestone\":null}").json().get("milestone").isNull()).isTrue();
    }

    @Test
    void givenTransferredIssueWhenReadThen301WithNewLocation() {
        github.seedIssue("t", null);
        GitHubIssue moved = github.transfer(1, "zen-sync/other");

        var r = http.get(ISSUES + "/1");

        assertThat(r.status()).isEqualTo(301);
        assertThat(r.header("Location")).endsWith("/repos/zen-sync/other/issues/" + moved.number());
    }

    @Test
    void givenDeletedIssueWhenReadThen410() {
        github.seedIssue("t", null);
        github.delete(1);

        assertThat(http.get(ISSUES + "/1").status()).isEqualTo(410);
        assertThat(http.get(ISSUES + "/2").status()).isEqualTo(404);
    }

    @Test
    void givenEditOnGitHubWhenSimulatedThenUpdatedAtMoves() {
        GitHubIssue seeded = github.seedIssue("t", null);

        GitHubIssue edited = github.simulateEdit(1, FakeGitHub.DEFAULT_LOGIN, Map.of("title", "t2"));

        assertThat(edited.title()).isEqualTo("t2");
        assertThat(edited.updatedAt()).isAfterOrEqualTo(seeded.updatedAt());
    }
}
