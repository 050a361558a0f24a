package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FakeJiraWorkflowTest {
    private final TestClock clock = TestClock.at("2025-09-20T10:30:00Z");
    private FakeJira jira = FakeJira.builder().clock(clock).start();
    private final Http http = new Http(jira);

    @AfterEach
    void stop() {
        jira.close();
    }

    private static String transition(String id) {
        return "{\"transition\":{\"id\":\"" + id + "\"}}";
    }

    @Test
    void transitionsOfferedDependOnTheCurrentStatus() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        JsonNode fromToDo = http.get("/rest/api/3/issue/SYNC-1/transitions").json().get("transitions");

        assertThat(fromToDo).hasSize(1);
        assertThat(fromToDo.get(0).get("id").asText()).isEqualTo("21");
        assertThat(fromToDo.get(0).get("to").get("name").asText()).isEqualTo("In Progress");
        assertThat(fromToDo.get(0).get("to").get("statusCategory").get("key").asText()).isEqualTo("indeterminate");
    }

    @Test
    void transitionChangesStatusAnswers204AndWritesAStatusChangelogEntry() {
        jira.seed(NewIssue.builder("SYNC", "One").build());
        clock.advance(Duration.ofMinutes(2));

        Http.Response r = http.post("/rest/api/3/issue/SYNC-1/transitions", transition("21"));

        assertThat(r.status()).isEqualTo(204);
        IssueSnapshot s = jira.issue("SYNC-1").orElseThrow();
        assertThat(s.status()).isEqualTo("In Progress");
        assertThat(s.statusCategory()).isEqualTo(StatusCategory.IN_PROGRESS);
        assertThat(s.updated()).isEqualTo(clock.instant());
        assertThat(s.changelog()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("status");
            assertThat(c.from()).isEqualTo("To Do");
            assertThat(c.to()).isEqualTo("In Progress");
        });
    }

    @Test
    void aTransitionNotOfferedFromTheCurrentStatusIs400() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        Http.Response r = http.post("/rest/api/3/issue/SYNC-1/transitions", transition("31"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessages").get(0).asText()).isEqualTo("Transition id '31' is not valid for this issue.");
        assertThat(jira.issue("SYNC-1").orElseThrow().status()).isEqualTo("To Do");
    }

    @Test
    void reachingDoneSetsTheResolutionAndLeavingDoneClearsIt() {
        jira.seed(NewIssue.builder("SYNC", "One").status("In Progress").build());

        http.post("/rest/api/3/issue/SYNC-1/transitions", transition("31"));
        JsonNode done = http.get("/rest/api/3/issue/SYNC-1").json().get("fields");
        http.post("/rest/api/3/issue/SYNC-1/transitions", transition("11"));

        assertThat(done.get("status").get("statusCategory").get("key").asText()).isEqualTo("done");
        assertThat(done.get("resolution").get("name").asText()).isEqualTo("Done");
        assertThat(done.get("resolutiondate").isNull()).isFalse();
        assertThat(jira.issue("SYNC-1").orElseThrow().resolution()).isNull();
    }

    @Test
    void aRequiredFieldGateRejectsTheTransitionUntilTheFieldHasAValue() {
        jira.workflow(Workflow.builder()
                .status("1", "Open", StatusCategory.TO_DO)
                .status("2", "Closed", StatusCategory.DONE)
                .transition("5", "Close", "Closed", "Open")
                .requireField("5", "assignee")
                .build());
        jira.addUser(JiraUser.of("dana-1", "Dana Dev"));
        jira.seed(NewIssue.builder("SYNC", "One").build());

        Http.Response rejected = http.post("/rest/api/3/issue/SYNC-1/transitions", transition("5"));
        Http.Response accepted = http.post("/rest/api/3/issue/SYNC-1/transitions",
                "{\"transition\":{\"id\":\"5\"},\"fields\":{\"assignee\":{\"accountId\":\"dana-1\"}}}");

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.json().get("errors").get("assignee").asText()).isEqualTo("Assignee is required.");
        assertThat(accepted.status()).isEqualTo(204);
        assertThat(jira.issue("SYNC-1").orElseThrow().status()).isEqualTo("Closed");
        assertThat(jira.issue("SYNC-1").orElseThrow().assigneeAccountId()).isEqualTo("dana-1");
    }

    @Test
    void transitionFieldsAreListedWithExpand() {
        jira.workflow(Workflow.standard());
        Workflow gated = Workflow.builder().status("1", "Open", StatusCategory.TO_DO)
                .status("2", "Closed", StatusCategory.DONE).transition("5", "Close", "Closed", "Open")
                .requireField("5", "resolution").build();
        jira.workflow(gated);
        jira.seed(NewIssue.builder("SYNC", "One").build());

        JsonNode t = http.get("/rest/api/3/issue/SYNC-1/transitions?expand=transitions.fields").json()
                .get("transitions").get(0);

        assertThat(t.get("fields").get("resolution").get("required").asBoolean()).isTrue();
        assertThat(t.get("hasScreen").asBoolean()).isTrue();
    }

    @Test
    void simplifiedWorkflowOffersEveryStatusFromEveryStatus() {
        jira.workflow(Workflow.simplified());
        jira.seed(NewIssue.builder("SYNC", "One").build());

        Http.Response r = http.post("/rest/api/3/issue/SYNC-1/transitions", transition("31"));

        assertThat(r.status()).isEqualTo(204);
        assertThat(jira.issue("SYNC-1").orElseThrow().status()).isEqualTo("Done");
    }

    @Test
    void missingTransitionIdIs400() {
        jira.seed(NewIssue.builder("SYNC", "One").build());

        Http.Response r = http.post("/rest/api/3/issue/SYNC-1/transitions", "{}");

        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void aReadOnlyUserSeesNoTransitionsAndCannotTransition() {
        jira.addUser(JiraUser.of("viewer-1", "Vic Viewer").withEmail("vic@example.com")
                .withPermission(JiraUser.Permission.READ_ONLY));
        jira.addApiToken("viewer-1", "tok");
        jira.seed(NewIssue.builder("SYNC", "One").build());
        Http viewer = http.as(FakeJira.basicAuthHeader("vic@example.com", "tok"));

        JsonNode offered = viewer.get("/rest/api/3/issue/SYNC-1/transitions").json().get("transitions");
        Http.Response r = viewer.post("/rest/api/3/issue/SYNC-1/transitions", transition("21"));

        assertThat(offered).isEmpty();
        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void simulatedStatusChangeByAnotherUserMovesTheIssueAndRecordsTheAuthor() {
        jira.addUser(JiraUser.of("dana-1", "Dana Dev"));
        jira.seed(NewIssue.builder("SYNC", "One").build());
        clock.advance(Duration.ofMinutes(1));

        IssueSnapshot s = jira.simulateStatusChange("SYNC-1", "dana-1", "Done");

        assertThat(s.status()).isEqualTo("Done");
        assertThat(s.resolution()).isEqualTo("Done");
        assertThat(s.updated()).isEqualTo(clock.instant());
        assertThat(s.changelog()).extracting(IssueSnapshot.Change::authorAccountId).containsOnly("dana-1");
        assertThat(http.get("/rest/api/3/issue/SYNC-1/transitions").json().get("transitions").get(0).get("id").asText())
                .isEqualTo("11");
    }

    @Test
    void changelogEndpointIsPaginatedOldestFirst() {
        jira.seed(NewIssue.builder("SYNC", "v0").build());
        for (int i = 1; i <= 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"summary\":\"v" + i + "\"}}");
        }

        JsonNode first = http.get("/rest/api/3/issue/SYNC-1/changelog?maxResults=2").json();
        JsonNode second = http.get("/rest/api/3/issue/SYNC-1/changelog?startAt=2&maxResults=2").json();

        assertThat(first.get("total").asInt()).isEqualTo(3);
        assertThat(first.get("isLast").asBoolean()).isFalse();
        assertThat(first.get("values").get(0).get("items").get(0).get("toString").asText()).isEqualTo("v1");
        assertThat(second.get("isLast").asBoolean()).isTrue();
        assertThat(second.get("values").get(0).get("items").get(0).get("toString").asText()).isEqualTo("v3");
    }

    @Test
    void expandChangelogListsNewestFirst() {
        jira.seed(NewIssue.builder("SYNC", "v0").build());
        http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"summary\":\"v1\"}}");
        http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"summary\":\"v2\"}}");

        JsonNode cl = http.get("/rest/api/3/issue/SYNC-1?expand=changelog").json().get("changelog");

        assertThat(cl.get("total").asInt()).isEqualTo(2);
        assertThat(cl.get("histories").get(0).get("items").get(0).get("toString").asText()).isEqualTo("v2");
    }
}
