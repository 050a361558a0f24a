package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Endpoints, fields and JQL a Jira client uses beyond the sync core: comments, bulk create, metadata, search. */
class FakeJiraMoreApiTest {
    private final TestClock clock = TestClock.at("2025-09-20T10:30:00Z");
    private FakeJira jira;
    private Http http;

    @BeforeEach
    void start() {
        jira = FakeJira.builder().clock(clock).start();
        jira.addUser(JiraUser.of("dana-1", "Dana Dev"));
        http = new Http(jira);
    }

    @AfterEach
    void stop() {
        jira.close();
    }

    private List<String> keys(String jql) {
        Http.Response r = http.post("/rest/api/3/search/jql", "{\"jql\":\"" + jql.replace("\"", "\\\"")
                + "\",\"fields\":[\"key\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("issues").forEach(i -> out.add(i.get("key").asText()));
        return out;
    }

    @Test
    void givenCommentsWhenAddedListedEditedAndDeletedThenTheyBehaveAsOnJira() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        Http.Response added = http.post("/rest/api/3/issue/SYNC-1/comment", "{\"body\":" + Http.adf("first") + "}");
        http.post("/rest/api/3/issue/SYNC-1/comment", "{\"body\":" + Http.adf("second") + "}");
        String id = added.json().get("id").asText();
        JsonNode page = http.get("/rest/api/3/issue/SYNC-1/comment?startAt=1&maxResults=1").json();
        Http.Response edited = http.put("/rest/api/3/issue/SYNC-1/comment/" + id, "{\"body\":" + Http.adf("1st") + "}");
        Http.Response invalid = http.post("/rest/api/3/issue/SYNC-1/comment", "{\"body\":\"plain\"}");

        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().at("/author/accountId").asText()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID);
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(page.get("comments")).hasSize(1);
        assertThat(page.at("/comments/0/body/content/0/content/0/text").asText()).isEqualTo("second");
        assertThat(edited.json().at("/body/content/0/content/0/text").asText()).isEqualTo("1st");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(http.get("/rest/api/3/issue/SYNC-1?fields=comment").json().at("/fields/comment/total").asInt())
                .isEqualTo(2);
        assertThat(http.delete("/rest/api/3/issue/SYNC-1/comment/" + id).status()).isEqualTo(204);
        assertThat(http.get("/rest/api/3/issue/SYNC-1/comment/" + id).status()).isEqualTo(404);
    }

    @Test
    void givenABulkCreateWithOneBadElementThen201WithTheIssuesAndTheIndexedError() {
        String good = "{\"fields\":{\"project\":{\"key\":\"SYNC\"},\"issuetype\":{\"name\":\"Task\"},\"summary\":\"ok\"}}";
        String bad = "{\"fields\":{\"project\":{\"key\":\"SYNC\"},\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\","
                + "\"customfield_987654\":1}}";

        Http.Response r = http.post("/rest/api/3/issue/bulk", "{\"issueUpdates\":[" + good + "," + bad + "," + good + "]}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("issues")).hasSize(2);
        assertThat(r.json().at("/errors/0/failedElementNumber").asInt()).isEqualTo(1);
        assertThat(r.json().at("/errors/0/elementErrors/errors/customfield_987654").asText()).contains("cannot be set");
        assertThat(http.post("/rest/api/3/issue/bulk", "{\"issueUpdates\":[" + bad + "]}").status()).isEqualTo(400);
    }

    @Test
    void givenMetadataEndpointsThenFieldsSchemasAndRequiredFlagsAreListed() {
        jira.addProject("REQ", "Required", "duedate");

        JsonNode fields = http.get("/rest/api/3/field").json();
        JsonNode createFields = http.get("/rest/api/3/issue/createmeta/REQ/issuetypes/10001").json().get("fields");
        JsonNode projects = http.get("/rest/api/3/project/search?query=req").json();

        assertThat(fields.findValues("id").stream().map(JsonNode::asText)).contains("summary", "customfield_10016");
        JsonNode storyPoints = fields.findParents("id").stream()
                .filter(f -> f.get("id").asText().equals("customfield_10016")).findFirst().orElseThrow();
        assertThat(storyPoints.at("/schema/type").asText()).isEqualTo("number");
        assertThat(storyPoints.get("custom").asBoolean()).isTrue();
        assertThat(createFields.findParents("fieldId").stream().filter(f -> f.get("required").asBoolean())
                .map(f -> f.get("fieldId").asText())).containsExactlyInAnyOrder("summary", "issuetype", "project",
                "duedate");
        assertThat(projects.get("total").asInt()).isEqualTo(1);
        assertThat(projects.at("/values/0/key").asText()).isEqualTo("REQ");
    }

    @Test
    void givenServerInfoThenVersionNumbersBuildNumberAndServerTimeAreThere() {
        JsonNode info = http.get("/rest/api/3/serverInfo").json();

        assertThat(info.get("versionNumbers")).hasSize(3);
        assertThat(info.get("buildNumber").asInt()).isPositive();
        assertThat(info.get("serverTime").asText()).isEqualTo("2025-09-20T10:30:00.000+0000");
    }

    @Test
    void givenExpandNamesAndTheDefaultFieldsThenTheyAreAnsweredAsJiraDoes() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        JsonNode issue = http.get("/rest/api/3/issue/SYNC-1?expand=names,schema").json();

        assertThat(issue.at("/names/summary").asText()).isEqualTo("Summary");
        assertThat(issue.at("/names/customfield_10016").asText()).isEqualTo("Story Points");
        assertThat(issue.at("/schema/customfield_10016/type").asText()).isEqualTo("number");
        JsonNode f = issue.get("fields");
        assertThat(f.at("/creator/accountId").asText()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID);
        assertThat(f.get("subtasks")).isEmpty();
        assertThat(f.get("issuelinks")).isEmpty();
        assertThat(f.at("/watches/watchCount").asInt()).isZero();
        assertThat(f.at("/votes/votes").asInt()).isZero();
    }

    @Test
    void givenAGlobalIdWhenARemoteLinkIsDeletedByItThenItIsGone() {
        jira.seed(NewIssue.builder("SYNC", "One").build());
        http.post("/rest/api/3/issue/SYNC-1/remotelink", "{\"globalId\":\"g-1\",\"object\":{\"url\":\"https://x\","
                + "\"title\":\"X\"}}");

        assertThat(http.delete("/rest/api/3/issue/SYNC-1/remotelink?globalId=g-1").status()).isEqualTo(204);
        assertThat(http.get("/rest/api/3/issue/SYNC-1/remotelink").json()).isEmpty();
        assertThat(http.delete("/rest/api/3/issue/SYNC-1/remotelink?globalId=g-1").status()).isEqualTo(404);
    }

    @Test
    void givenReturnIssueAndNotifyUsersWhenEditingThen200WithTheEditedIssue() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1?returnIssue=true&notifyUsers=false",
                "{\"fields\":{\"summary\":\"Two\"}}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/fields/summary").asText()).isEqualTo("Two");
    }

    @Test
    void givenTheWiderJqlThenTypeResolutionTextReporterAndOrderByWork() {
        jira.seed(NewIssue.builder("SYNC", "Export fails on Monday").issueType("Bug").reporter("dana-1").build());
        jira.seed(NewIssue.builder("SYNC", "Import works").description("export here too").status("Done").build());
        jira.seed(NewIssue.builder("SYNC", "Other").labels("x").build());

        assertThat(keys("project = SYNC AND issuetype = Bug")).containsExactly("SYNC-1");
        assertThat(keys("project = SYNC AND type != Bug ORDER BY key ASC")).containsExactly("SYNC-2", "SYNC-3");
        assertThat(keys("project = SYNC AND resolution = Unresolved ORDER BY key ASC")).containsExactly("SYNC-1", "SYNC-3");
        assertThat(keys("project = SYNC AND resolution IS NOT EMPTY")).containsExactly("SYNC-2");
        assertThat(keys("project = SYNC AND summary ~ export")).containsExactly("SYNC-1");
        assertThat(keys("project = SYNC AND text ~ \"export\" ORDER BY key ASC")).containsExactly("SYNC-1", "SYNC-2");
        assertThat(keys("project = SYNC AND summary ~ \"mon*\"")).containsExactly("SYNC-1");
        assertThat(keys("project = SYNC AND summary !~ export ORDER BY key")).containsExactly("SYNC-2", "SYNC-3");
        assertThat(keys("project = SYNC AND reporter = dana-1")).containsExactly("SYNC-1");
        assertThat(keys("project = SYNC AND reporter = currentUser() ORDER BY summary ASC"))
                .containsExactly("SYNC-2", "SYNC-3");
        assertThat(keys("project = SYNC AND labels IS EMPTY ORDER BY issuetype DESC, key ASC"))
                .containsExactly("SYNC-1", "SYNC-2");
        assertThat(keys("project = SYNC AND resolved >= -1d")).containsExactly("SYNC-2");
    }
}
