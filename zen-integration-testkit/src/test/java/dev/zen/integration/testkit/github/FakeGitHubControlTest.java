package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakeGitHubControlTest {
    private final FakeGitHub github = FakeGitHub.start();
    private final GitHubHttpClient http = new GitHubHttpClient(github);

    @AfterEach
    void close() {
        github.close();
    }

    @Test
    void givenControlApiWhenSeedingAndFaultingThenSameFormatAsFakeJira() {
        assertThat(http.post("/_fake/issues", "{\"title\":\"seeded\",\"labels\":[\"bug\"]}").status()).isEqualTo(201);
        assertThat(http.post("/_fake/issues", "{\"title\":\"pr\",\"pull_request\":true}").status()).isEqualTo(201);
        assertThat(http.post("/_fake/faults", "{\"method\":\"GET\",\"path\":\"/repos/zen-sync/tasks/issues/1\","
                + "\"fault\":{\"type\":\"secondary_rate_limited\",\"status\":429,\"retry_after_ms\":3000}}").status())
                .isEqualTo(201);

        var limited = http.get("/repos/zen-sync/tasks/issues/1");
        var ok = http.get("/repos/zen-sync/tasks/issues/1");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("retry-after")).isEqualTo("3");
        assertThat(ok.json().at("/labels/0/name").asText()).isEqualTo("bug");
        JsonNode issues = http.get("/_fake/issues").json();
        assertThat(issues).extracting(n -> n.get("pull_request").asBoolean()).containsExactly(false, true);
        JsonNode requests = http.get("/_fake/requests").json();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).get("headers").get("authorization").get(0).asText()).isEqualTo("<redacted>");
    }

    @Test
    void givenBeforeNextWhenTheMatchingRequestArrivesThenTheActionRunsOnceJustBeforeIt() {
        github.addUser("octo", "Octo Cat", true);
        github.seedIssue("a", null);
        github.beforeNext("PATCH", "/repos/zen-sync/tasks/issues/\\d+",
                () -> github.simulateEdit(1, "octo", Map.of("body", "theirs")));

        http.get("/repos/zen-sync/tasks/issues/1");
        var patched = http.patch("/repos/zen-sync/tasks/issues/1", "{\"title\":\"ours\"}");
        github.simulateEdit(1, "octo", Map.of("body", "later"));
        http.patch("/repos/zen-sync/tasks/issues/1", "{\"title\":\"ours again\"}");

        assertThat(patched.json().get("body").asText()).isEqualTo("theirs");
        assertThat(github.issue(1).orElseThrow().body()).isEqualTo("later");
    }

    @Test
    void givenUnknownFaultTypeWhenPostedThen400NamingTheTypes() {
        var r = http.post("/_fake/faults", "{\"fault\":{\"type\":\"meteor\"}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("meteor").contains("secondary_rate_limited");
    }

    @Test
    void givenEditsTransfersAndDeletionsViaControlApiThenRestApiAgrees() {
        github.seedIssue("a", null);
        github.seedIssue("b", null);

        http.post("/_fake/edits", "{\"number\":1,\"login\":\"zen-sync-bot\",\"fields\":{\"state\":\"closed\"}}");
        http.post("/_fake/transfers", "{\"number\":2,\"to\":\"zen-sync/elsewhere\"}");
        http.post("/_fake/settings", "{\"profile\":\"realistic\"}");

        assertThat(http.get("/repos/zen-sync/tasks/issues/1").json().get("state_reason").asText())
                .isEqualTo("completed");
        assertThat(http.get("/repos/zen-sync/tasks/issues/2").status()).isEqualTo(301);
        assertThat(github.searchLag()).isEqualTo(FakeGitHub.REALISTIC_SEARCH_LAG);
        assertThat(http.post("/_fake/reset", null).status()).isEqualTo(204);
        assertThat(github.issues()).isEmpty();
    }

    @Test
    void givenInvalidIssueJsonWhenValidatedThenTheValidatorRefusesIt() {
        github.seedIssue("a", null);
        ObjectNode issue = (ObjectNode) http.get("/repos/zen-sync/tasks/issues/1").json();
        issue.put("locked", "yes");
        issue.remove("number");

        var violations = GitHubOpenApiValidator.get().violations(issue, "/components/schemas/issue");

        assertThat(violations).as(violations.toString()).anyMatch(v -> v.contains("number"))
                .anyMatch(v -> v.contains("locked"));
        String getIssue = "/paths/~1repos~1{owner}~1{repo}~1issues~1{issue_number}/get/responses/200/content"
                + "/application~1json/schema";
        assertThat(GitHubOpenApiValidator.get().violations(issue, getIssue)).isNotEmpty();
    }
}
