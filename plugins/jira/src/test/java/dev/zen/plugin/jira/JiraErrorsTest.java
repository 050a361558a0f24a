package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.plugin.RequestGate;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every error path of the real jira.wasm: Jira's statuses and faults become typed ABI errors. */
class JiraErrorsTest {
    static FakeJira jira;
    static JiraPlugin plugin;

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
        jira.searchLag(Duration.ZERO);
        jira.seed(NewIssue.builder("SYNC", "Existing").build());
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static Map<String, Object> create(String title, String key) {
        return map("fields", map("title", title), "idempotency_key", key);
    }

    @Nested
    class HttpStatuses {
        @Test
        void status401IsAuthFailedAndNotRetryable() {
            try (JiraPlugin wrong = JiraPlugin.open(jira, c -> c.credentialsRef("wrong"))) {
                IntegrationException e = wrong.fail(PluginOperation.GET_TASK_DATA, map("id", "SYNC-1"));

                assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("credentials_ref");
                assertThat(e.details()).containsEntry("http_status", "401");
            }
        }

        @Test
        void status401OnHealthCheckMeansTheCredentialsAreInvalid() {
            try (JiraPlugin wrong = JiraPlugin.open(jira, c -> c.credentialsRef("wrong"))) {
                IntegrationException e = wrong.fail(PluginOperation.HEALTH_CHECK, Map.of());

                assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
            }
        }

        @Test
        void status403IsPermissionDenied() {
            jira.addUser(JiraUser.of("acc-ro", "Read Only").withEmail("ro@example.com")
                    .withPermission(JiraUser.Permission.READ_ONLY));
            jira.addApiToken("acc-ro", "ro-token");
            try (JiraPlugin ro = JiraPlugin.open(jira, c -> c.credentialsRef("readonly"))) {
                IntegrationException e = ro.fail(PluginOperation.UPDATE_TASK,
                        map("id", "SYNC-1", "fields", map("title", "Not allowed")));

                assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                assertThat(e.details()).containsEntry("http_status", "403");
                assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Existing");
            }
        }

        @Test
        void aRequestTheHostsRateLimitRefusesIsRateLimitedRetryableAfterTheHostsDelay() {
            RequestGate refuse = (name, maxWait) -> {
                throw IntegrationException.builder(ErrorCode.RATE_LIMITED, "provider jira is over its rate limit")
                        .retryable(true).retryAfter(Duration.ofSeconds(2)).build();
            };
            try (JiraPlugin limited = JiraPlugin.open(jira, c -> c.requestGate(refuse))) {
                IntegrationException e = limited.fail(PluginOperation.CREATE_TASK, create("Gated", "gate-1"));

                assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
            }
        }

        @Test
        void status404IsNotFound() {
            IntegrationException e = plugin.fail(PluginOperation.GET_TASK_DATA, map("id", "SYNC-999"));

            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).contains("Issue does not exist");
        }

        @Test
        void status404OnUpdateIsNotFound() {
            IntegrationException e = plugin.fail(PluginOperation.UPDATE_TASK,
                    map("id", "SYNC-999", "fields", map("title", "x")));

            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void status400IsInvalidDataWithJirasFieldMessages() {
            jira.addProject("REQ", "Requires priority", "priority");
            try (JiraPlugin req = JiraPlugin.open(jira, c -> c.setting("project_key", "REQ"))) {
                IntegrationException e = req.fail(PluginOperation.CREATE_TASK, create("No priority", "zen-task:400"));

                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
                assertThat(e.retryable()).isFalse();
                assertThat(e.details()).containsEntry("http_status", "400");
                assertThat(e.getMessage()).contains("priority");
                assertThat(jira.issues("REQ")).isEmpty();
            }
        }

        @Test
        void status409IsARetryableConflict() {
            jira.inject(FaultRule.on("PUT", "/rest/api/3/issue/SYNC-1").respond(Fault.conflict()));

            IntegrationException e = plugin.fail(PluginOperation.UPDATE_TASK,
                    map("id", "SYNC-1", "fields", map("title", "Edited")));

            assertThat(e.code()).isEqualTo(ErrorCode.SYNC_CONFLICT);
            assertThat(e.retryable()).isTrue();
            assertThat(e.details()).containsEntry("http_status", "409");
        }

        @Test
        void status429CarriesRetryAfterAndTheReason() {
            jira.inject(FaultRule.on("GET", "/rest/api/3/issue/SYNC-1")
                    .respond(Fault.rateLimited(Duration.ofSeconds(7), "jira-per-issue-on-write")));

            IntegrationException e = plugin.fail(PluginOperation.GET_TASK_DATA, map("id", "SYNC-1"));

            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(e.details()).containsEntry("rate_limit_reason", "jira-per-issue-on-write");
        }

        @Test
        void status429WithRetryAfterZeroWaitsAtLeastOneSecond() {
            jira.inject(FaultRule.on("GET", "/rest/api/3/issue/SYNC-1")
                    .respond(Fault.rateLimited(Duration.ZERO, "jira-burst-based")));

            IntegrationException e = plugin.fail(PluginOperation.GET_TASK_DATA, map("id", "SYNC-1"));

            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        }

        @Test
        void status503IsARetryableOutageWithRetryAfter() {
            jira.inject(FaultRule.on("POST", "/rest/api/3/search/jql")
                    .respond(Fault.serviceUnavailable(Duration.ofSeconds(30))));

            IntegrationException e = plugin.fail(PluginOperation.SEARCH_TASKS, map("query", Map.of(), "limit", 10));

            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        }

        @Test
        void aConnectionResetIsARetryableNetworkError() {
            // java.net.http retries an idempotent GET once by itself, so the reset must persist.
            jira.inject(FaultRule.on("GET", "/rest/api/3/issue/SYNC-1").times(5).respond(Fault.connectionReset()));

            IntegrationException e = plugin.fail(PluginOperation.GET_TASK_DATA, map("id", "SYNC-1"));

            assertThat(e.code()).isEqualTo(ErrorCode.NETWORK_ERROR);
            assertThat(e.retryable()).isTrue();
        }

        @Test
        void unsupportedJqlIsInvalidData() {
            IntegrationException e = plugin.fail(PluginOperation.SEARCH_TASKS,
                    map("query", map("jql", "sprint = 5"), "limit", 10));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.details()).containsEntry("http_status", "400");
        }

        @Test
        void aForeignCursorIsInvalidData() {
            IntegrationException e = plugin.fail(PluginOperation.SEARCH_TASKS,
                    map("query", Map.of(), "cursor", "not-ours", "limit", 10));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
        }
    }

    @Nested
    class Transitions {
        @Test
        void noTransitionToTheTargetIsInvalidDataListingTheAvailableOnes() {
            IntegrationException e = plugin.fail(PluginOperation.UPDATE_TASK,
                    map("id", "SYNC-1", "fields", map("status", "Blocked")));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("Blocked").contains("In Progress");
            assertThat(e.details()).containsKey("available_transitions");
            assertThat(jira.issue("SYNC-1").orElseThrow().status()).isEqualTo("To Do");
        }

        @Test
        void aStatusTheWorkflowCannotReachFromHereIsInvalidData() {
            // Standard workflow: Done is only reachable from In Progress.
            IntegrationException e = plugin.fail(PluginOperation.UPDATE_TASK,
                    map("id", "SYNC-1", "fields", map("status", "Done")));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.details().get("available_transitions")).contains("In Progress");
        }
    }

    /** Sizes Jira refuses are refused before any request, naming the field and the limit. */
    @Nested
    class Sizes {
        @Test
        void givenATitleOf255CharactersWhenCreatedThenInvalidDataNamesTheFieldAndTheLimitAndNothingIsSent() {
            jira.clearRequests();

            IntegrationException e = plugin.fail(PluginOperation.CREATE_TASK, create("t".repeat(255), "zen-task:s1"));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.getMessage()).contains("title").contains("summary").contains("254");
            assertThat(e.details()).containsEntry("field", "title").containsEntry("jira_field", "summary")
                    .containsEntry("limit", "254").containsEntry("length", "255");
            assertThat(jira.requests()).isEmpty();
        }

        @Test
        void givenADescriptionOver32767CharactersWhenUpdatedThenInvalidDataNamesTheFieldAndTheLimit() {
            jira.clearRequests();

            IntegrationException e = plugin.fail(PluginOperation.UPDATE_TASK,
                    map("id", "SYNC-1", "fields", map("description", "d".repeat(32_768))));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.details()).containsEntry("field", "description").containsEntry("limit", "32767");
            assertThat(jira.requests()).isEmpty();
        }

        @Test
        void givenTheLongestTitleAndDescriptionJiraTakesWhenCreatedThenTheIssueHasThem() {
            JsonNode item = plugin.call(PluginOperation.CREATE_TASK,
                    map("fields", map("title", "t".repeat(254), "description", "d".repeat(32_767)),
                            "idempotency_key", "zen-task:s3"));

            assertThat(item.path("fields").path("description").asText()).hasSize(32_767);
            assertThat(jira.issue(item.path("key").asText()).orElseThrow().summary()).hasSize(254);
        }

        @Test
        void givenAFiveMegabyteDescriptionWhenCreatedThenItIsRefusedUnreadAndThePluginKeepsWorking() {
            jira.clearRequests();

            IntegrationException e = plugin.fail(PluginOperation.CREATE_TASK,
                    map("fields", map("title", "Huge", "description", "d".repeat(5_000_000)), "idempotency_key", "k"));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.getMessage()).contains("description is 5000000 characters long").contains("32767");
            assertThat(e.details()).containsEntry("field", "description").containsEntry("limit", "32767");
            assertThat(jira.requests()).isEmpty();
            assertThat(plugin.get("SYNC-1").path("fields").path("title").asText()).isEqualTo("Existing");
        }

        @Test
        void givenAnInputOverOneMebibyteWithoutAnOverlongFieldWhenCreatedThenItIsRefusedUnread() {
            jira.clearRequests();
            List<String> labels = IntStream.range(0, 120_000).mapToObj(i -> "label-" + i).toList();

            IntegrationException e = plugin.fail(PluginOperation.CREATE_TASK,
                    map("fields", map("title", "Many labels", "labels", labels), "idempotency_key", "k"));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.getMessage()).contains("1 MiB");
            assertThat(e.details()).containsEntry("limit_bytes", String.valueOf(1 << 20));
            assertThat(jira.requests()).isEmpty();
        }

        @Test
        void givenADescriptionJustUnderTheInputCapWhenCreatedThenTheFieldLimitIsReportedNotATrap() {
            IntegrationException e = plugin.fail(PluginOperation.CREATE_TASK,
                    map("fields", map("title", "Big", "description", "d".repeat((1 << 20) - 200)), "idempotency_key", "k"));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.details()).containsEntry("field", "description");
        }
    }

    /** A create that Jira committed but answered with an error must never produce a duplicate. */
    @Nested
    class CommitThenFail {
        @Test
        void aCreateCommittedBeforeA502IsFoundInTheSameCall() {
            jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(502))));

            JsonNode item = plugin.call(PluginOperation.CREATE_TASK, create("Committed", "zen-task:c1"));

            assertThat(jira.issues("SYNC")).extracting(i -> i.summary()).containsExactlyInAnyOrder("Existing", "Committed");
            assertThat(item.path("fields").path("title").asText()).isEqualTo("Committed");
        }

        @Test
        void aCreateCommittedBeforeAConnectionResetIsFoundInTheSameCall() {
            jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.connectionReset())));

            JsonNode item = plugin.call(PluginOperation.CREATE_TASK, create("Reset", "zen-task:c2"));

            assertThat(jira.issues("SYNC")).hasSize(2);
            assertThat(item.path("key").asText()).isEqualTo("SYNC-2");
        }

        @Test
        void aRetryAfterAFailedCreateFindsTheCommittedIssue() {
            // The create commits then fails, and so does the follow-up lookup (a GET of the key the create took,
            // its second GET: the first, before the create, found no such issue): the call reports a retryable error.
            jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(503))));
            jira.inject(FaultRule.on("GET", "/rest/api/3/issue/SYNC-2").fromOccurrence(2).times(1)
                    .respond(Fault.serviceUnavailable(Duration.ofSeconds(2))));
            IntegrationException e = plugin.fail(PluginOperation.CREATE_TASK, create("Retried", "zen-task:c3"));
            assertThat(e.retryable()).isTrue();
            assertThat(jira.issues("SYNC")).hasSize(2);

            JsonNode retried = plugin.call(PluginOperation.CREATE_TASK, create("Retried", "zen-task:c3"));

            assertThat(jira.issues("SYNC")).hasSize(2);
            assertThat(retried.path("key").asText()).isEqualTo("SYNC-2");
            assertThat(jira.requests("POST", "/rest/api/3/issue")).hasSize(1);
        }

        @Test
        void aCreateThatFailedWithoutCommittingIsCreatedOnRetry() {
            jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.serverError(500)));
            IntegrationException e = plugin.fail(PluginOperation.CREATE_TASK, create("Later", "zen-task:c4"));
            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
            assertThat(jira.issues("SYNC")).hasSize(1);

            plugin.call(PluginOperation.CREATE_TASK, create("Later", "zen-task:c4"));

            assertThat(jira.issues("SYNC")).extracting(i -> i.summary()).containsExactlyInAnyOrder("Existing", "Later");
        }

        @Test
        void aForeignIssueWithAnotherKeysPropertyIsNotMistakenForOurs() {
            JsonNode first = plugin.call(PluginOperation.CREATE_TASK, create("Ours", "zen-task:c5"));
            // Someone copies our marker label onto an issue whose property names another key.
            jira.seed(NewIssue.builder("SYNC", "Copy").labels(labelOf(first))
                    .property("zen.sync", "{\"idempotency_key\":\"zen-task:other\"}").build());

            JsonNode again = plugin.call(PluginOperation.CREATE_TASK, create("Ours", "zen-task:c5"));

            assertThat(again.path("key").asText()).isEqualTo(first.path("key").asText());
            assertThat(jira.issues("SYNC")).hasSize(3);
        }

        @Test
        void givenSearchLagsWhenACreateCommitsThenFailsThenTheSameCallFindsTheIssueByKey() {
            jira.searchLag(Duration.ofSeconds(30));
            jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(502))));

            JsonNode item = plugin.call(PluginOperation.CREATE_TASK, create("Lagged", "zen-task:lag1"));

            assertThat(item.path("key").asText()).isEqualTo("SYNC-2");
            assertThat(jira.issues("SYNC")).extracting(i -> i.summary()).containsExactly("Existing", "Lagged");
        }

        @Test
        void givenSearchLagsWhenACreateIsRetriedAfterACommittedFailureThenTheRetryFindsTheIssueByKey() {
            jira.searchLag(Duration.ofSeconds(30));
            jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(502))));
            jira.inject(FaultRule.on("GET", "/rest/api/3/issue/SYNC-2").fromOccurrence(2).times(1)
                    .respond(Fault.serverError(502)));
            IntegrationException e = plugin.fail(PluginOperation.CREATE_TASK, create("Lagged", "zen-task:lag2"));
            assertThat(e.retryable()).isTrue();

            JsonNode retried = plugin.call(PluginOperation.CREATE_TASK, create("Lagged", "zen-task:lag2"));

            assertThat(retried.path("key").asText()).isEqualTo("SYNC-2");
            assertThat(jira.issues("SYNC")).hasSize(2);
            assertThat(jira.requests("POST", "/rest/api/3/issue")).hasSize(1);
        }

        @Test
        void givenSearchLagsAndADeletedKeyWhenACreateIsRetriedThenTheScanSkipsTheGap() {
            jira.searchLag(Duration.ofSeconds(30));
            plugin.call(PluginOperation.CREATE_TASK, create("Deleted soon", "zen-task:gone"));
            deleteIssue("SYNC-2");
            jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(502))));
            jira.inject(FaultRule.on("GET", "/rest/api/3/issue/SYNC-3").fromOccurrence(2).times(1)
                    .respond(Fault.serverError(502)));
            plugin.fail(PluginOperation.CREATE_TASK, create("After a gap", "zen-task:lag3"));

            JsonNode retried = plugin.call(PluginOperation.CREATE_TASK, create("After a gap", "zen-task:lag3"));

            assertThat(retried.path("key").asText()).isEqualTo("SYNC-3");
            assertThat(jira.issues("SYNC")).extracting(i -> i.summary()).containsExactly("Existing", "After a gap");
        }

        @Test
        void givenSearchLagsWhenAnotherKeysIssueIsRecentThenANewIssueIsCreated() {
            jira.searchLag(Duration.ofSeconds(30));
            plugin.call(PluginOperation.CREATE_TASK, create("First", "zen-task:one"));

            JsonNode second = plugin.call(PluginOperation.CREATE_TASK, create("Second", "zen-task:two"));

            assertThat(second.path("key").asText()).isEqualTo("SYNC-3");
            assertThat(jira.issues("SYNC")).hasSize(3);
        }

        private void deleteIssue(String key) {
            HttpRequest delete = HttpRequest.newBuilder(jira.baseUrl().resolve("/rest/api/3/issue/" + key))
                    .header("Authorization", jira.basicAuthHeader()).DELETE().build();
            try {
                assertThat(HttpClient.newHttpClient().send(delete, HttpResponse.BodyHandlers.discarding()).statusCode())
                        .isEqualTo(204);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private String labelOf(JsonNode item) {
            for (JsonNode l : item.path("raw").path("fields").path("labels")) {
                if (l.asText().startsWith("zen-sync-")) return l.asText();
            }
            throw new AssertionError("no marker label on " + item);
        }
    }

    @Test
    void everyRequestIsAuthenticatedByTheHostAsTheConfiguredUser() {
        plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields", map("title", "Renamed")));

        // The plugin holds no secret: each request was signed by the host from credentials_ref "basic".
        assertThat(jira.requests()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.accountId()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID));
    }
}
