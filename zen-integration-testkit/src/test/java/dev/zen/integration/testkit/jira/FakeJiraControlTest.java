package dev.zen.integration.testkit.jira;

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
}
