package dev.zen.integration.testkit.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issues moved to another project or deleted by someone else, as a scope poll meets them. */
class FakeJiraMoveDeleteTest {
    private final FakeJira jira = FakeJira.start();
    private final Http http = new Http(jira);

    @AfterEach
    void stop() {
        jira.close();
    }

    private List<String> search(String jql) {
        Http.Response r = http.post("/rest/api/3/search/jql", "{\"jql\":" + Http.JSON.valueToTree(jql)
                + ",\"fields\":[\"summary\"]}");
        List<String> keys = new ArrayList<>();
        r.json().get("issues").forEach(i -> keys.add(i.get("key").asText()));
        return keys;
    }

    @Test
    void givenAnIssueWhenMovedThenItHasTheNextKeyOfTheTargetAndItsOldKeyStillFindsIt() {
        jira.addProject("OPS", "Operations");
        jira.seed(NewIssue.builder("OPS", "Already there").build());
        String id = jira.seed(NewIssue.builder("SYNC", "Move me").build()).id();

        IssueSnapshot moved = jira.simulateMove("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "OPS");

        assertThat(moved.id()).isEqualTo(id);
        assertThat(moved.key()).isEqualTo("OPS-2");
        assertThat(moved.projectKey()).isEqualTo("OPS");
        assertThat(http.get("/rest/api/3/issue/SYNC-1").json().get("key").asText()).isEqualTo("OPS-2");
        assertThat(search("project = SYNC")).isEmpty();
        assertThat(search("project = OPS")).containsExactlyInAnyOrder("OPS-1", "OPS-2");
        assertThat(moved.changelog()).extracting(IssueSnapshot.Change::field).contains("issuekey", "project");
    }

    @Test
    void givenAnIssueWhenDeletedThenGetIsNotFoundAndSearchMissesIt() {
        jira.seed(NewIssue.builder("SYNC", "Delete me").build());
        jira.seed(NewIssue.builder("SYNC", "Keep me").build());

        jira.simulateDelete("SYNC-1");

        assertThat(http.get("/rest/api/3/issue/SYNC-1").status()).isEqualTo(404);
        assertThat(search("project = SYNC")).containsExactly("SYNC-2");
        assertThatThrownBy(() -> jira.simulateDelete("SYNC-1")).isInstanceOf(IllegalArgumentException.class);
    }
}
