package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue properties, remote links, users, projects and metadata. */
class FakeJiraResourcesTest {
    private final FakeJira jira = FakeJira.start();
    private final Http http = new Http(jira);

    @AfterEach
    void stop() {
        jira.close();
    }

    @Test
    void propertyIsCreatedWith201ThenOverwrittenWith200() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        Http.Response created = http.put("/rest/api/3/issue/SYNC-1/properties/zen.link", "{\"task\":\"t-1\"}");
        Http.Response replaced = http.put("/rest/api/3/issue/SYNC-1/properties/zen.link", "{\"task\":\"t-2\"}");
        Http.Response read = http.get("/rest/api/3/issue/SYNC-1/properties/zen.link");

        assertThat(created.status()).isEqualTo(201);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(read.json().get("key").asText()).isEqualTo("zen.link");
        assertThat(read.json().get("value").get("task").asText()).isEqualTo("t-2");
    }

    @Test
    void missingPropertyIs404AndDeleteRemovesIt() {
        jira.seed(NewIssue.builder("SYNC", "One").property("a", "1").build());

        Http.Response missing = http.get("/rest/api/3/issue/SYNC-1/properties/nope");
        Http.Response deleted = http.delete("/rest/api/3/issue/SYNC-1/properties/a");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(http.get("/rest/api/3/issue/SYNC-1/properties").json().get("keys")).isEmpty();
    }

    @Test
    void propertyKeysAreListed() {
        jira.seed(NewIssue.builder("SYNC", "One").property("a", "1").property("b", "[2]").build());

        JsonNode keys = http.get("/rest/api/3/issue/SYNC-1/properties").json().get("keys");

        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).get("key").asText()).isIn("a", "b");
        assertThat(keys.get(0).get("self").asText()).startsWith(jira.baseUrl().toString());
    }

    @Test
    void propertyOver32KbIsRejected() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1/properties/big", "\"" + "x".repeat(33_000) + "\"");

        assertThat(r.status()).isEqualTo(400);
        assertThat(jira.issue("SYNC-1").orElseThrow().properties()).isEmpty();
    }

    @Test
    void writingAPropertyDoesNotBumpUpdated() {
        IssueSnapshot before = jira.seed(NewIssue.builder("SYNC", "One")
                .updated(Instant.parse("2020-01-01T00:00:00Z")).build());

        http.put("/rest/api/3/issue/SYNC-1/properties/a", "1");

        assertThat(jira.issue("SYNC-1").orElseThrow().updated()).isEqualTo(before.updated());
    }

    @Test
    void remoteLinkWithGlobalIdIsUpsertedNotDuplicated() {
        jira.seed(NewIssue.builder("SYNC", "One").build());
        String link = "{\"globalId\":\"zen:task-1\",\"object\":{\"url\":\"https://zen.example/t/1\",\"title\":\"%s\"}}";

        Http.Response first = http.post("/rest/api/3/issue/SYNC-1/remotelink", String.format(link, "v1"));
        Http.Response second = http.post("/rest/api/3/issue/SYNC-1/remotelink", String.format(link, "v2"));
        JsonNode all = http.get("/rest/api/3/issue/SYNC-1/remotelink").json();

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("object").get("title").asText()).isEqualTo("v2");
    }

    @Test
    void remoteLinkCanBeFoundByGlobalIdAndNeedsUrlAndTitle() {
        jira.seed(NewIssue.builder("SYNC", "One").build());
        http.post("/rest/api/3/issue/SYNC-1/remotelink",
                "{\"globalId\":\"g-1\",\"object\":{\"url\":\"https://x\",\"title\":\"X\"}}");

        Http.Response found = http.get("/rest/api/3/issue/SYNC-1/remotelink?globalId=g-1");
        Http.Response invalid = http.post("/rest/api/3/issue/SYNC-1/remotelink", "{\"object\":{\"url\":\"https://x\"}}");

        assertThat(found.json().get("globalId").asText()).isEqualTo("g-1");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").has("title")).isTrue();
    }

    @Test
    void myselfReportsTheAccountAndItsTimeZone() {
        try (FakeJira berlin = FakeJira.builder().defaultUserTimeZone(ZoneId.of("Europe/Berlin")).start()) {
            JsonNode me = new Http(berlin).get("/rest/api/3/myself").json();

            assertThat(me.get("accountId").asText()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID);
            assertThat(me.get("emailAddress").asText()).isEqualTo(FakeJira.DEFAULT_EMAIL);
            assertThat(me.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        }
    }

    @Test
    void assignableSearchResolvesDisplayNamesToAccountIds() {
        jira.addUser(JiraUser.of("dana-1", "Dana Dev").withEmail("dana@acme.io"));
        jira.addUser(JiraUser.of("dave-2", "Dave Ops"));
        jira.addUser(JiraUser.of("gone-3", "Dana Gone").inactive());

        JsonNode byName = http.get("/rest/api/3/user/assignable/search?project=SYNC&query=dana").json();
        JsonNode byWord = http.get("/rest/api/3/user/assignable/search?project=SYNC&query=Ops").json();

        assertThat(byName).hasSize(1);
        assertThat(byName.get(0).get("accountId").asText()).isEqualTo("dana-1");
        assertThat(byWord.get(0).get("displayName").asText()).isEqualTo("Dave Ops");
    }

    @Test
    void assignableSearchNeedsAProjectOrIssue() {
        Http.Response r = http.get("/rest/api/3/user/assignable/search?query=dana");

        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void projectMetadataListsIssueTypesAndStatuses() {
        JsonNode project = http.get("/rest/api/3/project/SYNC").json();
        JsonNode statuses = http.get("/rest/api/3/project/SYNC/statuses").json();

        assertThat(project.get("key").asText()).isEqualTo("SYNC");
        assertThat(project.get("issueTypes").findValuesAsText("name")).contains("Task", "Bug");
        assertThat(statuses.get(0).get("statuses").findValuesAsText("name")).contains("To Do", "In Progress", "Done");
        assertThat(http.get("/rest/api/3/project/NOPE").status()).isEqualTo(404);
    }

    @Test
    void prioritiesAreHighestToLowest() {
        JsonNode priorities = http.get("/rest/api/3/priority").json();

        assertThat(priorities.findValuesAsText("name")).containsExactly("Highest", "High", "Medium", "Low", "Lowest");
        assertThat(priorities.findValuesAsText("id")).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void userByAccountId() {
        jira.addUser(JiraUser.of("dana-1", "Dana Dev"));

        assertThat(http.get("/rest/api/3/user?accountId=dana-1").json().get("displayName").asText()).isEqualTo("Dana Dev");
        assertThat(http.get("/rest/api/3/user?accountId=ghost").status()).isEqualTo(404);
    }

    @Test
    void deletedIssueIsGone() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        Http.Response r = http.delete("/rest/api/3/issue/SYNC-1");

        assertThat(r.status()).isEqualTo(204);
        assertThat(http.get("/rest/api/3/issue/SYNC-1").status()).isEqualTo(404);
    }

    @Test
    void assigneeEndpointAssignsAndUnassigns() {
        jira.addUser(JiraUser.of("dana-1", "Dana Dev"));
        jira.seed(NewIssue.builder("SYNC", "One").build());

        Http.Response assigned = http.put("/rest/api/3/issue/SYNC-1/assignee", "{\"accountId\":\"dana-1\"}");
        String afterAssign = jira.issue("SYNC-1").orElseThrow().assigneeAccountId();
        http.put("/rest/api/3/issue/SYNC-1/assignee", "{\"accountId\":null}");

        assertThat(assigned.status()).isEqualTo(204);
        assertThat(afterAssign).isEqualTo("dana-1");
        assertThat(jira.issue("SYNC-1").orElseThrow().assigneeAccountId()).isNull();
    }

    @Test
    void editMetaListsTheEditableFieldsButNotStatus() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        JsonNode fields = http.get("/rest/api/3/issue/SYNC-1/editmeta").json().get("fields");

        assertThat(fields.has("summary")).isTrue();
        List<String> labelOps = new ArrayList<>();
        fields.get("labels").get("operations").forEach(op -> labelOps.add(op.asText()));
        assertThat(labelOps).containsExactlyInAnyOrder("add", "set", "remove");
        assertThat(fields.has("status")).isFalse();
    }

    @Test
    void approximateCountCountsJqlMatches() {
        jira.seed(NewIssue.builder("SYNC", "One").labels("a").build());
        jira.seed(NewIssue.builder("SYNC", "Two").build());

        Http.Response r = http.post("/rest/api/3/search/approximate-count", "{\"jql\":\"project = SYNC AND labels = a\"}");

        assertThat(r.json().get("count").asInt()).isEqualTo(1);
    }
}
