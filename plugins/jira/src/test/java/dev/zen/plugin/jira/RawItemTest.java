package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The item's {@code raw} copy of an issue is written from the text Jira sent (the PDK's {@code sourceCopy}), and the
 * result envelope is written while it is encoded ({@code Result#write}): both must keep the issue's JSON meaning and
 * give valid UTF-8 for any text.
 */
class RawItemTest {
    static FakeJira jira;
    static JiraPlugin plugin;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String FIELDS = "summary,description,status,priority,assignee,labels,created,updated";

    @BeforeAll
    static void start() {
        jira = FakeJira.start();
        plugin = JiraPlugin.open(jira);
    }

    @AfterAll
    static void stop() {
        plugin.close();
        jira.close();
    }

    @BeforeEach
    void clean() {
        jira.reset();
        jira.addUser(JiraUser.of(FakeJira.DEFAULT_ACCOUNT_ID, "Sync Bot").withEmail(FakeJira.DEFAULT_EMAIL));
        jira.addUser(JiraUser.of("acc-dana", "Dana Dev").withEmail("dana@example.com"));
    }

    /** The issue as Jira answers the plugin's read, without its changelog. */
    static JsonNode issueWithoutChangelog(String key) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString(
                (FakeJira.DEFAULT_EMAIL + ":" + FakeJira.DEFAULT_API_TOKEN).getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(
                        URI.create(jira.baseUrl() + "/rest/api/3/issue/" + key + "?fields=" + FIELDS + "&expand=changelog"))
                .header("Authorization", "Basic " + auth).header("Accept", "application/json").GET().build();
        HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(resp.statusCode()).isEqualTo(200);
        ObjectNode issue = (ObjectNode) JiraPlugin.JSON.readTree(resp.body());
        assertThat(issue.has("changelog")).isTrue();
        issue.remove("changelog");
        return issue;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void givenAnIssueWithHistoryWhenReadThenRawIsJirasDocumentWithoutTheChangelog() throws Exception {
        jira.seed(NewIssue.builder("SYNC", "Raw \"quoted\" \\ text 😀").priority("High").assignee("acc-dana")
                .labels("backend", "ünï").build());
        jira.simulateEdit("SYNC-1", "acc-dana", Map.of("description", "First line 🎉\nsecond\n\n- item"));
        jira.simulateStatusChange("SYNC-1", "acc-dana", "In Progress");

        JsonNode item = plugin.get("SYNC-1");

        assertThat(item.path("field_changed_at").has("status")).isTrue();
        assertThat(item.path("raw")).isEqualTo(issueWithoutChangelog("SYNC-1"));
    }

    @Test
    void givenAPushPlannedOnTheReadWhenUpdatedThenRawIsJirasDocumentAfterTheWrite() throws Exception {
        jira.seed(NewIssue.builder("SYNC", "Before").labels("a").build());
        JsonNode read = plugin.get("SYNC-1");

        JsonNode item = plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1",
                "fields", map("title", "After ✓ 😀"), "expected", read.path("fields"),
                "expected_since", read.path("updated").asText()));

        // the raw copy is Jira's answer to the edit (returnIssue: every field); the read's fields are in it unchanged
        JsonNode raw = item.path("raw");
        JsonNode read2 = issueWithoutChangelog("SYNC-1");
        assertThat(item.path("fields").path("title").asText()).isEqualTo("After ✓ 😀");
        assertThat(raw.has("changelog")).isFalse();
        read2.fieldNames().forEachRemaining(k -> {
            if (!k.equals("fields")) assertThat(raw.get(k)).as(k).isEqualTo(read2.get(k));
        });
        read2.get("fields").fieldNames().forEachRemaining(k ->
                assertThat(raw.path("fields").get(k)).as(k).isEqualTo(read2.get("fields").get(k)));
    }

    @Test
    void givenSurrogatePairsAtEveryOffsetWhenReadThenTheResultKeepsThem() {
        for (int k = 0; k < 9; k++) {
            String title = "x".repeat(k) + "😀" + "y".repeat(k) + "𝄞";
            jira.seed(NewIssue.builder("SYNC", title).build());
        }
        for (int k = 0; k < 9; k++) {
            String title = "x".repeat(k) + "😀" + "y".repeat(k) + "𝄞";
            String text = plugin.plugin().call(PluginOperation.GET_TASK_DATA, "{\"id\":\"SYNC-" + (k + 1) + "\"}");

            assertThat(text).doesNotContain("\uFFFD");
            JsonNode item = read(text);
            assertThat(item.path("fields").path("title").asText()).isEqualTo(title);
            assertThat(item.path("raw").path("fields").path("summary").asText()).isEqualTo(title);
        }
    }

    @Test
    void givenIssuesWithDifferentDescriptionsWhenReadInTurnThenEachKeepsItsOwnTextAndWarnings() throws Exception {
        JsonNode rich = JiraPlugin.JSON.readTree("""
                {"type":"doc","version":1,"content":[
                  {"type":"paragraph","content":[{"type":"text","text":"Intro"}]},
                  {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Plan"}]}]}""");
        jira.seed(NewIssue.builder("SYNC", "Rich").descriptionAdf(rich).build());
        jira.seed(NewIssue.builder("SYNC", "Plain").description("Plain text\nsecond line").build());

        for (int round = 0; round < 2; round++) {
            JsonNode a = plugin.get("SYNC-1");
            JsonNode b = plugin.get("SYNC-2");
            JsonNode again = plugin.get("SYNC-2");

            assertThat(a.path("fields").path("description").asText()).isEqualTo("Intro");
            assertThat(a.path("warnings").toString()).contains("heading");
            assertThat(b.path("fields").path("description").asText()).isEqualTo("Plain text\nsecond line");
            assertThat(b.has("warnings")).isFalse();
            assertThat(again).isEqualTo(b);
        }
    }

    static JsonNode read(String text) {
        try {
            return JiraPlugin.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
