package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class FakeJiraIssueTest {
    private final TestClock clock = TestClock.at("2025-09-20T10:30:00.123Z");
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

    private String create(String summary) {
        Http.Response r = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"" + summary + "\"}}");
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("key").asText();
    }

    @Test
    void createAnswers201WithOnlyIdKeyAndSelf() {
        Http.Response r = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"Export fails\",\"description\":" + Http.adf("Repro")
                + ",\"labels\":[\"gh-sync\"],\"priority\":{\"name\":\"High\"}}}");

        assertThat(r.status()).isEqualTo(201);
        JsonNode body = r.json();
        assertThat(body.size()).isEqualTo(3);
        assertThat(body.get("id").asText()).matches("\\d+");
        assertThat(body.get("key").asText()).isEqualTo("SYNC-1");
        assertThat(body.get("self").asText()).isEqualTo(jira.baseUrl() + "/rest/api/3/issue/" + body.get("id").asText());
        IssueSnapshot stored = jira.issue("SYNC-1").orElseThrow();
        assertThat(stored.description()).isEqualTo("Repro");
        assertThat(stored.priority()).isEqualTo("High");
        assertThat(stored.status()).isEqualTo("To Do");
        assertThat(stored.reporterAccountId()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID);
    }

    @Test
    void createWithoutSummaryIsRejectedWithFieldErrorsAndStoresNothing() {
        Http.Response r = http.post("/rest/api/3/issue",
                "{\"fields\":{\"project\":{\"key\":\"SYNC\"},\"issuetype\":{\"name\":\"Task\"}}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get("summary").asText()).isEqualTo("You must specify a summary of the issue.");
        assertThat(r.json().get("errorMessages").isArray()).isTrue();
        assertThat(jira.issues()).isEmpty();
    }

    @Test
    void createWithUnknownProjectAndTypeNamesBothFields() {
        Http.Response r = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"NOPE\"},"
                + "\"issuetype\":{\"name\":\"Saga\"},\"summary\":\"x\"}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").has("project")).isTrue();
        assertThat(r.json().get("errors").has("issuetype")).isTrue();
    }

    @Test
    void createWithPlainStringDescriptionIsRejectedBecauseV3NeedsAdf() {
        Http.Response r = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\",\"description\":\"plain\"}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get("description").asText()).contains("Atlassian Document");
    }

    @Test
    void givenADescriptionOver32767CharactersWhenCreatedOrEditedThenItIsRefusedAsJiraDoes() {
        String tooLong = Http.adf("x".repeat(32_768));

        Http.Response created = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\",\"description\":" + tooLong + "}}");
        String key = create("Fits");
        Http.Response edited = http.put("/rest/api/3/issue/" + key, "{\"fields\":{\"description\":" + tooLong + "}}");
        Http.Response fits = http.put("/rest/api/3/issue/" + key,
                "{\"fields\":{\"description\":" + Http.adf("x".repeat(32_767)) + "}}");

        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json().get("errors").get("description").asText()).contains("32,767 characters");
        assertThat(edited.status()).isEqualTo(400);
        assertThat(fits.status()).isEqualTo(204);
        assertThat(jira.issues()).hasSize(1);
    }

    @Test
    void givenTwoAdfParagraphsWhenSnapshottedThenTheyAreSeparatedByABlankLineAsThePluginReadsThem() throws Exception {
        JsonNode adf = JiraJson.MAPPER.readTree("{\"type\":\"doc\",\"version\":1,\"content\":["
                + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"First\"},{\"type\":\"hardBreak\"},"
                + "{\"type\":\"text\",\"text\":\"still first\"}]},"
                + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Second\"}]},"
                + "{\"type\":\"bulletList\",\"content\":[{\"type\":\"listItem\",\"content\":["
                + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"item\"}]}]}]}]}");

        IssueSnapshot s = jira.seed(NewIssue.builder("SYNC", "Doc").descriptionAdf(adf).build());

        assertThat(s.description()).isEqualTo("First\nstill first\n\nSecond\n\n- item");
    }

    @Test
    void givenTextWithABlankLineWhenSimulatedAsAnEditThenItIsStoredAsTwoParagraphsAndReadBackUnchanged() {
        String key = create("Doc");

        IssueSnapshot s = jira.simulateEdit(key, FakeJira.DEFAULT_ACCOUNT_ID,
                Map.of("description", "First\nstill first\n\nSecond"));

        assertThat(s.description()).isEqualTo("First\nstill first\n\nSecond");
        assertThat(s.descriptionAdf().path("content")).hasSize(2);
        assertThat(s.descriptionAdf().path("content").get(0).path("content").get(1).path("type").asText())
                .isEqualTo("hardBreak");
    }

    @Test
    void createWithStatusFieldIsRejected() {
        Http.Response r = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\",\"status\":{\"name\":\"Done\"}}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get("status").asText()).contains("cannot be set");
    }

    @Test
    void projectRequiredFieldsAreEnforcedOnCreate() {
        jira.addProject("STRICT", "Strict", "priority");

        Http.Response r = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"STRICT\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\"}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get("priority").asText()).isEqualTo("Field 'priority' is required");
    }

    @Test
    void createSetsPropertiesAtomically() {
        Http.Response r = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\"},"
                + "\"properties\":[{\"key\":\"zen.link\",\"value\":{\"task\":\"t-1\"}}]}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(jira.issue("SYNC-1").orElseThrow().properties().get("zen.link").get("task").asText())
                .isEqualTo("t-1");
    }

    @Test
    void getByKeyIgnoresCaseAndAnswersTheCurrentKey() {
        create("One");

        Http.Response r = http.get("/rest/api/3/issue/sync-1");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("key").asText()).isEqualTo("SYNC-1");
    }

    @Test
    void getById() {
        String id = jira.seed(NewIssue.builder("SYNC", "Seeded").build()).id();

        Http.Response r = http.get("/rest/api/3/issue/" + id);

        assertThat(r.json().get("fields").get("summary").asText()).isEqualTo("Seeded");
    }

    @Test
    void getUnknownIssueIs404WithJirasEnvelope() {
        Http.Response r = http.get("/rest/api/3/issue/SYNC-99");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("errorMessages").get(0).asText())
                .isEqualTo("Issue does not exist or you do not have permission to see it.");
        assertThat(r.json().get("errors").isObject()).isTrue();
    }

    @Test
    void getRendersRealisticFieldsWithStatusCategoryAndOffsetTimestamps() {
        create("One");

        JsonNode fields = http.get("/rest/api/3/issue/SYNC-1").json().get("fields");

        assertThat(fields.get("status").get("name").asText()).isEqualTo("To Do");
        assertThat(fields.get("status").get("statusCategory").get("key").asText()).isEqualTo("new");
        assertThat(fields.get("status").get("statusCategory").get("id").asInt()).isEqualTo(2);
        assertThat(fields.get("priority").get("name").asText()).isEqualTo("Medium");
        assertThat(fields.get("assignee").isNull()).isTrue();
        assertThat(fields.get("description").isNull()).isTrue();
        assertThat(fields.get("created").asText()).isEqualTo("2025-09-20T10:30:00.123+0000");
        assertThat(fields.get("project").get("key").asText()).isEqualTo("SYNC");
    }

    @Test
    void timestampsFollowTheCallersTimeZone() {
        jira.addUser(JiraUser.of("chicago-1", "Chi Cago").withEmail("chi@example.com")
                .withTimeZone(ZoneId.of("America/Chicago")));
        jira.addApiToken("chicago-1", "tok");
        create("One");

        String updated = http.as(FakeJira.basicAuthHeader("chi@example.com", "tok"))
                .get("/rest/api/3/issue/SYNC-1").json().get("fields").get("updated").asText();

        assertThat(updated).isEqualTo("2025-09-20T05:30:00.123-0500");
    }

    @Test
    void fieldsParameterSelectsAndExcludesFields() {
        create("One");

        JsonNode fields = http.get("/rest/api/3/issue/SYNC-1?fields=summary,status").json().get("fields");
        JsonNode excluded = http.get("/rest/api/3/issue/SYNC-1?fields=*all,-description").json().get("fields");

        assertThat(fields.size()).isEqualTo(2);
        assertThat(excluded.has("description")).isFalse();
        assertThat(excluded.has("summary")).isTrue();
    }

    @Test
    void editAnswers204AndBumpsUpdatedAndWritesChangelog() {
        create("Old");
        clock.advance(Duration.ofMinutes(3));

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"summary\":\"New\"}}");

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        IssueSnapshot s = jira.issue("SYNC-1").orElseThrow();
        assertThat(s.summary()).isEqualTo("New");
        assertThat(s.updated()).isEqualTo(clock.instant());
        assertThat(s.changelog()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("summary");
            assertThat(c.from()).isEqualTo("Old");
            assertThat(c.to()).isEqualTo("New");
            assertThat(c.authorAccountId()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID);
        });
    }

    @Test
    void editWithReturnIssueAnswers200WithTheIssue() {
        create("Old");

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1?returnIssue=true", "{\"fields\":{\"summary\":\"New\"}}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("fields").get("summary").asText()).isEqualTo("New");
    }

    @Test
    void editCannotChangeStatus() {
        create("One");

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"status\":{\"name\":\"Done\"}}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(jira.issue("SYNC-1").orElseThrow().status()).isEqualTo("To Do");
    }

    @Test
    void transitionInsideAnEditIsIgnored() {
        create("One");

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1",
                "{\"fields\":{\"summary\":\"Two\"},\"transition\":{\"id\":\"21\"}}");

        assertThat(r.status()).isEqualTo(204);
        assertThat(jira.issue("SYNC-1").orElseThrow().status()).isEqualTo("To Do");
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Two");
    }

    @Test
    void editWithPlainStringDescriptionIsRejected() {
        create("One");

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"description\":\"plain\"}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get("description").asText())
                .isEqualTo("Operation value must be an Atlassian Document (see the Atlassian Document Format)");
    }

    @Test
    void labelUpdateOperationsAddAndRemove() {
        jira.seed(NewIssue.builder("SYNC", "One").labels("blocker", "backend").build());

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1",
                "{\"update\":{\"labels\":[{\"add\":\"triaged\"},{\"remove\":\"blocker\"}]}}");

        assertThat(r.status()).isEqualTo(204);
        assertThat(jira.issue("SYNC-1").orElseThrow().labels()).containsExactly("backend", "triaged");
    }

    @Test
    void labelsWithSpacesAreRejected() {
        create("One");

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"labels\":[\"has space\"]}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get("labels").asText()).contains("contains spaces");
    }

    @Test
    void sameFieldInFieldsAndUpdateIsRejected() {
        create("One");

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1",
                "{\"fields\":{\"labels\":[\"a\"]},\"update\":{\"labels\":[{\"add\":\"b\"}]}}");

        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void assigneeIsSetByAccountIdAndClearedWithNull() {
        jira.addUser(JiraUser.of("dana-1", "Dana Dev"));
        create("One");

        http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"assignee\":{\"accountId\":\"dana-1\"}}}");
        JsonNode assignee = http.get("/rest/api/3/issue/SYNC-1").json().get("fields").get("assignee");
        http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"assignee\":null}}");

        assertThat(assignee.get("displayName").asText()).isEqualTo("Dana Dev");
        assertThat(jira.issue("SYNC-1").orElseThrow().assigneeAccountId()).isNull();
    }

    @Test
    void unknownAssigneeIsRejected() {
        create("One");

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"assignee\":{\"accountId\":\"ghost\"}}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").has("assignee")).isTrue();
    }

    @Test
    void anEditThatChangesNothingLeavesUpdatedAlone() {
        create("Same");
        clock.advance(Duration.ofMinutes(1));

        http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"summary\":\"Same\"}}");

        assertThat(jira.issue("SYNC-1").orElseThrow().updated()).isEqualTo(clock.instant().minus(Duration.ofMinutes(1)));
    }

    @Test
    void simulatedEditByAnotherUserBumpsUpdatedAndRecordsTheAuthor() {
        jira.addUser(JiraUser.of("dana-1", "Dana Dev"));
        create("One");
        clock.advance(Duration.ofMinutes(5));

        IssueSnapshot s = jira.simulateEdit("SYNC-1", "dana-1", Map.of("summary", "Changed in Jira",
                "labels", List.of("x"), "description", "Text"));

        assertThat(s.updated()).isEqualTo(clock.instant());
        assertThat(s.description()).isEqualTo("Text");
        assertThat(s.changelog()).extracting(IssueSnapshot.Change::authorAccountId).containsOnly("dana-1");
        JsonNode histories = http.get("/rest/api/3/issue/SYNC-1?expand=changelog").json()
                .get("changelog").get("histories");
        assertThat(histories.get(0).get("author").get("accountId").asText()).isEqualTo("dana-1");
    }

    @Test
    void createWithATransitionStartsInItsTargetStatus() {
        Http.Response r = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\"},\"transition\":{\"id\":\"21\"}}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(jira.issue("SYNC-1").orElseThrow().status()).isEqualTo("In Progress");
    }

    @Test
    void createWithATransitionNotOfferedFromTheInitialStatusCreatesNothing() {
        Http.Response r = http.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
                + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\"},\"transition\":{\"id\":\"31\"}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(jira.issues()).isEmpty();
        assertThat(create("next")).isEqualTo("SYNC-1");
    }

    @Test
    void concurrentCreatesGetDistinctKeys() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                keys.add(pool.submit(() -> create("Issue " + n)));
            }
            Set<String> distinct = new HashSet<>();
            for (var k : keys) distinct.add(k.get());

            assertThat(distinct).hasSize(40);
            assertThat(jira.issues()).hasSize(40);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void seedingRejectsWhatJiraWouldNotStore() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NewIssue.builder("SYNC", "x").labels("has space").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("white space");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jira.seed(NewIssue.builder("NOPE", "x").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addProject");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jira.seed(NewIssue.builder("SYNC", "x").status("Doing").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Doing");
    }
}
