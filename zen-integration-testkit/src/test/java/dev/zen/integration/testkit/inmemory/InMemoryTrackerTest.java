package dev.zen.integration.testkit.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryTrackerTest {
    final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    final InMemoryTracker tracker = InMemoryTracker.create("fake", clock);
    final ObjectMapper json = new ObjectMapper();

    JsonNode call(PluginOperation op, String input) throws Exception {
        return json.readTree(tracker.call(op, input));
    }

    @Test
    void givenASeededItemWhenReadThenItHasTheAbiItemShape() throws Exception {
        String key = tracker.seed(Map.of("title", "Export fails", "labels", List.of("a", "b")));

        JsonNode item = call(PluginOperation.GET_TASK_DATA, "{\"id\":\"" + key + "\"}");

        assertThat(key).isEqualTo("FAKE-1");
        assertThat(item.get("id").asText()).isEqualTo("10001");
        assertThat(item.get("updated").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(item.get("fields").get("title").asText()).isEqualTo("Export fails");
        assertThat(item.get("fields").get("labels")).hasSize(2);
        assertThat(item.get("field_changed_at").has("title")).isTrue();
        assertThat(call(PluginOperation.GET_TASK_DATA, "{\"id\":\"10001\"}").get("key").asText()).isEqualTo(key);
    }

    @Test
    void givenARemoteEditWhenReadThenUpdatedAndThatFieldsChangeTimeMove() throws Exception {
        String key = tracker.seed(Map.of("title", "A", "status", "To Do"));
        clock.advance(Duration.ofMinutes(5));

        tracker.edit(key, "status", "Done");
        JsonNode item = call(PluginOperation.GET_TASK_DATA, "{\"id\":\"" + key + "\"}");

        assertThat(item.get("updated").asText()).isEqualTo("2026-01-01T00:05:00.000Z");
        assertThat(item.get("field_changed_at").get("status").asText()).isEqualTo("2026-01-01T00:05:00.000Z");
        assertThat(item.get("field_changed_at").get("title").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
    }

    @Test
    void givenAnUpdateWhenAFieldIsNullThenItIsClearedAndAbsentFieldsStay() throws Exception {
        String key = tracker.seed(Map.of("title", "A", "status", "To Do", "priority", "High"));

        call(PluginOperation.UPDATE_TASK, "{\"id\":\"" + key + "\",\"fields\":{\"priority\":null,\"status\":\"Done\"}}");

        assertThat(tracker.fields(key)).isEqualTo(Map.of("title", "A", "status", "Done"));
    }

    @Test
    void givenTheSameIdempotencyKeyWhenCreatedTwiceThenOneItem() throws Exception {
        String in = "{\"fields\":{\"title\":\"New\"},\"idempotency_key\":\"zen-task:t1\"}";

        JsonNode first = call(PluginOperation.CREATE_TASK, in);
        JsonNode second = call(PluginOperation.CREATE_TASK, in);

        assertThat(second.get("key").asText()).isEqualTo(first.get("key").asText());
        assertThat(tracker.size()).isEqualTo(1);
    }

    @Test
    void givenCommitThenFailWhenCreatingThenTheItemExistsButTheCallerGetsTheError() {
        tracker.commitThenFail(PluginOperation.CREATE_TASK, ErrorCode.NETWORK_ERROR);

        assertThatThrownBy(() -> tracker.call(PluginOperation.CREATE_TASK, "{\"fields\":{\"title\":\"New\"}}"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NETWORK_ERROR);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(tracker.size()).isEqualTo(1);
    }

    @Test
    void givenFailNextWhenCalledThenExactlyThatManyCallsFailAndAllAreCounted() throws Exception {
        String key = tracker.seed(Map.of("title", "A"));
        tracker.failNext(2, ErrorCode.RATE_LIMITED);
        String in = "{\"id\":\"" + key + "\"}";

        assertThatThrownBy(() -> tracker.call(PluginOperation.GET_TASK_DATA, in)).isInstanceOf(IntegrationException.class);
        assertThatThrownBy(() -> tracker.call(PluginOperation.GET_TASK_DATA, in)).isInstanceOf(IntegrationException.class);
        assertThat(call(PluginOperation.GET_TASK_DATA, in).get("key").asText()).isEqualTo(key);
        assertThat(tracker.calls(PluginOperation.GET_TASK_DATA)).isEqualTo(3);
    }

    @Test
    void givenAFaultForOneItemWhenOtherItemsAreReadThenOnlyThatItemFails() throws Exception {
        String a = tracker.seed(Map.of("title", "A"));
        String b = tracker.seed(Map.of("title", "B"));
        tracker.failNextFor(b, ErrorCode.AUTH_FAILED);

        assertThat(call(PluginOperation.GET_TASK_DATA, "{\"id\":\"" + a + "\"}").get("key").asText()).isEqualTo(a);
        assertThatThrownBy(() -> tracker.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"" + b + "\"}"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));
    }

    @Test
    void givenUnavailableWhenCalledThenEveryCallFailsUntilAvailableAgain() throws Exception {
        String key = tracker.seed(Map.of("title", "A"));
        tracker.unavailable(ErrorCode.PROVIDER_UNAVAILABLE);

        assertThatThrownBy(() -> tracker.call(PluginOperation.HEALTH_CHECK, "{}"))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        tracker.available();
        assertThat(call(PluginOperation.GET_TASK_DATA, "{\"id\":\"" + key + "\"}").get("key").asText()).isEqualTo(key);
    }

    @Test
    void givenManyItemsWhenSearchedWithALimitThenPagesFollowTheCursor() throws Exception {
        for (int i = 0; i < 5; i++) tracker.seed(Map.of("title", "T" + i, "labels", List.of(i % 2 == 0 ? "even" : "odd")));

        JsonNode page1 = call(PluginOperation.SEARCH_TASKS, "{\"query\":{\"labels\":[\"even\"]},\"cursor\":null,\"limit\":2}");
        JsonNode page2 = call(PluginOperation.SEARCH_TASKS, "{\"query\":{\"labels\":[\"even\"]},\"cursor\":\""
                + page1.get("next_cursor").asText() + "\",\"limit\":2}");

        assertThat(page1.get("items")).hasSize(2);
        assertThat(page2.get("items")).hasSize(1);
        assertThat(page2.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void givenAMissingItemOrUnsupportedOperationWhenCalledThenTypedErrors() {
        assertThatThrownBy(() -> tracker.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"FAKE-99\"}"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> tracker.call(PluginOperation.MAP_TO_ZEN, "{}"))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION));
    }
}
