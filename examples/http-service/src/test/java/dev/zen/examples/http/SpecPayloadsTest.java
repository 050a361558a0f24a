package dev.zen.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.IntegrationJson;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.ZenIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spec's payload examples (API Design → Integration Service API, copied verbatim into {@code src/test/resources/spec},
 * see the README there) through the running service over loopback: the spec's request is accepted as written, and
 * every answer has the spec example's shape, that is each of its keys with a value of the same JSON type (the
 * service may add keys of its own).
 */
@ZenIntegrationTest
class SpecPayloadsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    FakeJira jira;
    ZenIntegration zen;
    IntegrationHttpService http;
    Api api;

    @BeforeEach
    void start() {
        http = IntegrationHttpService.builder(zen).port(0).stopGracePeriod(Duration.ZERO).start();
        api = new Api(http.baseUri());
    }

    @AfterEach
    void stop() {
        http.close();
    }

    static String resource(String name) {
        try (InputStream in = SpecPayloadsTest.class.getResourceAsStream("/spec/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@code actual} lacks a key of {@code spec} or holds a value of another JSON type; empty if none. */
    static List<String> shapeDifferences(JsonNode spec, JsonNode actual, String path) {
        List<String> problems = new ArrayList<>();
        if (spec.getNodeType() != actual.getNodeType()) {
            problems.add(path + ": the spec has " + spec.getNodeType() + ", the service " + actual.getNodeType());
        } else if (spec.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode a = actual.get(e.getKey());
                if (a == null) problems.add(path + "." + e.getKey() + ": missing");
                else problems.addAll(shapeDifferences(e.getValue(), a, path + "." + e.getKey()));
            }
        } else if (spec.isArray() && !spec.isEmpty()) {
            for (int i = 0; i < actual.size(); i++) {
                problems.addAll(shapeDifferences(spec.get(0), actual.get(i), path + "[" + i + "]"));
            }
        }
        return problems;
    }

    /** The spec request names task-123 and task-456: make them, linked to two Jira issues. */
    private void linkTheSpecTasks() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        jira.seed(NewIssue.builder("SYNC", "Import is slow").build());
        zen.taskStore().create(ZenTask.builder("task-123", "Export fails").status("To Do").build());
        zen.taskStore().create(ZenTask.builder("task-456", "Import is slow").status("To Do").build());
        zen.link("task-123", "jira", "SYNC-1");
        zen.link("task-456", "jira", "SYNC-2");
        zen.sync(List.of("task-123", "task-456"), SyncDirection.BIDIRECTIONAL);
        jira.simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");
    }

    @Test
    void givenTheSpecSyncRequestWhenPostedThenItIsAcceptedAndTheAnswerHasTheSpecResponseShape() {
        linkTheSpecTasks();

        HttpResponse<String> response = api.postSync("alice", resource("sync-request.json"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = tree(response.body());
        assertThat(shapeDifferences(tree(resource("sync-response.json")), answer, "$")).as(response.body()).isEmpty();
        assertThat(answer.path("results")).extracting(r -> r.path("task_id").asText())
                .containsExactly("task-123", "task-456");
        assertThat(answer.path("results").get(0).path("external_id").asText()).isEqualTo("SYNC-1");
        assertThat(answer.path("results").get(0).path("changed_fields")).extracting(JsonNode::asText)
                .containsExactly("status");
        assertThat(answer.path("status").asText()).isEqualTo("completed");
    }

    @Test
    void givenLinkedTasksWhenTheStatusIsFetchedThenTheAnswerHasTheSpecResponseShape() {
        linkTheSpecTasks();

        HttpResponse<String> response = api.getStatus("alice");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = tree(response.body());
        assertThat(shapeDifferences(tree(resource("status-response.json")), answer, "$")).as(response.body())
                .isEmpty();
        assertThat(answer.path("sync_records_count").asInt()).isEqualTo(2);
        assertThat(answer.path("providers").get(0).path("name").asText()).isEqualTo("jira");
        assertThat(answer.path("providers").get(0).path("error_count").asInt()).isZero();
    }

    @Test
    void givenTheSpecStatusExampleWhenReadAndWrittenByTheLibraryThenEveryValueOfTheSpecSurvives() {
        JsonNode spec = tree(resource("status-response.json"));

        JsonNode again = tree(IntegrationJson.toJson(IntegrationJson.readStatus(resource("status-response.json"))));

        assertThat(shapeDifferences(spec, again, "$")).isEmpty();
        assertValuesKept(spec, again, "$");
    }

    /** Every value of {@code spec} is in {@code actual} at the same place (which may hold more keys). */
    static void assertValuesKept(JsonNode spec, JsonNode actual, String path) {
        if (spec.isObject()) {
            spec.fieldNames().forEachRemaining(k -> assertValuesKept(spec.get(k), actual.path(k), path + "." + k));
        } else if (spec.isArray()) {
            assertThat(actual.size()).as(path).isEqualTo(spec.size());
            for (int i = 0; i < spec.size(); i++) assertValuesKept(spec.get(i), actual.get(i), path + "[" + i + "]");
        } else {
            assertThat(actual).as(path).isEqualTo(spec);
        }
    }

    @Test
    void givenAnAnswerMissingASpecKeyWhenComparedThenTheDifferenceIsNamed() {
        JsonNode spec = tree(resource("sync-response.json"));

        List<String> problems = shapeDifferences(spec, tree("{\"sync_id\":\"s\",\"status\":\"completed\","
                + "\"results\":[{\"task_id\":\"t\",\"success\":true,\"external_id\":\"X-1\",\"changed_fields\":\"x\"}]}"),
                "$");

        assertThat(problems).containsExactly("$.results[0].changed_fields: the spec has ARRAY, the service STRING");
    }
}
