package dev.zen.integration.testkit.jira;

import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP control API under /_fake/, for the standalone fake. */
class FakeJiraControlTest {
    private final FakeJira jira = FakeJira.start();
    private final Http http = new Http(jira);

    @AfterEach
    void stop() {
        jira.close();
    }

    @Test
    void issuesAreListedAsSnakeCaseJson() {
        jira.seed(NewIssue.builder("SYNC", "One").labels("a").build());

        JsonNode issues = http.as(null).get("/_fake/issues").json();

        assertThat(issues).hasSize(1);
        assertThat(issues.get(0).get("key").asText()).isEqualTo("SYNC-1");
        assertThat(issues.get(0).get("status_category").asText()).isEqualTo("TO_DO");
        assertThat(issues.get(0).get("updated").asText()).endsWith("Z");
    }

    @Test
    void requestsAreListedWithoutSecrets() {
        http.get("/rest/api/3/myself");

        Http.Response r = http.as(null).get("/_fake/requests");

        assertThat(r.json().get(0).get("path").asText()).isEqualTo("/rest/api/3/myself");
        assertThat(r.body()).doesNotContain(FakeJira.DEFAULT_API_TOKEN).doesNotContain(
                jira.basicAuthHeader().substring(6));
    }

    @Test
    void resetClearsIssuesAndIsNeverFaulted() {
        jira.seed(NewIssue.builder("SYNC", "One").build());
        jira.inject(FaultRule.onAny().always().respond(Fault.serverError(500)));

        Http.Response r = http.as(null).post("/_fake/reset", "");

        assertThat(r.status()).isEqualTo(204);
        assertThat(jira.issues()).isEmpty();
        assertThat(http.get("/rest/api/3/myself").status()).as("faults were cleared too").isEqualTo(200);
    }

    @Test
    void unknownControlEndpointIs404ListingTheOthers() {
        Http.Response r = http.as(null).get("/_fake/nope");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("errorMessages").get(0).asText()).contains("/_fake/issues");
    }

    @Test
    void afterResetNewIssuesStartAtNumberOneAgain() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        jira.reset();

        assertThat(jira.seed(NewIssue.builder("SYNC", "Again").build()).key()).isEqualTo("SYNC-1");
    }

    @Test
    void issuesCanBeSeededOverHttp() {
        Http.Response r = http.as(null).post("/_fake/issues", "{\"project\":\"SYNC\",\"summary\":\"Seeded\","
                + "\"status\":\"In Progress\",\"labels\":[\"a\"],\"updated\":\"2025-09-20T10:30:00Z\","
                + "\"properties\":{\"zen.link\":{\"task\":\"t-1\"}}}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("key").asText()).isEqualTo("SYNC-1");
        IssueSnapshot s = jira.issue("SYNC-1").orElseThrow();
        assertThat(s.status()).isEqualTo("In Progress");
        assertThat(s.properties().get("zen.link").get("task").asText()).isEqualTo("t-1");
    }

    @Test
    void usersWithTokensCanBeAddedOverHttp() {
        http.as(null).post("/_fake/users", "{\"account_id\":\"dana-1\",\"display_name\":\"Dana Dev\","
                + "\"email\":\"dana@acme.io\",\"time_zone\":\"Asia/Kolkata\",\"api_token\":\"tok\"}");

        JsonNode me = http.as(FakeJira.basicAuthHeader("dana@acme.io", "tok")).get("/rest/api/3/myself").json();

        assertThat(me.get("accountId").asText()).isEqualTo("dana-1");
        assertThat(me.get("timeZone").asText()).isEqualTo("Asia/Kolkata");
    }

    @Test
    void faultsCanBeScriptedOverHttp() {
        Http.Response added = http.as(null).post("/_fake/faults", "{\"method\":\"GET\",\"path\":\"/rest/api/3/myself\","
                + "\"times\":2,\"fault\":{\"type\":\"rate_limited\",\"retry_after_ms\":3000}}");

        Http.Response first = http.get("/rest/api/3/myself");

        assertThat(added.status()).isEqualTo(201);
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("Retry-After")).isEqualTo("3");
        assertThat(http.get("/rest/api/3/myself").status()).isEqualTo(429);
        assertThat(http.get("/rest/api/3/myself").status()).isEqualTo(200);
    }

    @Test
    void commitThenFailCanBeScriptedOverHttp() {
        http.as(null).post("/_fake/faults", "{\"method\":\"POST\",\"path\":\"/rest/api/3/issue\","
                + "\"fault\":{\"type\":\"commit_then\",\"then\":{\"type\":\"server_error\",\"status\":502}}}");

        Http.Response r = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\"}}");

        assertThat(r.status()).isEqualTo(502);
        assertThat(jira.issues()).hasSize(1);
    }

    @Test
    void editsAndStatusChangesByAnotherUserCanBeSimulatedOverHttp() {
        jira.addUser(JiraUser.of("dana-1", "Dana Dev"));
        jira.seed(NewIssue.builder("SYNC", "One").build());

        http.as(null).post("/_fake/edits", "{\"issue\":\"SYNC-1\",\"account_id\":\"dana-1\","
                + "\"fields\":{\"summary\":\"Two\",\"labels\":[\"x\"]}}");
        http.as(null).post("/_fake/status-changes", "{\"issue\":\"SYNC-1\",\"account_id\":\"dana-1\",\"status\":\"Done\"}");

        IssueSnapshot s = jira.issue("SYNC-1").orElseThrow();
        assertThat(s.summary()).isEqualTo("Two");
        assertThat(s.labels()).containsExactly("x");
        assertThat(s.status()).isEqualTo("Done");
        assertThat(s.changelog()).extracting(IssueSnapshot.Change::authorAccountId).containsOnly("dana-1");
    }

    @Test
    void invalidControlRequestsAre400WithAnExplanation() {
        Http.Response missing = http.as(null).post("/_fake/issues", "{\"project\":\"SYNC\"}");
        Http.Response badFault = http.as(null).post("/_fake/faults", "{\"fault\":{\"type\":\"gremlins\"}}");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errorMessages").get(0).asText()).contains("'summary' is required");
        assertThat(badFault.status()).isEqualTo(400);
        assertThat(badFault.json().get("errorMessages").get(0).asText()).contains("rate_limited");
    }
}
