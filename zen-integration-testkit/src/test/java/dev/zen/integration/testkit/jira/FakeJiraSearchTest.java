package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FakeJiraSearchTest {
    private final TestClock clock = TestClock.at("2025-09-20T10:30:00Z");
    private final FakeJira jira = FakeJira.builder().clock(clock).start();
    private final Http http = new Http(jira);

    @AfterEach
    void stop() {
        jira.close();
    }

    private Http.Response search(String jql, String fields) {
        String body = "{\"jql\":" + Http.JSON.valueToTree(jql) + (fields == null ? "" : ",\"fields\":" + fields) + "}";
        return http.post("/rest/api/3/search/jql", body);
    }

    private List<String> keys(Http.Response r) {
        List<String> keys = new ArrayList<>();
        r.json().get("issues").forEach(i -> keys.add(i.get("key").asText()));
        return keys;
    }

    private void seed(String summary, Instant updated, String... labels) {
        jira.seed(NewIssue.builder("SYNC", summary).created(updated).updated(updated).labels(labels).build());
    }

    @Test
    void defaultFieldsAreIdOnlyAndThereIsNoTotal() {
        seed("One", clock.instant());

        JsonNode body = search("project = SYNC", null).json();

        assertThat(body.get("issues").get(0).size()).isEqualTo(1);
        assertThat(body.get("issues").get(0).has("id")).isTrue();
        assertThat(body.get("isLast").asBoolean()).isTrue();
        assertThat(body.has("total")).isFalse();
        assertThat(body.has("startAt")).isFalse();
        assertThat(body.has("nextPageToken")).isFalse();
    }

    @Test
    void pagesAreChainedByNextPageTokenUntilIsLast() {
        for (int i = 0; i < 5; i++) seed("Issue " + i, clock.instant());
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;

        do {
            String body = "{\"jql\":\"project = SYNC ORDER BY key ASC\",\"fields\":[\"key\"],\"maxResults\":2"
                    + (token == null ? "" : ",\"nextPageToken\":\"" + token + "\"") + "}";
            JsonNode page = http.post("/rest/api/3/search/jql", body).json();
            page.get("issues").forEach(i -> seen.add(i.get("key").asText()));
            token = page.path("nextPageToken").asText(null);
            pages++;
            assertThat(page.get("isLast").asBoolean()).isEqualTo(token == null);
        } while (token != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("SYNC-1", "SYNC-2", "SYNC-3", "SYNC-4", "SYNC-5");
    }

    @Test
    void getSearchTakesTheSameParametersAsQueryString() {
        seed("One", clock.instant());

        Http.Response r = http.get("/rest/api/3/search/jql?jql="
                + URLEncoder.encode("project = SYNC", StandardCharsets.UTF_8) + "&fields=summary,updated");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("issues").get(0).get("fields").get("summary").asText()).isEqualTo("One");
    }

    @Test
    void unboundedQueryIs400() {
        Http.Response r = search("ORDER BY key", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessages").get(0).asText()).startsWith("Unbounded JQL queries are not allowed");
    }

    @Test
    void unknownBodyKeyIs400() {
        Http.Response r = http.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC\",\"startAt\":0}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessages").get(0).asText()).contains("startAt");
    }

    @Test
    void theRemovedSearchApiIs410() {
        Http.Response get = http.get("/rest/api/3/search?jql=project%3DSYNC");
        Http.Response post = http.post("/rest/api/2/search", "{\"jql\":\"project = SYNC\"}");

        assertThat(get.status()).isEqualTo(410);
        assertThat(post.status()).isEqualTo(410);
        assertThat(get.json().get("errorMessages").get(0).asText()).contains("/rest/api/3/search/jql");
    }

    @Test
    void updatedSinceAnAbsoluteMinuteInTheUsersZone() {
        jira.addUser(JiraUser.of("berlin-1", "Bea Berlin").withEmail("bea@example.com")
                .withTimeZone(ZoneId.of("Europe/Berlin")));
        jira.addApiToken("berlin-1", "tok");
        seed("Before", Instant.parse("2025-09-20T08:29:59Z"));
        seed("At", Instant.parse("2025-09-20T08:30:00Z"));
        seed("After", Instant.parse("2025-09-20T08:30:30Z"));
        Http bea = http.as(FakeJira.basicAuthHeader("bea@example.com", "tok"));

        // 10:30 in Berlin (UTC+2 in September) is 08:30 UTC
        Http.Response r = bea.post("/rest/api/3/search/jql",
                "{\"jql\":\"project = SYNC AND updated >= \\\"2025-09-20 10:30\\\" ORDER BY updated ASC\","
                        + "\"fields\":[\"summary\"]}");

        List<String> summaries = new ArrayList<>();
        r.json().get("issues").forEach(i -> summaries.add(i.get("fields").get("summary").asText()));
        assertThat(summaries).containsExactly("At", "After");
    }

    @Test
    void slashDateFormatAndStrictGreaterThan() {
        seed("At", Instant.parse("2025-09-20T10:00:00Z"));
        seed("After", Instant.parse("2025-09-20T10:00:01Z"));

        Http.Response r = search("project = SYNC AND updated > \"2025/09/20 10:00\"", "[\"key\"]");

        assertThat(keys(r)).containsExactly("SYNC-2");
    }

    @Test
    void dateOnlyValueMeansStartOfDay() {
        seed("Old", Instant.parse("2025-09-19T23:59:00Z"));
        seed("New", Instant.parse("2025-09-20T00:00:00Z"));

        Http.Response r = search("project = SYNC AND created >= 2025-09-20", "[\"key\"]");

        assertThat(keys(r)).containsExactly("SYNC-2");
    }

    @Test
    void relativeDatesCountBackFromTheClock() {
        seed("Old", clock.instant().minus(Duration.ofMinutes(20)));
        seed("Recent", clock.instant().minus(Duration.ofMinutes(10)));

        Http.Response r = search("project = SYNC AND updated >= -15m", "[\"key\"]");
        Http.Response hours = search("project = SYNC AND updated < -1h", "[\"key\"]");

        assertThat(keys(r)).containsExactly("SYNC-2");
        assertThat(keys(hours)).isEmpty();
    }

    @Test
    void invalidDateIs400() {
        Http.Response r = search("project = SYNC AND updated >= \"yesterday\"", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessages").get(0).asText()).contains("Date value 'yesterday'");
    }

    @Test
    void keyEqualsAndInIgnoreCase() {
        seed("One", clock.instant());
        seed("Two", clock.instant());
        seed("Three", clock.instant());

        Http.Response in = search("key in (sync-1, SYNC-3) ORDER BY key", "[\"key\"]");
        Http.Response eq = search("issuekey = SYNC-2", "[\"key\"]");

        assertThat(keys(in)).containsExactly("SYNC-1", "SYNC-3");
        assertThat(keys(eq)).containsExactly("SYNC-2");
    }

    @Test
    void unknownKeyIs400AsOnJira() {
        Http.Response r = search("key = SYNC-99", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessages").get(0).asText())
                .isEqualTo("An issue with key 'SYNC-99' does not exist for field 'key'.");
    }

    @Test
    void unknownProjectIs400() {
        Http.Response r = search("project = NOPE", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessages").get(0).asText())
                .isEqualTo("The value 'NOPE' does not exist for the field 'project'.");
    }

    @Test
    void labelsEqualsInAndNotEquals() {
        seed("A", clock.instant(), "gh-sync");
        seed("B", clock.instant(), "other");
        seed("C", clock.instant());

        assertThat(keys(search("project = SYNC AND labels = gh-sync", "[\"key\"]"))).containsExactly("SYNC-1");
        assertThat(keys(search("labels in (gh-sync, other) ORDER BY key", "[\"key\"]")))
                .containsExactly("SYNC-1", "SYNC-2");
        assertThat(keys(search("project = SYNC AND labels != gh-sync", "[\"key\"]"))).containsExactly("SYNC-2");
        assertThat(keys(search("project = SYNC AND labels is EMPTY", "[\"key\"]"))).containsExactly("SYNC-3");
    }

    @Test
    void statusAndStatusCategoryClauses() {
        jira.seed(NewIssue.builder("SYNC", "todo").build());
        jira.seed(NewIssue.builder("SYNC", "doing").status("In Progress").build());
        jira.seed(NewIssue.builder("SYNC", "done").status("Done").build());

        assertThat(keys(search("status = \"In Progress\"", "[\"key\"]"))).containsExactly("SYNC-2");
        assertThat(keys(search("project = SYNC AND status != Done ORDER BY key", "[\"key\"]")))
                .containsExactly("SYNC-1", "SYNC-2");
        assertThat(keys(search("status in (\"To Do\", Done) ORDER BY key", "[\"key\"]")))
                .containsExactly("SYNC-1", "SYNC-3");
        assertThat(keys(search("project = SYNC AND statusCategory != Done ORDER BY key", "[\"key\"]")))
                .containsExactly("SYNC-1", "SYNC-2");
        assertThat(keys(search("statusCategory = indeterminate", "[\"key\"]"))).containsExactly("SYNC-2");
    }

    @Test
    void unknownStatusIs400() {
        Http.Response r = search("status = Doing", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessages").get(0).asText())
                .isEqualTo("The value 'Doing' does not exist for the field 'status'.");
    }

    @Test
    void orderByUpdatedThenKey() {
        seed("late", Instant.parse("2025-09-20T10:05:00Z"));
        seed("early", Instant.parse("2025-09-20T10:01:00Z"));
        seed("early too", Instant.parse("2025-09-20T10:01:00Z"));

        assertThat(keys(search("project = SYNC ORDER BY updated ASC, key ASC", "[\"key\"]")))
                .containsExactly("SYNC-2", "SYNC-3", "SYNC-1");
        assertThat(keys(search("project = SYNC ORDER BY updated DESC", "[\"key\"]")))
                .containsExactly("SYNC-1", "SYNC-2", "SYNC-3");
    }

    @Test
    void orAndParenthesesCombine() {
        seed("A", clock.instant(), "a");
        seed("B", clock.instant(), "b");
        seed("C", clock.instant(), "c");

        Http.Response r = search("project = SYNC AND (labels = a OR labels = c) ORDER BY key", "[\"key\"]");

        assertThat(keys(r)).containsExactly("SYNC-1", "SYNC-3");
    }

    @Test
    void unsupportedFieldIs400NamingTheSubset() {
        Http.Response r = search("project = SYNC AND sprint = 5", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessages").get(0).asText()).contains("does not support the field 'sprint'");
    }

    @Test
    void unknownFieldIs400() {
        Http.Response r = search("project = SYNC AND flavour = vanilla", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessages").get(0).asText())
                .isEqualTo("Field 'flavour' does not exist or you do not have permission to view it.");
    }

    @Test
    void syntaxErrorIs400() {
        Http.Response r = search("project = SYNC AND", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessages").get(0).asText()).startsWith("Error in the JQL Query");
    }

    @Test
    void propertiesAndChangelogCanBeRequestedInSearch() {
        jira.seed(NewIssue.builder("SYNC", "One").property("zen.link", "{\"task\":\"t-1\"}").build());
        http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"summary\":\"Two\"}}");

        JsonNode issue = http.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC\",\"fields\":[\"summary\"],"
                + "\"properties\":[\"zen.link\"],\"expand\":\"changelog\"}").json().get("issues").get(0);

        assertThat(issue.get("properties").get("zen.link").get("task").asText()).isEqualTo("t-1");
        assertThat(issue.get("changelog").get("total").asInt()).isEqualTo(1);
    }

    @Test
    void assigneeCurrentUserAndEmpty() {
        jira.seed(NewIssue.builder("SYNC", "Mine").assignee(FakeJira.DEFAULT_ACCOUNT_ID).build());
        jira.seed(NewIssue.builder("SYNC", "Nobody's").build());

        assertThat(keys(search("assignee = currentUser()", "[\"key\"]"))).containsExactly("SYNC-1");
        assertThat(keys(search("project = SYNC AND assignee is EMPTY", "[\"key\"]"))).containsExactly("SYNC-2");
    }

    @Test
    void maxResultsBelowOneIs400() {
        Http.Response r = http.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC\",\"maxResults\":0}");

        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void aForeignPageTokenIs400() {
        for (int i = 0; i < 3; i++) seed("Issue " + i, clock.instant());
        String token = http.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC\",\"maxResults\":1}")
                .json().get("nextPageToken").asText();

        Http.Response r = http.post("/rest/api/3/search/jql",
                "{\"jql\":\"project = SYNC AND labels = x\",\"nextPageToken\":\"" + token + "\"}");

        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void withASearchLagAFreshWriteIsMissingFromSearchUntilTheLagPasses() {
        jira.searchLag(Duration.ofSeconds(30));
        String id = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"fresh\"}}").json().get("id").asText();

        List<String> right = keys(search("project = SYNC", "[\"key\"]"));
        clock.advance(Duration.ofSeconds(31));
        List<String> later = keys(search("project = SYNC", "[\"key\"]"));

        assertThat(right).isEmpty();
        assertThat(http.get("/rest/api/3/issue/" + id).status()).as("GET sees it at once").isEqualTo(200);
        assertThat(later).containsExactly("SYNC-1");
    }

    @Test
    void reconcileIssuesMakesAFreshWriteVisible() {
        jira.searchLag(Duration.ofSeconds(30));
        String id = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"fresh\"}}").json().get("id").asText();

        Http.Response r = http.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC\",\"fields\":[\"key\"],"
                + "\"reconcileIssues\":[" + id + "]}");

        assertThat(keys(r)).containsExactly("SYNC-1");
    }
}
