package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.jira.StatusCategory;
import dev.zen.integration.testkit.jira.Workflow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every operation of the real jira.wasm in the real runtime against FakeJira. */
class JiraOperationsTest {
    static FakeJira jira;
    static JiraPlugin plugin;

    @BeforeAll
    static void start() {
        jira = FakeJira.start();
        jira.addUser(JiraUser.of("acc-dana", "Dana Dev").withEmail("dana@example.com"));
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
        jira.workflow(Workflow.standard());
        jira.addUser(JiraUser.of(FakeJira.DEFAULT_ACCOUNT_ID, "Sync Bot").withEmail(FakeJira.DEFAULT_EMAIL));
    }

    static IssueSnapshot snapshot(String key) {
        return jira.issue(key).orElseThrow();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Nested
    class Get {
        @Test
        void byKeyMapsTheDefaultFields() {
            jira.seed(NewIssue.builder("SYNC", "Export fails").priority("High").assignee("acc-dana")
                    .labels("backend").build());

            JsonNode item = plugin.get("SYNC-1");

            assertThat(item.path("key").asText()).isEqualTo("SYNC-1");
            assertThat(item.path("url").asText()).isEqualTo(jira.baseUrl() + "/browse/SYNC-1");
            JsonNode f = item.path("fields");
            assertThat(f.path("title").asText()).isEqualTo("Export fails");
            assertThat(f.path("status").asText()).isEqualTo("To Do");
            assertThat(f.path("priority").asText()).isEqualTo("High");
            assertThat(f.path("assignee").asText()).isEqualTo("Dana Dev");
            assertThat(f.path("labels")).containsExactly(JiraPlugin.JSON.valueToTree("backend"));
            assertThat(item.path("updated").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d");
        }

        @Test
        void byNumericIdGivesTheSameIssue() {
            IssueSnapshot s = jira.seed(NewIssue.builder("SYNC", "By id").build());

            JsonNode item = plugin.get(s.id());

            assertThat(item.path("id").asText()).isEqualTo(s.id());
            assertThat(item.path("key").asText()).isEqualTo("SYNC-1");
        }

        @Test
        void listsFieldChangeTimesFromTheChangelog() {
            jira.seed(NewIssue.builder("SYNC", "Changing").build());
            jira.simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");

            JsonNode item = plugin.get("SYNC-1");

            assertThat(item.path("fields").path("status").asText()).isEqualTo("In Progress");
            assertThat(item.path("field_changed_at").has("status")).isTrue();
        }

        @Test
        void refusesAnIdThatCouldEscapeTheIssuePath() {
            IntegrationException e = plugin.fail(PluginOperation.GET_TASK_DATA, map("id", "../../myself"));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(jira.requests()).isEmpty();
        }
    }

    @Nested
    class Create {
        @Test
        void createsWithEveryDefaultFieldAndResolvesTheAssignee() {
            JsonNode item = plugin.call(PluginOperation.CREATE_TASK, map(
                    "fields", map("title", "Export fails", "description", "Repro:\n\n- upload\n- wait",
                            "priority", "High", "assignee", "Dana Dev", "labels", List.of("backend"),
                            "status", "In Progress"),
                    "idempotency_key", "zen-task:42"));

            IssueSnapshot s = snapshot(item.path("key").asText());
            assertThat(s.summary()).isEqualTo("Export fails");
            assertThat(s.priority()).isEqualTo("High");
            assertThat(s.assigneeAccountId()).isEqualTo("acc-dana");
            assertThat(s.status()).isEqualTo("In Progress");
            assertThat(s.labels()).contains("backend").anyMatch(l -> l.startsWith("zen-sync-"));
            assertThat(s.properties().get("zen.sync").path("idempotency_key").asText()).isEqualTo("zen-task:42");
            assertThat(s.descriptionAdf().path("content").get(1).path("type").asText()).isEqualTo("bulletList");
            assertThat(item.path("fields").path("description").asText()).isEqualTo("Repro:\n\n- upload\n- wait");
            assertThat(item.path("fields").path("labels")).as("marker labels are hidden from Zen")
                    .containsExactly(JiraPlugin.JSON.valueToTree("backend"));
        }

        @Test
        void aRepeatedCreateWithTheSameKeyReturnsTheFirstIssue() {
            Map<String, Object> input = map("fields", map("title", "Once"), "idempotency_key", "zen-task:7");
            JsonNode first = plugin.call(PluginOperation.CREATE_TASK, input);

            JsonNode second = plugin.call(PluginOperation.CREATE_TASK, input);

            assertThat(second.path("id").asText()).isEqualTo(first.path("id").asText());
            assertThat(jira.issues()).hasSize(1);
        }

        @Test
        void differentKeysCreateDifferentIssues() {
            plugin.call(PluginOperation.CREATE_TASK, map("fields", map("title", "A"), "idempotency_key", "zen-task:1"));
            plugin.call(PluginOperation.CREATE_TASK, map("fields", map("title", "B"), "idempotency_key", "zen-task:2"));

            assertThat(jira.issues()).hasSize(2);
        }

        @Test
        void refusesACreateWithoutTitle() {
            IntegrationException e = plugin.fail(PluginOperation.CREATE_TASK,
                    map("fields", map("description", "x"), "idempotency_key", "zen-task:1"));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.getMessage()).contains("title");
            assertThat(jira.issues()).isEmpty();
        }

        @Test
        void anUnknownAssigneeIsInvalidDataAndCreatesNothing() {
            IntegrationException e = plugin.fail(PluginOperation.CREATE_TASK,
                    map("fields", map("title", "x", "assignee", "Nobody Known"), "idempotency_key", "zen-task:1"));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.getMessage()).contains("Nobody Known");
            assertThat(jira.issues()).isEmpty();
        }
    }

    @Nested
    class Update {
        @Test
        void changesTitlePriorityLabelsAndClearsTheAssignee() {
            jira.seed(NewIssue.builder("SYNC", "Old").assignee("acc-dana").labels("a").build());

            JsonNode item = plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields",
                    map("title", "New", "priority", "Low", "labels", List.of("b", "c"), "assignee", null)));

            IssueSnapshot s = snapshot("SYNC-1");
            assertThat(s.summary()).isEqualTo("New");
            assertThat(s.priority()).isEqualTo("Low");
            assertThat(s.labels()).containsExactlyInAnyOrder("b", "c");
            assertThat(s.assigneeAccountId()).isNull();
            assertThat(item.path("fields").path("title").asText()).isEqualTo("New");
        }

        @Test
        void keepsTheIdempotencyMarkerWhenLabelsAreReplaced() {
            JsonNode created = plugin.call(PluginOperation.CREATE_TASK,
                    map("fields", map("title", "x", "labels", List.of("a")), "idempotency_key", "zen-task:9"));
            String key = created.path("key").asText();

            plugin.call(PluginOperation.UPDATE_TASK, map("id", key, "fields", map("labels", List.of("b"))));

            assertThat(snapshot(key).labels()).contains("b").doesNotContain("a").anyMatch(l -> l.startsWith("zen-sync-"));
            assertThat(plugin.call(PluginOperation.CREATE_TASK,
                    map("fields", map("title", "x"), "idempotency_key", "zen-task:9")).path("key").asText()).isEqualTo(key);
            assertThat(jira.issues()).hasSize(1);
        }

        @Test
        void givenTextForNumberAndSelectCustomFieldsWhenWrittenThenJiraGetsANumberAndAnOption() throws Exception {
            jira.seed(NewIssue.builder("SYNC", "x").build());

            // Zen's extra fields are text; Jira refuses "5" for a number field (400)
            plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields",
                    map("customfield_10016", "5", "customfield_10030", "Mobile")));

            JsonNode sent = JiraPlugin.JSON.readTree(jira.requests("PUT", "/rest/api/3/issue/SYNC-1").get(0).body());
            assertThat(sent.at("/fields/customfield_10016").isNumber()).as(sent.toString()).isTrue();
            assertThat(sent.at("/fields/customfield_10030/value").asText()).isEqualTo("Mobile");
            IntegrationException e = plugin.fail(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields",
                    map("customfield_10016", "five")));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
            assertThat(e.getMessage()).contains("customfield_10016").contains("number");
        }

        @Test
        void writesADescriptionWithListsAsAdf() {
            jira.seed(NewIssue.builder("SYNC", "x").build());

            plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields",
                    map("description", "Steps:\n\n1. open\n2. close")));

            JsonNode adf = snapshot("SYNC-1").descriptionAdf();
            assertThat(adf.path("content").get(1).path("type").asText()).isEqualTo("orderedList");
            assertThat(plugin.get("SYNC-1").path("fields").path("description").asText()).isEqualTo("Steps:\n\n1. open\n2. close");
        }

        @Test
        void doesNotClobberRichContentWhoseTextDidNotChange() throws Exception {
            JsonNode rich = JiraPlugin.JSON.readTree("""
                    {"type":"doc","version":1,"content":[
                      {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Plan"}]},
                      {"type":"paragraph","content":[{"type":"text","text":"Be ","marks":[]},
                        {"type":"text","text":"bold","marks":[{"type":"strong"}]}]}]}""");
            jira.seed(NewIssue.builder("SYNC", "Rich").descriptionAdf(rich).build());
            JsonNode before = plugin.get("SYNC-1");
            String shown = before.path("fields").path("description").asText();

            JsonNode after = plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields",
                    map("title", "Rich, renamed", "description", shown)));

            assertThat(before.path("warnings").toString()).contains("heading").contains("mark:strong");
            assertThat(snapshot("SYNC-1").descriptionAdf()).isEqualTo(rich);
            assertThat(snapshot("SYNC-1").summary()).isEqualTo("Rich, renamed");
            assertThat(after.path("warnings").toString()).contains("kept");
        }

        @Test
        void replacesRichContentWhenItsTextReallyChanged() throws Exception {
            JsonNode rich = JiraPlugin.JSON.readTree("""
                    {"type":"doc","version":1,"content":[
                      {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Plan"}]}]}""");
            jira.seed(NewIssue.builder("SYNC", "Rich").descriptionAdf(rich).build());

            JsonNode after = plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields",
                    map("description", "A new plan")));

            assertThat(snapshot("SYNC-1").description()).isEqualTo("A new plan");
            assertThat(after.path("warnings").toString()).contains("replaced");
        }

        @Test
        void movesStatusThroughTheTransitionToTheTargetStatus() {
            jira.seed(NewIssue.builder("SYNC", "x").build());

            plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields", map("status", "In Progress")));
            JsonNode item = plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields", map("status", "done")));

            assertThat(snapshot("SYNC-1").status()).isEqualTo("Done");
            assertThat(item.path("fields").path("status").asText()).isEqualTo("Done");
            assertThat(jira.requests("POST", "/rest/api/3/issue/SYNC-1/transitions")).hasSize(2);
        }

        @Test
        void fallsBackToTheStatusCategoryWhenNoStatusHasTheName() {
            jira.workflow(Workflow.builder()
                    .status("1", "Open", StatusCategory.TO_DO)
                    .status("2", "Closed", StatusCategory.DONE)
                    .transition("5", "Close", "Closed", "Open")
                    .build());
            jira.seed(NewIssue.builder("SYNC", "x").build());

            plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields", map("status", "Done")));

            assertThat(snapshot("SYNC-1").status()).isEqualTo("Closed");
        }

        @Test
        void aCategoryWordForTheCurrentCategoryMakesNoTransition() {
            jira.workflow(Workflow.builder()
                    .status("1", "Open", StatusCategory.TO_DO)
                    .status("2", "Closed", StatusCategory.DONE)
                    .status("3", "Won't Do", StatusCategory.DONE)
                    .transition("5", "Close", "Closed", "Open")
                    .transition("6", "Drop", "Won't Do", "Open", "Closed")
                    .build());
            jira.seed(NewIssue.builder("SYNC", "x").status("Closed").build());

            plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields", map("status", "done")));

            assertThat(snapshot("SYNC-1").status()).isEqualTo("Closed");
        }

        @Test
        void anUnchangedStatusMakesNoTransition() {
            jira.seed(NewIssue.builder("SYNC", "x").build());

            plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields", map("status", "To Do")));

            assertThat(jira.requests("POST", "/rest/api/3/issue/SYNC-1/transitions")).isEmpty();
        }

        @Test
        void readOnlyFieldsAreReportedNotWritten() {
            jira.seed(NewIssue.builder("SYNC", "x").build());

            JsonNode item = plugin.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields",
                    map("updated", "2020-01-01T00:00:00.000+00:00")));

            assertThat(item.path("warnings").toString()).contains("updated is read-only");
            assertThat(jira.requests("PUT", "/rest/api/3/issue/SYNC-1")).isEmpty();
        }
    }

    @Nested
    class Search {
        @Test
        void pagesThroughEveryIssueWithNextPageToken() {
            for (int i = 0; i < 5; i++) jira.seed(NewIssue.builder("SYNC", "Issue " + i).build());

            List<String> keys = new ArrayList<>();
            Object cursor = null;
            int pages = 0;
            do {
                Map<String, Object> in = new HashMap<>();
                in.put("query", Map.of());
                in.put("cursor", cursor);
                in.put("limit", 2);
                JsonNode page = plugin.call(PluginOperation.SEARCH_TASKS, in);
                page.path("items").forEach(i -> keys.add(i.path("key").asText()));
                cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
                pages++;
            } while (cursor != null);

            assertThat(pages).isEqualTo(3);
            assertThat(keys).containsExactlyInAnyOrder("SYNC-1", "SYNC-2", "SYNC-3", "SYNC-4", "SYNC-5");
            assertThat(jira.requests("POST", "/rest/api/3/search/jql").get(1).body()).contains("nextPageToken");
        }

        @Test
        void aFullPageOfLargeIssuesFitsInOneCallAndTheNextCallsStillWork() {
            // The plugin collects its garbage only at the end of each call: one call's garbage must fit.
            String longText = "Steps to reproduce, logs and notes. ".repeat(200);
            for (int i = 0; i < 100; i++) {
                jira.seed(NewIssue.builder("SYNC", "Issue " + i).description(longText).labels("backend", "l" + i)
                        .build());
            }

            for (int round = 0; round < 3; round++) {
                JsonNode page = plugin.call(PluginOperation.SEARCH_TASKS, map("query", Map.of(), "limit", 100));

                assertThat(page.path("items")).hasSize(100);
                assertThat(page.path("items").get(99).path("fields").path("description").asText()).startsWith("Steps");
            }
        }

        @Test
        void anIssueThatShiftsBackAcrossAPageBoundaryIsDeliveredOnce() {
            Instant t0 = Instant.parse("2026-03-15T12:00:00Z");
            jira.seed(NewIssue.builder("SYNC", "first").updated(t0).build());
            jira.seed(NewIssue.builder("SYNC", "second").updated(t0.plusSeconds(60)).build());
            Map<String, Object> in = new HashMap<>();
            in.put("query", Map.of());
            in.put("cursor", null);
            in.put("limit", 1);
            List<String> keys = new ArrayList<>();
            JsonNode page = plugin.call(PluginOperation.SEARCH_TASKS, in);
            page.path("items").forEach(i -> keys.add(i.path("key").asText()));
            // A late-visible issue sorts before the first page and pushes SYNC-1 onto the next one.
            jira.seed(NewIssue.builder("SYNC", "late").updated(t0.minusSeconds(3600)).build());

            while (!page.path("next_cursor").isNull()) {
                in.put("cursor", page.path("next_cursor").asText());
                page = plugin.call(PluginOperation.SEARCH_TASKS, in);
                page.path("items").forEach(i -> keys.add(i.path("key").asText()));
            }

            assertThat(keys).containsExactly("SYNC-1", "SYNC-2");
        }

        @Test
        void filtersByKeysAndLabels() {
            jira.seed(NewIssue.builder("SYNC", "a").labels("x").build());
            jira.seed(NewIssue.builder("SYNC", "b").labels("y").build());
            jira.seed(NewIssue.builder("SYNC", "c").labels("x").build());

            JsonNode page = plugin.call(PluginOperation.SEARCH_TASKS,
                    map("query", map("keys", List.of("SYNC-1", "SYNC-2"), "labels", List.of("x")), "cursor", null, "limit", 50));

            assertThat(page.path("items")).extracting(i -> i.path("key").asText()).containsExactly("SYNC-1");
        }
    }

    /** Incremental search: the watermark is converted to the API user's zone, minute-floored, with an overlap. */
    @Nested
    class IncrementalSearch {
        final Instant watermark = Instant.parse("2026-03-15T12:00:30Z");

        JsonNode since(String zone) {
            jira.addUser(JiraUser.of(FakeJira.DEFAULT_ACCOUNT_ID, "Sync Bot").withEmail(FakeJira.DEFAULT_EMAIL)
                    .withTimeZone(ZoneId.of(zone)));
            jira.seed(NewIssue.builder("SYNC", "long before").updated(watermark.minusSeconds(3600)).build());
            jira.seed(NewIssue.builder("SYNC", "within the overlap").updated(watermark.minusSeconds(120)).build());
            jira.seed(NewIssue.builder("SYNC", "after").updated(watermark.plusSeconds(600)).build());
            return plugin.call(PluginOperation.SEARCH_TASKS,
                    map("query", map("updated_since", "2026-03-15T13:00:30.000+01:00"), "cursor", null, "limit", 50));
        }

        @Test
        void inAZoneBehindUtc() {
            JsonNode page = since("America/Chicago");

            assertThat(page.path("items")).extracting(i -> i.path("fields").path("title").asText())
                    .containsExactly("within the overlap", "after");
            assertThat(jira.requests("POST", "/rest/api/3/search/jql").get(0).body()).contains("2026-03-15 06:55");
        }

        @Test
        void inAZoneAheadOfUtcWithAHalfHourOffset() {
            JsonNode page = since("Asia/Kolkata");

            assertThat(page.path("items")).extracting(i -> i.path("fields").path("title").asText())
                    .containsExactly("within the overlap", "after");
            assertThat(jira.requests("POST", "/rest/api/3/search/jql").get(0).body()).contains("2026-03-15 17:25");
        }

        @Test
        void acrossADaylightSavingChange() {
            // 2026-03-08 is the US switch to daylight time: Chicago is UTC-5 at the watermark, not UTC-6.
            jira.addUser(JiraUser.of(FakeJira.DEFAULT_ACCOUNT_ID, "Sync Bot").withEmail(FakeJira.DEFAULT_EMAIL)
                    .withTimeZone(ZoneId.of("America/Chicago")));
            jira.seed(NewIssue.builder("SYNC", "x").updated(Instant.parse("2026-03-08T09:00:00Z")).build());

            plugin.call(PluginOperation.SEARCH_TASKS,
                    map("query", map("updated_since", "2026-03-08T08:05:00Z"), "cursor", null, "limit", 50));

            assertThat(jira.requests("POST", "/rest/api/3/search/jql").get(0).body()).contains("2026-03-08 03:00");
        }

        @Test
        void refusesAWatermarkWithoutOffset() {
            IntegrationException e = plugin.fail(PluginOperation.SEARCH_TASKS,
                    map("query", map("updated_since", "2026-03-15 12:00"), "cursor", null, "limit", 50));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
        }
    }

    @Nested
    class HealthAndConfig {
        @Test
        void healthCheckValidatesCredentialsAndReportsProjectMetadata() {
            JsonNode h = plugin.call(PluginOperation.HEALTH_CHECK, Map.of());

            assertThat(h.path("healthy").asBoolean()).isTrue();
            assertThat(h.path("account").path("account_id").asText()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID);
            assertThat(h.path("project").path("key").asText()).isEqualTo("SYNC");
            assertThat(h.path("project").path("issue_types").toString()).contains("Task");
            assertThat(jira.requests("GET", "/rest/api/3/myself")).hasSize(1);
        }

        @Test
        void healthCheckReportsAnIssueTypeTheProjectLacks() {
            try (JiraPlugin p = JiraPlugin.open(jira, c -> c.setting("issue_type", "Saga"))) {
                IntegrationException e = p.fail(PluginOperation.HEALTH_CHECK, Map.of());

                assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                assertThat(e.getMessage()).contains("Saga").contains("Task");
            }
        }

        @Test
        void healthCheckReportsAProjectThatDoesNotExist() {
            try (JiraPlugin p = JiraPlugin.open(jira, c -> c.setting("project_key", "NOPE"))) {
                IntegrationException e = p.fail(PluginOperation.HEALTH_CHECK, Map.of());

                assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                assertThat(e.details()).containsEntry("key", "project_key");
            }
        }

        @Test
        void validateConfigAcceptsAGoodConfiguration() {
            JsonNode v = plugin.call(PluginOperation.VALIDATE_CONFIG, map("config",
                    map("server_url", "https://acme.atlassian.net", "project_key", "SYNC")));

            assertThat(v.path("valid").asBoolean()).isTrue();
        }

        @Test
        void validateConfigNamesABadFieldMapping() {
            IntegrationException e = plugin.fail(PluginOperation.VALIDATE_CONFIG, map("config",
                    map("server_url", "https://acme.atlassian.net", "project_key", "SYNC",
                            "field_mapping", map("title", "summary; DROP"))));

            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(e.details()).containsEntry("key", "field_mapping.title");
        }

        @Test
        void validateConfigNamesABadProjectKey() {
            IntegrationException e = plugin.fail(PluginOperation.VALIDATE_CONFIG, map("config",
                    map("server_url", "https://acme.atlassian.net", "project_key", "sync")));

            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(e.details()).containsEntry("key", "project_key");
        }

        @Test
        void bearerAuthWorksThroughTheHost() {
            jira.seed(NewIssue.builder("SYNC", "x").build());
            try (JiraPlugin p = JiraPlugin.open(jira, c -> c.credentialsRef("bearer"))) {
                assertThat(p.get("SYNC-1").path("key").asText()).isEqualTo("SYNC-1");
                assertThat(jira.requests().get(0).accountId()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID);
            }
        }
    }

    @Nested
    class Mapping {
        @Test
        void fieldMappingOverridesTheDefaultsWithDotPaths() {
            jira.seed(NewIssue.builder("SYNC", "x").assignee("acc-dana").build());
            try (JiraPlugin p = JiraPlugin.open(jira, c -> c.setting("field_mapping",
                    map("assignee", "assignee.emailAddress", "priority", null, "category", "status.statusCategory.name")))) {
                JsonNode item = p.get("SYNC-1");
                JsonNode mapping = p.call(PluginOperation.GET_FIELD_MAPPING, Map.of()).path("mapping");

                assertThat(item.path("fields").path("assignee").asText()).isEqualTo("dana@example.com");
                assertThat(item.path("fields").has("priority")).isFalse();
                assertThat(item.path("fields").path("category").asText()).isEqualTo("To Do");
                assertThat(mapping.path("assignee").asText()).isEqualTo("assignee.emailAddress");
                assertThat(mapping.has("priority")).isFalse();
            }
        }

        @Test
        void anOverriddenUserFieldIsWrittenByResolvingTheAccount() {
            jira.seed(NewIssue.builder("SYNC", "x").build());
            try (JiraPlugin p = JiraPlugin.open(jira,
                    c -> c.setting("field_mapping", map("assignee", "assignee.emailAddress")))) {
                p.call(PluginOperation.UPDATE_TASK, map("id", "SYNC-1", "fields", map("assignee", "dana@example.com")));

                assertThat(snapshot("SYNC-1").assigneeAccountId()).isEqualTo("acc-dana");
            }
        }

        @Test
        void defaultMappingIsTheSpecs() {
            JsonNode mapping = plugin.call(PluginOperation.GET_FIELD_MAPPING, Map.of()).path("mapping");

            assertThat(mapping.path("id").asText()).isEqualTo("key");
            assertThat(mapping.path("title").asText()).isEqualTo("summary");
            assertThat(mapping.path("status").asText()).isEqualTo("status.name");
            assertThat(mapping.path("priority").asText()).isEqualTo("priority.name");
            assertThat(mapping.path("assignee").asText()).isEqualTo("assignee.displayName");
            assertThat(mapping.path("labels").asText()).isEqualTo("labels");
        }

        @Test
        void mapToExternalBuildsAJiraWriteDocument() {
            JsonNode raw = plugin.call(PluginOperation.MAP_TO_EXTERNAL,
                    map("fields", map("title", "t", "priority", "High", "description", "a"))).path("raw");

            assertThat(raw.path("fields").path("summary").asText()).isEqualTo("t");
            assertThat(raw.path("fields").path("priority").path("name").asText()).isEqualTo("High");
            assertThat(raw.path("fields").path("description").path("type").asText()).isEqualTo("doc");
        }

        @Test
        void mapToZenReadsAJiraDocument() {
            jira.seed(NewIssue.builder("SYNC", "From raw").labels("l").build());
            JsonNode raw = plugin.get("SYNC-1").path("raw");

            JsonNode fields = plugin.call(PluginOperation.MAP_TO_ZEN, map("raw", raw)).path("fields");

            assertThat(fields.path("title").asText()).isEqualTo("From raw");
            assertThat(fields.path("labels").get(0).asText()).isEqualTo("l");
        }
    }
}
