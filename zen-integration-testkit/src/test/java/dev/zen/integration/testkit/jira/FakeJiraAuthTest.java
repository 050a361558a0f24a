package dev.zen.integration.testkit.jira;

import dev.zen.integration.testkit.fake.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FakeJiraAuthTest {
    private final FakeJira jira = FakeJira.start();
    private final Http http = new Http(jira);

    @AfterEach
    void stop() {
        jira.close();
    }

    @Test
    void missingCredentialsAre401WithJsonEnvelope() {
        Http.Response r = http.as(null).get("/rest/api/3/myself");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("errorMessages").get(0).asText()).contains("not authenticated");
    }

    @Test
    void wrongApiTokenIs401WithAPlainTextBody() {
        Http.Response r = http.as(FakeJira.basicAuthHeader(FakeJira.DEFAULT_EMAIL, "wrong")).get("/rest/api/3/myself");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
    }

    @Test
    void bearerTokenAuthenticates() {
        Http.Response r = http.as("Bearer " + FakeJira.DEFAULT_BEARER_TOKEN).get("/rest/api/3/myself");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("accountId").asText()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID);
    }

    @Test
    void unknownBearerTokenIs401() {
        assertThat(http.as("Bearer nope").get("/rest/api/3/myself").status()).isEqualTo(401);
    }

    @Test
    void emailIsMatchedIgnoringCase() {
        Http.Response r = http.as(FakeJira.basicAuthHeader("Sync-Bot@Example.com", FakeJira.DEFAULT_API_TOKEN))
                .get("/rest/api/3/myself");

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void revokedTokensAre401() {
        jira.revokeTokens();

        assertThat(http.get("/rest/api/3/myself").status()).isEqualTo(401);
    }

    @Test
    void userWithoutPermissionGets403ButCanReadMyself() {
        jira.addUser(JiraUser.of("nobody-1", "No Body").withEmail("nobody@example.com")
                .withPermission(JiraUser.Permission.NONE));
        jira.addApiToken("nobody-1", "tok");
        Http nobody = http.as(FakeJira.basicAuthHeader("nobody@example.com", "tok"));

        assertThat(nobody.get("/rest/api/3/myself").status()).isEqualTo(200);
        assertThat(nobody.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC\"}").status()).isEqualTo(403);
    }

    @Test
    void readOnlyUserCannotCreate() {
        jira.addUser(JiraUser.of("viewer-1", "Vic Viewer").withEmail("vic@example.com")
                .withPermission(JiraUser.Permission.READ_ONLY));
        jira.addApiToken("viewer-1", "tok");

        Http.Response r = http.as(FakeJira.basicAuthHeader("vic@example.com", "tok")).post("/rest/api/3/issue",
                "{\"fields\":{\"project\":{\"key\":\"SYNC\"},\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\"}}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(jira.issues()).isEmpty();
    }

    @Test
    void inactiveUserCannotAuthenticate() {
        jira.addUser(JiraUser.of("old-1", "Old Timer").withEmail("old@example.com"));
        jira.addApiToken("old-1", "tok");
        jira.addUser(JiraUser.of("old-1", "Old Timer").withEmail("old@example.com").inactive());

        assertThat(http.as(FakeJira.basicAuthHeader("old@example.com", "tok")).get("/rest/api/3/myself").status())
                .isEqualTo(401);
    }

    @Test
    void recordedRequestsRedactTheAuthorizationHeaderButNameTheAccount() {
        http.get("/rest/api/3/myself");

        RecordedRequest r = jira.requests("GET", "/rest/api/3/myself").get(0);

        assertThat(r.header("authorization")).isEqualTo("<redacted>");
        assertThat(r.accountId()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.toString()).doesNotContain(FakeJira.DEFAULT_API_TOKEN);
    }
}
