package dev.zen.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.IntegrationJson;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.ZenIntegrationTest;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The service over real loopback HTTP, in front of the library, the real Jira plugin and FakeJira. */
@ZenIntegrationTest
class IntegrationHttpServiceTest {
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

    static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).path("code").asText()).isEqualTo(code);
        assertThat(json(response).path("message").asText()).isNotBlank();
    }

    @Test
    void givenAnImportedTaskChangedInJiraWhenPostingSyncThenOkWithTheReportAsSnakeCaseJson() throws IOException {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        ZenTask task = zen.importItem("jira", "SYNC-1");
        jira.simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");

        HttpResponse<String> response = api.postSync("alice",
                "{\"task_ids\":[\"" + task.id() + "\"],\"direction\":\"BIDIRECTIONAL\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("results").get(0).path("task_id").asText()).isEqualTo(task.id());
        SyncReport report = IntegrationJson.readSyncReport(response.body());
        assertThat(report.status()).isEqualTo(SyncReport.Status.COMPLETED);
        assertThat(report.result(task.id())).get().extracting(TaskSyncResult::outcome)
                .isEqualTo(TaskSyncResult.Outcome.UPDATED);
        assertThat(zen.taskStore().find(task.id()).orElseThrow().status()).isEqualTo("In Progress");
    }

    @Test
    void givenAPullOnlyDryRunWhenPostingSyncThenTheReportSaysDryRunAndNothingIsWritten() throws IOException {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        ZenTask task = zen.importItem("jira", "SYNC-1");
        jira.simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");

        HttpResponse<String> response = api.postSync("alice",
                "{\"task_ids\":[\"" + task.id() + "\"],\"direction\":\"pull\",\"dry_run\":true}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("dry_run").asBoolean()).isTrue();
        assertThat(zen.taskStore().find(task.id()).orElseThrow().status()).isNotEqualTo("In Progress");
    }

    @Test
    void givenALinkedTaskWhenGettingStatusThenOkWithTheStatusAsJson() throws IOException {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        zen.importItem("jira", "SYNC-1");

        HttpResponse<String> response = api.getStatus("alice");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).has("sync_records_count")).isTrue();
        IntegrationStatus status = IntegrationJson.readStatus(response.body());
        assertThat(status.recordCount()).isEqualTo(1);
        assertThat(status.providers()).extracting(p -> p.provider()).containsExactly("jira");
    }

    @Test
    void givenAUserMadeTenRequestsThisMinuteWhenTheEleventhArrivesThen429WithRetryAfterWhileAnotherUserIsServed()
            throws IOException {
        for (int i = 1; i <= 10; i++) {
            assertThat(api.getStatus("alice").statusCode()).as("request %d", i).isEqualTo(200);
        }

        HttpResponse<String> eleventh = api.getStatus("alice");

        assertError(eleventh, 429, "RATE_LIMITED");
        long retryAfter = Long.parseLong(eleventh.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(json(eleventh).path("retry_after_seconds").asLong()).isEqualTo(retryAfter);
        assertThat(json(eleventh).path("retryable").asBoolean()).isTrue();
        assertThat(api.postSync("alice", "{\"task_ids\":[\"t\"]}").statusCode()).isEqualTo(429); // all endpoints
        assertThat(api.getStatus("bob").statusCode()).isEqualTo(200);
    }

    @Test
    void givenTwentyConcurrentRequestsFromOneUserWhenServedThenExactlyTenPassAndTenGet429() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) statuses.add(clients.submit(() -> api.getStatus("alice").statusCode()));

            Map<Integer, Long> counts = new TreeMap<>();
            for (Future<Integer> s : statuses) counts.merge(s.get(30, TimeUnit.SECONDS), 1L, Long::sum);

            assertThat(counts).containsExactly(Map.entry(200, 10L), Map.entry(429, 10L));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void givenNoTaskIdsWhenPostingSyncThenEveryLinkedTaskSyncsAsTheSpecSays() throws IOException {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        jira.seed(NewIssue.builder("SYNC", "Import is slow").build());
        ZenTask first = zen.importItem("jira", "SYNC-1");
        ZenTask second = zen.importItem("jira", "SYNC-2");

        HttpResponse<String> response = api.postSync("alice", "{\"direction\":\"pull\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("results")).extracting(r -> r.path("task_id").asText())
                .containsExactlyInAnyOrder(first.id(), second.id());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON                 | {\"task_ids\":[\"a\"          | line 1",
            "empty body               | ''                           | body is empty",
            "empty task_ids           | {\"task_ids\":[]}             | task_ids",
            "blank task id            | {\"task_ids\":[\" \"]}        | blank",
            "unknown direction        | {\"task_ids\":[\"a\"],\"direction\":\"SIDEWAYS\"} | SIDEWAYS",
            "unknown property         | {\"taskIds\":[\"a\"]}         | taskIds",
            "unknown strategy         | {\"task_ids\":[\"a\"],\"conflict_strategy\":\"COIN_FLIP\"} | COIN_FLIP",
            "not an object            | [1,2]                        | not a valid sync request"})
    void givenABadSyncBodyWhenPostedThen400InvalidDataSayingWhatIsWrong(String name, String body, String hint)
            throws IOException {
        HttpResponse<String> response = api.postSync("alice", body);

        assertError(response, 400, ErrorCode.INVALID_DATA.name());
        assertThat(json(response).path("message").asText()).contains(hint);
    }

    @Test
    void givenNoUserHeaderWhenCalledThen401Unauthenticated() throws IOException {
        HttpResponse<String> response = api.getStatus(null);

        assertError(response, 401, "UNAUTHENTICATED");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(IntegrationHttpService.USER_HEADER);
    }

    @Test
    void givenAMalformedUserHeaderWhenCalledThen400() throws IOException {
        assertError(api.getStatus("alice smith; drop"), 400, ErrorCode.INVALID_DATA.name());
    }

    @Test
    void givenTheWrongMethodWhenCalledThen405WithAllow() throws IOException {
        HttpResponse<String> getSync = api.send("GET", IntegrationHttpService.SYNC_PATH, "alice");
        HttpResponse<String> postStatus = api.send("POST", IntegrationHttpService.STATUS_PATH, "alice");

        assertError(getSync, 405, "METHOD_NOT_ALLOWED");
        assertThat(getSync.headers().firstValue("Allow")).hasValue("POST");
        assertError(postStatus, 405, "METHOD_NOT_ALLOWED");
        assertThat(postStatus.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void givenAnUnknownPathWhenCalledThen404NotFound() throws IOException {
        assertError(api.send("GET", "/api/v1/integrations/unknown", "alice"), 404, ErrorCode.NOT_FOUND.name());
    }

    @Test
    void givenTheLibraryThrowsProviderUnavailableWhenCalledThen503WithItsRetryAfter() throws IOException {
        IntegrationException unavailable = IntegrationException.builder(ErrorCode.PROVIDER_UNAVAILABLE,
                "jira is unavailable; calls are short-circuited").retryAfter(Duration.ofSeconds(30)).build();
        TaskSyncService failing = (TaskSyncService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TaskSyncService.class}, (proxy, method, args) -> {
                    throw unavailable;
                });

        try (IntegrationHttpService failingHttp = IntegrationHttpService.builder(failing).port(0)
                .stopGracePeriod(Duration.ZERO).start()) {
            HttpResponse<String> response = new Api(failingHttp.baseUri()).getStatus("alice");

            assertError(response, 503, ErrorCode.PROVIDER_UNAVAILABLE.name());
            assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(json(response).path("retryable").asBoolean()).isTrue();
        }
    }
}
