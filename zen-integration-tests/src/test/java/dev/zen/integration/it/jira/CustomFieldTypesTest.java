package dev.zen.integration.it.jira;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.zen.integration.testkit.junit.ZenIntegrationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every custom field type FakeJira validates (as Jira does) written from Zen text and read back unchanged, and a
 * value a type cannot take failing that task with INVALID_DATA naming the field and type, not the other tasks.
 */
class CustomFieldTypesTest {
    private static final String REVIEWER_ID = "5b10ac8d82e05b22cc7d4e01";
    private static final Map<String, String> FIELDS = Map.of(
            "story_points", "customfield_10016", "team", "customfield_10030", "tags", "customfield_10031",
            "reviewer", "customfield_10032", "environment", "customfield_10033", "platforms", "customfield_10034",
            "start_date", "customfield_10015", "deployed_at", "customfield_10035");

    @RegisterExtension
    ZenIntegrationExtension zen = ZenIntegrationExtension.builder().clockStart("2026-05-01T08:00:00Z")
            .configureProvider(p -> p.fieldMapping(FieldMapping.of("title", "summary", "status", "status.name")
                    .overriddenBy(FIELDS))).build();

    @BeforeEach
    void reviewer() {
        zen.jira().addUser(JiraUser.of(REVIEWER_ID, "Rita Reviewer"));
    }

    private ZenTask published(String id, Map<String, String> extra) {
        ZenTask task = zen.taskStore().create(ZenTasks.withFields(ZenTask.builder(id, "Ship " + id).build(), extra));
        zen.integration().publish(task.id(), "jira");
        return zen.task(task.id());
    }

    private JsonNode jiraFields(String key) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create(zen.jira().baseUrl() + "/rest/api/3/issue/" + key))
                .header("Authorization", zen.jira().basicAuthHeader()).build();
        String body = HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString()).body();
        return JsonMapper.builder().build().readTree(body).path("fields");
    }

    @Test
    void givenEveryCustomFieldTypeWhenPublishedThenJiraHoldsTypedValuesAndTheyReadBackUnchanged() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("story_points", "5");
        values.put("team", "Mobile");
        values.put("tags", "alpha, beta");
        values.put("reviewer", "Rita Reviewer");
        values.put("environment", "staging");
        values.put("platforms", "iOS, Web");
        values.put("start_date", "2026-05-04");
        values.put("deployed_at", "2026-05-01T10:30:00.000+00:00");
        ZenTask task = published("zen-1", values);

        JsonNode f = jiraFields("SYNC-1");
        assertThat(f.path("customfield_10016").isNumber()).isTrue();
        assertThat(f.path("customfield_10016").asInt()).isEqualTo(5);
        assertThat(f.at("/customfield_10030/value").asText()).isEqualTo("Mobile");
        assertThat(f.path("customfield_10031")).extracting(JsonNode::asText).containsExactly("alpha", "beta");
        assertThat(f.at("/customfield_10032/accountId").asText()).isEqualTo(REVIEWER_ID);
        assertThat(f.path("customfield_10033").asText()).isEqualTo("staging");
        assertThat(f.path("customfield_10034")).extracting(o -> o.path("value").asText()).containsExactly("iOS", "Web");
        assertThat(f.path("customfield_10015").asText()).isEqualTo("2026-05-04");
        assertThat(f.path("customfield_10035").asText()).startsWith("2026-05-01T10:30:00.000");

        TaskSyncResult again = zen.sync(task.id(), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow();
        assertThat(again).hasSucceeded().hasNoChanges();
        values.forEach((field, value) -> assertThat(zen.taskField(task.id(), field)).as(field).isEqualTo(value));
    }

    @Test
    void givenJiraEditsOfTypedFieldsWhenPulledThenZenReadsTheirText() {
        ZenTask task = published("zen-1", Map.of("story_points", "3", "team", "Web"));
        zen.clock().advance(Duration.ofSeconds(5));
        zen.jira().simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, Map.of("customfield_10016", 8,
                "customfield_10030", "Platform", "customfield_10034", List.of("Android"),
                "customfield_10032", REVIEWER_ID, "customfield_10035", "2026-06-01T09:00:00.000+0200"));

        assertThat(zen.sync(task.id(), SyncDirection.BIDIRECTIONAL).result(task.id()).orElseThrow()).hasSucceeded();

        assertThat(zen.task(task.id())).hasExtraField("story_points", "8").hasExtraField("team", "Platform")
                .hasExtraField("platforms", "Android").hasExtraField("reviewer", "Rita Reviewer")
                .hasExtraField("deployed_at", "2026-06-01T09:00:00.000+02:00");
    }

    @Test
    void givenOptionsByIdWhenPublishedThenJiraHoldsThoseOptions() throws Exception {
        String mobileId = jiraFieldOptionId("customfield_10030", "Mobile");

        published("zen-1", Map.of("team", "id:" + mobileId));

        assertThat(jiraFields("SYNC-2").at("/customfield_10030/value").asText()).isEqualTo("Mobile");
    }

    private String jiraFieldOptionId(String field, String value) throws IOException, InterruptedException {
        published("zen-0", Map.of("team", value));
        return jiraFields("SYNC-1").at("/" + field + "/id").asText();
    }

    @Test
    void givenValuesATypeCannotTakeWhenSyncedThenThatTaskFailsNamingFieldAndTypeAndTheOthersSync() {
        ZenTask number = published("zen-1", Map.of("story_points", "3"));
        ZenTask date = published("zen-2", Map.of("start_date", "2026-05-04"));
        ZenTask fine = published("zen-3", Map.of("environment", "staging"));
        zen.editTask(number.id(), "story_points", "five");
        zen.editTask(date.id(), "start_date", "next tuesday");
        zen.editTask(fine.id(), "environment", "production");

        SyncReport report = zen.integration().sync(SyncRequest.of(List.of(number.id(), date.id(), fine.id()),
                SyncDirection.BIDIRECTIONAL));

        assertThat(report.result(number.id()).orElseThrow()).hasFailedWith(ErrorCode.INVALID_DATA)
                .hasErrorMessageContaining("story_points: Jira field customfield_10016 is of type number");
        assertThat(report.result(date.id()).orElseThrow()).hasFailedWith(ErrorCode.INVALID_DATA)
                .hasErrorMessageContaining("start_date: Jira field customfield_10015 is of type date");
        assertThat(report.result(fine.id()).orElseThrow()).hasSucceeded();
        assertThat(zen.jira().requests("PUT", "/rest/api/3/issue/SYNC-1")).isEmpty();
    }
}
