package dev.zen.integration.testkit.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.testkit.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link FakeJira#simulateMove} and {@link FakeJira#simulateDelete}, as a whole-project sync sees them. */
class FakeJiraMoveDeleteTest {
    private final TestClock clock = TestClock.at("2026-12-03T10:00:00Z");
    private FakeJira jira;
    private Http http;

    @BeforeEach
    void start() {
        jira = FakeJira.builder().clock(clock).start();
        http = new Http(jira);
    }

    @AfterEach
    void stop() {
        jira.close();
    }

    @Test
    void givenAMovedIssueWhenReadByItsOldKeyThenTheIssueAnswersWithItsNewKeyAndSearchOfTheOldProjectLacksIt() {
        IssueSnapshot seeded = jira.seed(NewIssue.builder("SYNC", "Moving out").build());
        clock.advance(Duration.ofMinutes(1));

        IssueSnapshot moved = jira.simulateMove("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "OTHER");

        assertThat(moved.id()).isEqualTo(seeded.id());
        assertThat(moved.key()).isEqualTo("OTHER-1");
        assertThat(moved.projectKey()).isEqualTo("OTHER");
        assertThat(moved.summary()).isEqualTo("Moving out");
        assertThat(moved.updated()).isEqualTo(clock.instant());
        Http.Response byOldKey = http.get("/rest/api/3/issue/SYNC-1");
        assertThat(byOldKey.status()).isEqualTo(200);
        assertThat(byOldKey.json().get("key").asText()).isEqualTo("OTHER-1");
        Http.Response search = http.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC\",\"fields\":[\"summary\"]}");
        assertThat(search.json().get("issues")).isEmpty();
        Http.Response other = http.post("/rest/api/3/search/jql", "{\"jql\":\"project = OTHER\",\"fields\":[\"summary\"]}");
        assertThat(other.json().get("issues").get(0).get("key").asText()).isEqualTo("OTHER-1");
    }

    @Test
    void givenADeletedIssueWhenReadThen404AndSearchLacksIt() {
        jira.seed(NewIssue.builder("SYNC", "Going away").build());
        jira.seed(NewIssue.builder("SYNC", "Staying").build());

        jira.simulateDelete("SYNC-1");

        assertThat(http.get("/rest/api/3/issue/SYNC-1").status()).isEqualTo(404);
        Http.Response search = http.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC\",\"fields\":[\"summary\"]}");
        assertThat(search.json().get("issues")).hasSize(1);
        assertThat(jira.issues("SYNC")).extracting(IssueSnapshot::key).containsExactly("SYNC-2");
    }
}
