package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** FakeJira's responses conform to the schemas of Atlassian's OpenAPI spec. */
class FakeJiraConformanceTest {
    private static final OpenApiValidator SPEC = OpenApiValidator.get();
    private final FakeJira jira = FakeJira.start();
    private final Http http = new Http(jira);

    @BeforeEach
    void seed() {
        jira.addUser(JiraUser.of("dana-1", "Dana Dev").withEmail("dana@acme.io"));
        jira.seed(NewIssue.builder("SYNC", "One").description("Text").assignee("dana-1").labels("a")
                .property("zen.link", "{\"task\":\"t-1\"}").build());
        http.post("/rest/api/3/issue/SYNC-1/transitions", "{\"transition\":{\"id\":\"21\"}}");
        http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"summary\":\"Two\"}}");
        http.post("/rest/api/3/issue/SYNC-1/remotelink",
                "{\"globalId\":\"g-1\",\"object\":{\"url\":\"https://x\",\"title\":\"X\"}}");
    }

    @AfterEach
    void stop() {
        jira.close();
    }

    private static void conforms(JsonNode node, String schema) {
        if (node == null || node.isNull()) return; // an unset field (resolution of an open issue) is null
        assertThat(SPEC.violations(node, "/components/schemas/" + schema)).as(schema + " of " + node).isEmpty();
    }

    @Test
    void issueBeanAndItsFields() {
        JsonNode issue = http.get("/rest/api/3/issue/SYNC-1?expand=changelog,renderedFields&properties=*all").json();

        conforms(issue, "IssueBean");
        JsonNode f = issue.get("fields");
        conforms(f.get("status"), "StatusDetails");
        conforms(f.get("priority"), "Priority");
        conforms(f.get("assignee"), "UserDetails");
        conforms(f.get("reporter"), "UserDetails");
        conforms(f.get("issuetype"), "IssueTypeDetails");
        conforms(f.get("resolution"), "Resolution");
        conforms(issue.get("changelog"), "PageOfChangelogs");
    }

    @Test
    void createdIssue() {
        conforms(http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\"}}").json(), "CreatedIssue");
    }

    @Test
    void searchResults() {
        conforms(http.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC\",\"fields\":[\"*all\"],"
                + "\"maxResults\":1}").json(), "SearchAndReconcileResults");
    }

    @Test
    void transitions() {
        conforms(http.get("/rest/api/3/issue/SYNC-1/transitions?expand=transitions.fields").json(), "Transitions");
    }

    @Test
    void changelogPage() {
        conforms(http.get("/rest/api/3/issue/SYNC-1/changelog").json(), "PageBeanChangelog");
    }

    @Test
    void myselfAndUsers() {
        conforms(http.get("/rest/api/3/myself").json(), "User");
        for (JsonNode u : http.get("/rest/api/3/user/assignable/search?project=SYNC&query=d").json()) {
            conforms(u, "User");
        }
    }

    @Test
    void remoteLinks() {
        conforms(http.get("/rest/api/3/issue/SYNC-1/remotelink").json().get(0), "RemoteIssueLink");
        conforms(http.post("/rest/api/3/issue/SYNC-1/remotelink",
                "{\"globalId\":\"g-2\",\"object\":{\"url\":\"https://y\",\"title\":\"Y\"}}").json(),
                "RemoteIssueLinkIdentifies");
    }

    @Test
    void properties() {
        conforms(http.get("/rest/api/3/issue/SYNC-1/properties").json(), "PropertyKeys");
        conforms(http.get("/rest/api/3/issue/SYNC-1/properties/zen.link").json(), "EntityProperty");
    }

    @Test
    void projectMetadata() {
        conforms(http.get("/rest/api/3/project/SYNC").json(), "Project");
        for (JsonNode p : http.get("/rest/api/3/priority").json()) conforms(p, "Priority");
        for (JsonNode t : http.get("/rest/api/3/project/SYNC/statuses").json()) conforms(t, "IssueTypeWithStatus");
        conforms(http.get("/rest/api/3/issue/SYNC-1/editmeta").json(), "IssueUpdateMetadata");
    }

    @Test
    void serverInfoAndCount() {
        conforms(http.get("/rest/api/3/serverInfo").json(), "ServerInformation");
        conforms(http.post("/rest/api/3/search/approximate-count", "{\"jql\":\"project = SYNC\"}").json(),
                "JQLCountResultsBean");
    }

    @Test
    void errorEnvelope() {
        conforms(http.get("/rest/api/3/issue/SYNC-99").json(), "ErrorCollection");
        conforms(http.post("/rest/api/3/issue", "{\"fields\":{}}").json(), "ErrorCollection");
    }

    @Test
    void theCheckerFindsAnUndeclaredPropertyAndAWrongType() {
        ObjectNode me =
                (ObjectNode) http.get("/rest/api/3/myself").json();
        me.put("isAdmin", true);
        me.put("active", "yes");

        assertThat(SPEC.violations(me, "/components/schemas/User")).hasSize(2)
                .anySatisfy(v -> assertThat(v).contains("isAdmin"))
                .anySatisfy(v -> assertThat(v).contains("$.active: string found, boolean expected"));
    }
}
