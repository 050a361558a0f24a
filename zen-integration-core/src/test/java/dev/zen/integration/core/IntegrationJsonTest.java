package dev.zen.integration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.FieldChange;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.ProviderHealth;
import dev.zen.integration.ScopeReport;
import dev.zen.integration.ScopeStatus;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntegrationJsonTest {
    static final Instant T = Instant.parse("2026-05-06T07:08:09Z");

    @Test
    void givenAStatusWhenSerializedThenItHasTheStatusEndpointShapeAndReadsBack() throws Exception {
        IntegrationStatus status = new IntegrationStatus(true, "jira",
                List.of(new ProviderHealth("jira", ProviderHealth.State.UNAVAILABLE, "circuit open", T, T.minusSeconds(9),
                        1, 3)), T, 1, 10, 2, 3);

        String json = IntegrationJson.toJson(status);
        JsonNode n = new ObjectMapper().readTree(json);

        assertThat(n.get("task_system").asText()).isEqualTo("jira");
        assertThat(n.get("last_sync").asText()).isEqualTo("2026-05-06T07:08:09Z");
        assertThat(n.get("pending_changes").asInt()).isEqualTo(3);
        assertThat(n.get("sync_records_count").asInt()).isEqualTo(10);
        assertThat(n.get("providers").get(0).get("name").asText()).isEqualTo("jira");
        assertThat(n.get("providers").get(0).get("status").asText()).isEqualTo("unavailable");
        assertThat(n.get("providers").get(0).get("last_sync").asText()).isEqualTo("2026-05-06T07:08:00Z");
        assertThat(n.get("providers").get(0).get("error_count").asInt()).isEqualTo(1);
        assertThat(n.get("providers").get(0).get("pending_changes").asInt()).isEqualTo(3);
        assertThat(IntegrationJson.readStatus(json)).isEqualTo(status);
    }

    @Test
    void givenASyncReportWhenSerializedThenItHasTheSyncEndpointShapeAndReadsBack() throws Exception {
        SyncReport report = new SyncReport("sync-1", SyncReport.Status.PARTIAL, false, T, T.plusSeconds(2), List.of(
                new TaskSyncResult("task-1", true, TaskSyncResult.Outcome.CONFLICT, "SYNC-7",
                        List.of(new FieldChange("title", FieldChange.Side.REMOTE, "a", "b")),
                        List.of(new ConflictRecord("c1", "task-1", "jira", "SYNC-7", "status", "To Do", "Done",
                                "Blocked", T, T, T)), false, Optional.empty()),
                TaskSyncResult.failed("task-2", "SYNC-8", new TaskSyncResult.ErrorInfo(ErrorCode.RATE_LIMITED,
                        "slow down", true))));

        String json = IntegrationJson.toJson(report);
        JsonNode n = new ObjectMapper().readTree(json);

        assertThat(n.get("sync_id").asText()).isEqualTo("sync-1");
        assertThat(n.get("status").asText()).isEqualTo("partial");
        assertThat(n.get("results").get(0).get("external_id").asText()).isEqualTo("SYNC-7");
        assertThat(n.get("results").get(0).get("changes").get(0).get("new_value").asText()).isEqualTo("b");
        assertThat(n.get("results").get(0).get("changed_fields")).hasToString("[\"title\"]");
        assertThat(n.get("results").get(1).get("changed_fields")).hasToString("[]");
        assertThat(n.get("results").get(0).get("conflicts").get(0).get("remote_value").asText()).isEqualTo("Blocked");
        assertThat(n.get("results").get(1).get("error").get("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(IntegrationJson.readSyncReport(json)).isEqualTo(report);
    }

    @Test
    void givenAStatusWithAScopeWhenSerializedThenTheScopeIsShownAndReadsBack() throws Exception {
        IntegrationStatus status = new IntegrationStatus(true, "jira", List.of(), T, 0, 250, 0, 0,
                List.of(new ScopeStatus("jira", "labels = zen", T.minusSeconds(60), T, 250, 0, true, 260, 250)));

        String json = IntegrationJson.toJson(status);
        JsonNode scope = new ObjectMapper().readTree(json).get("scopes").get(0);

        assertThat(scope.get("provider").asText()).isEqualTo("jira");
        assertThat(scope.get("watermark").asText()).isEqualTo("2026-05-06T07:07:09Z");
        assertThat(scope.get("last_poll").asText()).isEqualTo("2026-05-06T07:08:09Z");
        assertThat(scope.get("items_in_scope").asInt()).isEqualTo(250);
        assertThat(scope.get("pending_imports").asInt()).isZero();
        assertThat(scope.get("bulk_complete").asBoolean()).isTrue();
        assertThat(IntegrationJson.readStatus(json)).isEqualTo(status);
        assertThat(IntegrationJson.readStatus(json.replace(",\"scopes\":" + scopeArray(json), "")).scopes()).isEmpty();
    }

    private static String scopeArray(String json) {
        return json.substring(json.indexOf("\"scopes\":") + 9, json.lastIndexOf(']') + 1);
    }

    @Test
    void givenAScopeReportWhenSerializedThenItHasSnakeCaseCounts() throws Exception {
        ScopeReport report = new ScopeReport("jira", "s-1", true, false, 100, 90, 10, 2, 0, 0, 0, 0, null, T, T,
                List.of());

        JsonNode n = new ObjectMapper().readTree(IntegrationJson.toJson(report));

        assertThat(n.get("bulk_done").asBoolean()).isFalse();
        assertThat(n.get("imported").asInt()).isEqualTo(90);
        assertThat(n.get("provider").asText()).isEqualTo("jira");
    }

    @Test
    void givenGarbageWhenReadThenInvalidData() {
        assertThatThrownBy(() -> IntegrationJson.readSyncReport("{\"sync_id\": 1"))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA));
    }
}
