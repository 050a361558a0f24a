package dev.zen.integration.it.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.FieldChange;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.ProviderHealth;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.IntegrationJson;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ConfigLoader;
import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.config.SyncFrequency;
import dev.zen.integration.core.credentials.CredentialResolver;
import dev.zen.integration.core.credentials.EncryptedFileCredentialStore;
import dev.zen.integration.core.credentials.EnvCredentialProvider;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.core.resilience.CircuitState;
import dev.zen.integration.core.resilience.ProviderCallListener;
import dev.zen.integration.core.resilience.ResilientProviderCalls;
import dev.zen.integration.core.schedule.SyncScheduler;
import dev.zen.integration.core.store.InMemoryLockProvider;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.SyncListener;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the code in README.md, docs/user-guide.md and docs/operations.md true: each test runs one documented snippet
 * (same classes, methods and arguments) against FakeJira through the real Jira plugin, and is named after the
 * section it belongs to. If a test here has to change, the section named in its name has to change with it.
 */
public class DocumentationExamplesTest {
    @TempDir Path workspace;
    @TempDir Path home;
    FakeJira jira;

    /** Fast retries, and a budget that never throttles a test: the documented calls themselves are unchanged. */
    static final ResilienceConfig FAST = ResilienceConfig.builder()
            .requestsPerMinute(60_000)
            .maxAttempts(2)
            .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
            .build();

    @BeforeEach
    void startJira() {
        jira = FakeJira.start();
    }

    @AfterEach
    void stopJira() {
        jira.close();
    }

    private InMemoryCredentialProvider jiraBot() {
        return new InMemoryCredentialProvider()
                .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN));
    }

    private ProviderConfig.Builder jiraProvider() {
        return ProviderConfig.builder("jira")
                .serverUrl(jira.baseUrl().toString())
                .projectKey(FakeJira.DEFAULT_PROJECT)
                .credentialsRef("jira-bot")
                .resilience(FAST);
    }

    private ZenIntegration.Builder zen(ProviderConfig provider) {
        return ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(jiraBot())
                .provider(provider);
    }

    // ---- README.md "Embedding" and docs/user-guide.md "Embedding" ---------------------------------------------

    @Test
    void readmeEmbeddingGivenTheReadmeSnippetWhenRunThenItImportsAndSyncsSync7WithEnvironmentCredentials() {
        for (int i = 1; i <= 7; i++) jira.seed(NewIssue.builder("SYNC", "Issue " + i).build());
        // the README's comment: reference jira-bot is read from ZEN_CREDENTIAL_JIRA_BOT_USERNAME / _TOKEN
        EnvCredentialProvider environment = new EnvCredentialProvider(Map.of(
                "ZEN_CREDENTIAL_JIRA_BOT_USERNAME", FakeJira.DEFAULT_EMAIL,
                "ZEN_CREDENTIAL_JIRA_BOT_TOKEN", FakeJira.DEFAULT_API_TOKEN));
        List<String> errors = new ArrayList<>();

        try (ZenIntegration zen = ZenIntegration.builder()
                .workspace(workspace)
                .credentialProvider(environment)                 // the default reads System.getenv() the same way
                .provider(ProviderConfig.builder("jira")
                        .serverUrl(jira.baseUrl().toString())
                        .projectKey("SYNC")
                        .credentialsRef("jira-bot")
                        .conflictStrategy(ConflictStrategy.TIMESTAMP)
                        .fieldDirection("status", SyncDirection.PULL)
                        .build())
                .build()) {
            ZenTask task = zen.importItem("jira", "SYNC-7");
            SyncReport report = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL);
            report.failures().forEach(r -> errors.add(r.taskId() + ": " + r.error().orElseThrow().message()));

            assertThat(task.id()).isEqualTo("jira-SYNC-7");
            assertThat(task.title()).isEqualTo("Issue 7");
            assertThat(report.status()).isEqualTo(SyncReport.Status.COMPLETED);
        }
        assertThat(errors).isEmpty();
        assertThat(Files.exists(workspace.resolve(".zen/integrations/jira-SYNC-7.yaml"))).isTrue();
        assertThat(Files.exists(workspace.resolve("tasks/jira-SYNC-7/manifest.yaml"))).isTrue();
    }

    @Test
    void readmeEmbeddingGivenTheReadmeWhenReadThenItShowsTheCallsTheSnippetTestRuns() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme).contains(
                "try (ZenIntegration zen = ZenIntegration.builder()",
                ".provider(ProviderConfig.builder(\"jira\")",
                ".projectKey(\"SYNC\")",
                ".credentialsRef(\"jira-bot\")                  // ZEN_CREDENTIAL_JIRA_BOT_USERNAME / _TOKEN",
                ".conflictStrategy(ConflictStrategy.TIMESTAMP)",
                ".fieldDirection(\"status\", SyncDirection.PULL)",
                "ZenTask task = zen.importItem(\"jira\", \"SYNC-7\");",
                "SyncReport report = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL);",
                "report.failures().forEach(r -> System.err.println(r.taskId() + \": \" + r.error().orElseThrow().message()));");
    }

    @Test
    void userGuideFieldDirectionsGivenStatusIsPullOnlyWhenZenChangesItThenJiraKeepsItsStatus() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        try (ZenIntegration zen = zen(jiraProvider().fieldDirection("status", SyncDirection.PULL).build()).build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");
            zen.taskStore().update(task.toBuilder().status("Done").title("Export fails on 2 GB").build());

            TaskSyncResult result = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL)
                    .result(task.id()).orElseThrow();

            assertThat(result.changes()).extracting(FieldChange::field).containsExactly("title");
            assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails on 2 GB");
            assertThat(jira.issue("SYNC-1").orElseThrow().status()).isEqualTo("To Do");
        }
    }

    @Test
    void userGuideBuilderOptionsGivenEveryBuilderOptionWhenBuiltThenTheGivenPartsAreUsedAndASyncWorks() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        InMemoryTaskStore tasks = new InMemoryTaskStore();
        InMemorySyncRecordStore records = new InMemorySyncRecordStore();
        List<SyncEvent> events = Collections.synchronizedList(new ArrayList<>());
        WasmPluginRegistry registry = WasmPluginRegistry.builder().credentialProvider(jiraBot()).build();
        ResilientProviderCalls calls = ResilientProviderCalls.builder().provider("jira", FAST).build();
        try (registry; calls; ZenIntegration zen = ZenIntegration.builder()
                .workspace(workspace)
                .taskStore(tasks)
                .recordStore(records)
                .lockProvider(new InMemoryLockProvider())
                .credentialProvider(jiraBot())                  // only used by the default registry
                .listener(events::add)
                .pluginRegistry(registry)
                .config(IntegrationConfig.builder().syncFrequency(SyncFrequency.MANUAL).build())
                .provider(jiraProvider().build())
                .clock(Clock.systemUTC())
                .parallelism(4)
                .providerCalls(calls)
                .lockTimeout(Duration.ofSeconds(10))
                .discoverServices(false)
                .classLoader(DocumentationExamplesTest.class.getClassLoader())
                .build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");
            SyncReport report = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL);

            assertThat(report.status()).isEqualTo(SyncReport.Status.COMPLETED);
            assertThat(zen.taskStore()).isSameAs(tasks);
            assertThat(zen.recordStore()).isSameAs(records);
            assertThat(zen.pluginRegistry()).isSameAs(registry);
            assertThat(records.find(task.id())).isPresent();
            assertThat(events).extracting(SyncEvent::type).contains(SyncEvent.Type.SYNC_STARTED,
                    SyncEvent.Type.TASK_SYNCED, SyncEvent.Type.SYNC_FINISHED);
            assertThat(calls.health("jira").circuitState()).isEqualTo(CircuitState.CLOSED);
        }
        assertThat(workspace.resolve("tasks")).doesNotExist();
    }

    // ---- docs/user-guide.md "Calling the service" --------------------------------------------------------------

    @Test
    void userGuideCallingTheServiceGivenALocalEditWhenDryRunThenPullThenPushThenOnlyThePushWritesJira() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        try (ZenIntegration zen = zen(jiraProvider().build()).build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");
            zen.taskStore().update(task.toBuilder().title("Export fails on 2 GB").build());

            SyncReport preview = zen.sync(SyncRequest.builder()
                    .tasks(task.id())
                    .direction(SyncDirection.BIDIRECTIONAL)
                    .dryRun(true)
                    .build());
            SyncReport pulled = zen.sync(List.of(task.id()), SyncDirection.PULL);
            String afterPull = jira.issue("SYNC-1").orElseThrow().summary();
            SyncReport pushed = zen.sync(List.of(), SyncDirection.PUSH);            // empty: every linked task

            assertThat(preview.dryRun()).isTrue();
            assertThat(preview.result(task.id()).orElseThrow().changes())
                    .containsExactly(new FieldChange("title", FieldChange.Side.REMOTE, "Export fails",
                            "Export fails on 2 GB"));
            assertThat(pulled.result(task.id()).orElseThrow().outcome()).isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
            assertThat(afterPull).isEqualTo("Export fails");
            assertThat(pushed.result(task.id()).orElseThrow().outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
            assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails on 2 GB");
            IntegrationStatus status = zen.status();
            assertThat(status.recordCount()).isEqualTo(1);
            assertThat(status.lastSync()).isNotNull();
        }
    }

    @Test
    void userGuideCallingTheServiceGivenAZenTaskWhenPublishedAndUnlinkedThenJiraHasOneIssueAndNoLinkRemains() {
        try (ZenIntegration zen = zen(jiraProvider().build()).build()) {
            zen.taskStore().create(ZenTask.builder("task-42", "Write the user guide").labels("docs").build());

            String key = zen.publish("task-42", "jira").externalId();
            zen.unlink("task-42");

            assertThat(jira.issue(key).orElseThrow().summary()).isEqualTo("Write the user guide");
            assertThat(zen.recordStore().find("task-42")).isEmpty();
            assertThat(zen.taskStore().find("task-42")).isPresent();
        }
    }

    @Test
    void userGuideLinkingTasksAndItemsGivenAnExistingTaskAndIssueWhenLinkedAndSyncedThenDifferingFieldsAreConflicts() {
        jira.seed(NewIssue.builder("SYNC", "First").build());
        jira.seed(NewIssue.builder("SYNC", "Export fails in Jira").build());
        try (ZenIntegration zen = zen(jiraProvider().build()).build()) {
            zen.taskStore().create(ZenTask.builder("task-1", "Export fails in Zen").build());

            var link = zen.link("task-1", "jira", "SYNC-2");
            TaskSyncResult first = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL)
                    .result("task-1").orElseThrow();

            assertThat(link.externalId()).isEqualTo("SYNC-2");
            assertThat(link.lastSyncTime()).isNull();
            assertThat(first.outcome()).isEqualTo(TaskSyncResult.Outcome.CONFLICT);
            assertThat(first.conflicts()).extracting(ConflictRecord::field).contains("title");
            assertThat(jira.issue("SYNC-2").orElseThrow().summary()).isEqualTo("Export fails in Jira");
        }
    }

    @Test
    void userGuideErrorsGivenTheDocumentedCatchBlockWhenTheTokenIsRejectedThenTheUserIsAskedForANewOne() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        List<String> asked = new ArrayList<>();
        List<Duration> retries = new ArrayList<>();
        try (ZenIntegration zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, "expired-token")))
                .provider(jiraProvider().build())
                .build()) {
            try {
                zen.importItem("jira", "SYNC-1");
            } catch (IntegrationException e) {
                if (e.code() == ErrorCode.AUTH_FAILED) asked.add(e.provider().orElse("?"));
                else if (e.retryable()) retries.add(e.retryAfter().orElse(Duration.ofMinutes(1)));
                else throw e;
            }
        }
        assertThat(asked).containsExactly("jira");
        assertThat(retries).isEmpty();
    }

    @Test
    void userGuideCallingTheServiceGivenAnAsyncSyncWhenItCompletesThenTheFutureHoldsTheReport() throws Exception {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        try (ZenIntegration zen = zen(jiraProvider().build()).build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");

            SyncReport report = zen.syncAsync(SyncRequest.of(List.of(task.id()), SyncDirection.BIDIRECTIONAL))
                    .get();

            assertThat(report.result(task.id()).orElseThrow().success()).isTrue();
        }
    }

    // ---- docs/user-guide.md "Conflicts" ------------------------------------------------------------------------

    @Test
    void userGuideConflictsGivenBothSidesChangedTheTitleWhenSyncedUnderManualReviewThenResolveMergedWritesBoth() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        try (ZenIntegration zen = zen(jiraProvider().build()).build()) {          // manual_review is the default
            ZenTask task = zen.importItem("jira", "SYNC-1");
            zen.taskStore().update(task.toBuilder().title("Export fails (Zen)").build());
            jira.simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, Map.of("summary", "Export fails (Jira)"));

            TaskSyncResult result = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL)
                    .result(task.id()).orElseThrow();
            List<ConflictRecord> open = zen.conflicts();
            ConflictRecord c = open.get(0);
            TaskSyncResult settled = zen.resolve(c.id(), ConflictResolution.merged("Export fails (both)"));

            assertThat(result.outcome()).isEqualTo(TaskSyncResult.Outcome.CONFLICT);
            assertThat(open).hasSize(1);
            assertThat(c.field()).isEqualTo("title");
            assertThat(c.baseValue()).isEqualTo("Export fails");
            assertThat(c.localValue()).isEqualTo("Export fails (Zen)");
            assertThat(c.remoteValue()).isEqualTo("Export fails (Jira)");
            assertThat(settled.outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
            assertThat(zen.conflicts()).isEmpty();
            assertThat(zen.taskStore().find(task.id()).orElseThrow().title()).isEqualTo("Export fails (both)");
            assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails (both)");
        }
    }

    @Test
    void userGuideConflictStrategiesGivenAFieldStrategyAndARequestOverrideWhenSyncedThenTheOverrideWins() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").description("base").build());
        ProviderConfig provider = jiraProvider()
                .conflictStrategy(ConflictStrategy.MANUAL_REVIEW)
                .fieldConflictStrategy("title", ConflictStrategy.LOCAL_WINS)
                .build();
        try (ZenIntegration zen = zen(provider).build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");
            zen.taskStore().update(task.toBuilder().title("Zen title").description("Zen text").build());
            jira.simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID,
                    Map.of("summary", "Jira title", "description", "Jira text"));

            TaskSyncResult byConfig = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL)
                    .result(task.id()).orElseThrow();
            SyncReport overridden = zen.sync(SyncRequest.builder().tasks(task.id())
                    .conflictStrategy(ConflictStrategy.REMOTE_WINS).build());

            assertThat(byConfig.outcome()).isEqualTo(TaskSyncResult.Outcome.CONFLICT);
            assertThat(byConfig.conflicts()).extracting(ConflictRecord::field).containsExactlyInAnyOrder(
                    "title", "description");
            assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Zen title");   // local_wins
            assertThat(overridden.result(task.id()).orElseThrow().success()).isTrue();
            assertThat(zen.taskStore().find(task.id()).orElseThrow().description()).isEqualTo("Jira text");
            assertThat(zen.conflicts()).isEmpty();
        }
    }

    // ---- docs/user-guide.md "Offline mode" ---------------------------------------------------------------------

    @Test
    void userGuideOfflineModeGivenJiraIsDownWhenAnEditSyncsThenItIsQueuedShownInStatusAndDeliveredByFlush() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        List<SyncEvent> queued = Collections.synchronizedList(new ArrayList<>());
        try (ZenIntegration zen = zen(jiraProvider().build())
                .listener(e -> { if (e.type() == SyncEvent.Type.CHANGE_QUEUED) queued.add(e); })
                .build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");
            zen.taskStore().update(task.toBuilder().title("Edited offline").build());
            jira.inject(FaultRule.onAny().always().respond(Fault.serverError(503)));

            TaskSyncResult offline = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL)
                    .result(task.id()).orElseThrow();
            IntegrationStatus whileDown = zen.status();
            jira.clearFaults();
            SyncReport flushed = zen.flushPending();

            assertThat(offline.outcome()).isEqualTo(TaskSyncResult.Outcome.QUEUED);
            assertThat(offline.fromCache()).isTrue();
            assertThat(offline.success()).isTrue();
            assertThat(queued).hasSize(1);
            assertThat(queued.get(0).attributes()).containsEntry("pending", "1");
            assertThat(whileDown.pendingChanges()).isEqualTo(1);
            assertThat(whileDown.providers()).singleElement().satisfies(h -> {
                assertThat(h.pendingChanges()).isEqualTo(1);
                assertThat(h.state()).isIn(ProviderHealth.State.DEGRADED, ProviderHealth.State.UNAVAILABLE);
            });
            assertThat(zen.recordStore().find(task.id()).orElseThrow().pendingChanges()).isEmpty();
            assertThat(flushed.result(task.id()).orElseThrow().outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
            assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Edited offline");
            assertThat(zen.status().pendingChanges()).isZero();
        }
    }

    // ---- docs/user-guide.md "Configuration reference" ----------------------------------------------------------

    @Test
    void userGuideConfigurationGivenTheDocumentedWorkspaceFileWhenLoadedAndGivenToTheBuilderThenItSyncs()
            throws Exception {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        Files.createDirectories(workspace.resolve(".zen"));
        Files.writeString(workspace.resolve(".zen/config.yaml"), """
                integrations:
                  integration_enabled: true
                  task_system: jira
                  sync_enabled: true
                  sync_frequency: hourly
                  plugin_directories:
                    - .zen/plugins
                    - ~/zen-plugins
                  providers:
                    jira:
                      plugin: jira
                      enabled: true
                      server_url: %s
                      project_key: SYNC
                      auth_type: basic
                      credentials_ref: jira-bot
                      field_mapping:
                        title: summary
                        status: status.name
                        priority: priority.name
                      sync_direction: bidirectional
                      conflict_strategy: manual_review
                      field_conflict_strategies:
                        title: local_wins
                      field_directions:
                        status: pull
                      settings:
                        issue_type: Task
                      resilience:
                        retry:
                          max_attempts: 5
                          initial_delay: 1s
                          max_delay: 8s
                          jitter_factor: 0.2
                          max_retry_after: 60s
                        circuit_breaker:
                          failure_threshold: 5
                          open_duration: 30s
                          success_threshold: 1
                        rate_limit:
                          requests_per_minute: 300
                          max_wait: 30s
                        timeout: 2m
                        bulkhead:
                          max_concurrent_calls: 4
                          max_wait: 30s
                other_tool:
                  kept: true
                """.formatted(jira.baseUrl()), StandardCharsets.UTF_8);

        ConfigLoader loader = ConfigLoader.builder(workspace).home(home).environment(Map.of()).build();
        IntegrationConfig config = loader.load();
        ProviderConfig p = config.provider("jira").orElseThrow();

        assertThat(config.taskSystem()).isEqualTo("jira");
        assertThat(config.pluginDirectories()).containsExactly(workspace.toAbsolutePath().normalize()
                .resolve(".zen/plugins"), home.resolve("zen-plugins"));
        assertThat(p.resilience()).isEqualTo(ResilienceConfig.defaults());
        assertThat(p.conflictStrategyFor("title")).isEqualTo(ConflictStrategy.LOCAL_WINS);
        assertThat(p.directionFor("status")).isEqualTo(SyncDirection.PULL);
        assertThat(p.settings()).containsEntry("issue_type", "Task");
        try (ZenIntegration zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(jiraBot())
                .config(config)
                .build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");
            SyncReport report = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL);

            assertThat(report.status()).isEqualTo(SyncReport.Status.COMPLETED);
            assertThat(zen.status().taskSystem()).isEqualTo("jira");
        }
    }

    @Test
    void userGuideConfigurationGivenDefaultsOnlyWhenBuiltThenEachRecordHasTheDocumentedDefaults() {
        ProviderConfig p = ProviderConfig.builder("jira").build();
        IntegrationConfig c = IntegrationConfig.defaults();
        ResilienceConfig r = ResilienceConfig.defaults();

        assertThat(p.plugin()).isEqualTo("jira");
        assertThat(p.enabled()).isTrue();
        assertThat(p.credentialsRef()).isEqualTo("jira");
        assertThat(p.authType().yamlName()).isEqualTo("basic");
        assertThat(p.syncDirection()).isEqualTo(SyncDirection.BIDIRECTIONAL);
        assertThat(p.conflictStrategy()).isEqualTo(ConflictStrategy.MANUAL_REVIEW);
        assertThat(p.fieldMapping().zenToExternal()).isEmpty();
        assertThat(c.integrationEnabled()).isTrue();
        assertThat(c.syncEnabled()).isTrue();
        assertThat(c.syncFrequency()).isEqualTo(SyncFrequency.HOURLY);
        assertThat(c.taskSystem()).isNull();
        assertThat(c.plugins().requireSignatures()).isFalse();
        assertThat(c.plugins().trustedKeys()).isEmpty();
        assertThat(c.plugins().allowShadowing()).isEmpty();
        assertThat(c.plugins().minimumVersions()).isEmpty();
        assertThat(r.retry().maxAttempts()).isEqualTo(5);
        assertThat(r.retry().initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.retry().maxDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(r.retry().jitterFactor()).isEqualTo(0.2);
        assertThat(r.retry().maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.circuitBreaker().failureThreshold()).isEqualTo(5);
        assertThat(r.circuitBreaker().openDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.circuitBreaker().successThreshold()).isEqualTo(1);
        assertThat(r.rateLimit().requestsPerMinute()).isEqualTo(300);
        assertThat(r.rateLimit().maxWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.bulkhead().maxConcurrentCalls()).isEqualTo(4);
        assertThat(r.bulkhead().maxWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void userGuideConfigurationGivenFeatureFlagsOffWhenSyncedThenEveryTaskIsSkipped() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        String taskId;
        try (ZenIntegration zen = zen(jiraProvider().build()).build()) {
            taskId = zen.importItem("jira", "SYNC-1").id();
        }
        IntegrationConfig off = IntegrationConfig.builder().integrationEnabled(false)
                .provider(jiraProvider().build()).build();
        ProviderConfig disabled = jiraProvider().enabled(false).build();

        try (ZenIntegration integrationOff = zen(jiraProvider().build()).config(off).build();
             ZenIntegration providerOff = zen(disabled).build()) {
            TaskSyncResult a = integrationOff.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL)
                    .result(taskId).orElseThrow();
            TaskSyncResult b = providerOff.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL)
                    .result(taskId).orElseThrow();

            assertThat(a.outcome()).isEqualTo(TaskSyncResult.Outcome.SKIPPED);
            assertThat(integrationOff.status().enabled()).isFalse();
            assertThat(b.outcome()).isEqualTo(TaskSyncResult.Outcome.SKIPPED);
        }
    }

    @Test
    void userGuideConfigurationGivenATypoInAKeyWhenSetThenConfigErrorNamesTheKeyAndNothingIsWritten() {
        ConfigLoader loader = ConfigLoader.builder(workspace).home(home).environment(Map.of()).build();

        assertThatThrownBy(() -> loader.set("integrations.providers.jira.sever_url", "https://acme.atlassian.net"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains("integrations.providers.jira.sever_url", "unknown key");
                });
        assertThat(loader.workspaceConfigFile()).doesNotExist();
    }

    @Test
    void userGuideConfigurationGivenEnvironmentOverridesWhenLoadedThenTheyWinOverTheFile() {
        ConfigLoader loader = ConfigLoader.builder(workspace).home(home).environment(Map.of(
                "ZEN_INTEGRATIONS_SYNC_FREQUENCY", "daily",
                "ZEN_INTEGRATIONS_PROVIDERS_JIRA_SERVER_URL", "https://acme.atlassian.net",
                "ZEN_INTEGRATIONS_PROVIDERS_JIRA_RESILIENCE_RATE_LIMIT_REQUESTS_PER_MINUTE", "100")).build();
        loader.set("integrations.sync_frequency", "manual");

        IntegrationConfig config = loader.load();

        assertThat(config.syncFrequency()).isEqualTo(SyncFrequency.DAILY);
        assertThat(config.provider("jira").orElseThrow().serverUrl()).isEqualTo("https://acme.atlassian.net");
        assertThat(config.provider("jira").orElseThrow().resilience().rateLimit().requestsPerMinute()).isEqualTo(100);
    }

    @Test
    void userGuideScheduledSyncGivenTheConfiguredFrequencyWhenStartedThenOnlyANonManualFrequencySchedules() {
        try (ZenIntegration zen = zen(jiraProvider().build()).build();
             SyncScheduler hourly = SyncScheduler.forService(zen, IntegrationConfig.defaults()).build();
             SyncScheduler manual = SyncScheduler.forService(zen,
                     IntegrationConfig.builder().syncFrequency(SyncFrequency.MANUAL).build()).build();
             SyncScheduler disabled = SyncScheduler.forService(zen,
                     IntegrationConfig.builder().syncEnabled(false).build()).build()) {

            assertThat(hourly.start()).isTrue();
            assertThat(hourly.nextRunAt()).isPresent();
            assertThat(manual.start()).isFalse();
            assertThat(disabled.start()).isFalse();
        }
    }

    // ---- docs/user-guide.md "Field mappings and directions" ----------------------------------------------------

    @Test
    void userGuideFieldMappingsGivenACustomFieldMappingWhenSyncedThenOnlyMappedFieldsFlowEachInItsDirection() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        ProviderConfig provider = jiraProvider()
                .fieldMapping(FieldMapping.of("title", "summary", "status", "status.name",
                        "story_points", "customfield_10016"))
                .fieldDirection("status", SyncDirection.PULL)
                .fieldDirection("story_points", SyncDirection.PUSH)
                .build();
        try (ZenIntegration zen = zen(provider).build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");
            zen.taskStore().update(task.toBuilder().extraField("story_points", "5").description("not synced").build());
            jira.simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");

            TaskSyncResult result = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL)
                    .result(task.id()).orElseThrow();

            assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
            assertThat(result.changes()).extracting(FieldChange::field, FieldChange::target).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("story_points", FieldChange.Side.REMOTE),
                    org.assertj.core.groups.Tuple.tuple("status", FieldChange.Side.LOCAL));
            assertThat(zen.taskStore().find(task.id()).orElseThrow().status()).isEqualTo("In Progress");
            assertThat(jira.issue("SYNC-1").orElseThrow().description()).isNull();
        }
    }

    // ---- docs/user-guide.md "Security model" -------------------------------------------------------------------

    @Test
    void userGuideSecurityModelGivenAnEncryptedStoreBehindTheEnvironmentWhenImportingThenTheStoredTokenIsUsed() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        EncryptedFileCredentialStore.generateKeyFile(home.resolve(".zen/credentials.key"));
        EncryptedFileCredentialStore store = EncryptedFileCredentialStore.builder(home.resolve(".zen/credentials.enc"))
                .keyFile(home.resolve(".zen/credentials.key"))
                .build();
        store.put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN));
        CredentialResolver credentials = CredentialResolver.builder()
                .provider(new EnvCredentialProvider(Map.of()))          // the documented fromSystem(), made hermetic
                .provider(store)
                .build();

        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .credentialProvider(credentials).provider(jiraProvider().build()).build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");

            assertThat(task.title()).isEqualTo("Export fails");
        }
        assertThat(store.references()).containsExactly("jira-bot");
    }

    // ---- docs/user-guide.md "Host SPIs" ------------------------------------------------------------------------

    /** A host's task store as registered through ServiceLoader: public, with a public no-argument constructor. */
    public static final class HostTaskStore implements dev.zen.integration.spi.TaskStore {
        private final InMemoryTaskStore delegate = new InMemoryTaskStore();

        /** Needed by ServiceLoader. */
        public HostTaskStore() {}

        @Override public Optional<ZenTask> find(String id) { return delegate.find(id); }
        @Override public List<ZenTask> list() { return delegate.list(); }
        @Override public ZenTask create(ZenTask task) { return delegate.create(task); }
        @Override public ZenTask update(ZenTask task) { return delegate.update(task); }
        @Override public int priority() { return 10; }
    }

    @Test
    void userGuideHostSpisGivenTwoRegisteredTaskStoresWhenBuiltThenTheHighestPriorityWins() throws Exception {
        Path services = workspace.resolve("classes/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("dev.zen.integration.spi.TaskStore"),
                InMemoryTaskStore.class.getName() + "\n" + HostTaskStore.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {workspace.resolve("classes").toUri().toURL()},
                DocumentationExamplesTest.class.getClassLoader());
             ZenIntegration zen = ZenIntegration.builder()
                     .workspace(workspace)
                     .classLoader(loader)
                     .credentialProvider(jiraBot())
                     .provider(jiraProvider().build())
                     .build()) {

            assertThat(zen.taskStore()).isInstanceOf(HostTaskStore.class);
            assertThat(zen.recordStore()).isInstanceOf(dev.zen.integration.core.store.YamlSyncRecordStore.class);
        }
    }

    // ---- docs/operations.md "Events and metrics" ---------------------------------------------------------------

    /** The metrics listener of docs/operations.md. */
    static final class EventCounter implements SyncListener {
        private final Map<SyncEvent.Type, LongAdder> counts = new ConcurrentHashMap<>();

        @Override
        public void onEvent(SyncEvent event) {
            counts.computeIfAbsent(event.type(), t -> new LongAdder()).increment();
        }

        long count(SyncEvent.Type type) {
            LongAdder a = counts.get(type);
            return a == null ? 0 : a.sum();
        }
    }

    @Test
    void operationsEventsAndMetricsGivenACountingListenerWhenATaskSyncsThenEachEventTypeIsCounted() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        EventCounter counter = new EventCounter();
        List<SyncEvent> finished = Collections.synchronizedList(new ArrayList<>());
        try (ZenIntegration zen = zen(jiraProvider().build())
                .listener(counter)
                .listener(e -> { if (e.type() == SyncEvent.Type.SYNC_FINISHED) finished.add(e); })
                .build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");
            zen.taskStore().update(task.toBuilder().title("Export fails on 2 GB").build());

            zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL);

            assertThat(counter.count(SyncEvent.Type.SYNC_STARTED)).isEqualTo(1);
            assertThat(counter.count(SyncEvent.Type.TASK_SYNCED)).isEqualTo(1);
            assertThat(counter.count(SyncEvent.Type.FIELD_CHANGED)).isEqualTo(1);
            assertThat(counter.count(SyncEvent.Type.SYNC_FINISHED)).isEqualTo(1);
            assertThat(counter.count(SyncEvent.Type.ERROR)).isZero();
            assertThat(finished.get(0).attributes()).containsKeys("tasks", "failed", "duration_ms")
                    .containsEntry("tasks", "1").containsEntry("failed", "0");
        }
    }

    @Test
    void operationsEventsAndMetricsGivenAProviderCallListenerWhenJiraKeepsFailingThenRetriesAndTheOpenBreakerAreHeard() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        Map<String, LongAdder> retries = new ConcurrentHashMap<>();
        List<CircuitState> states = Collections.synchronizedList(new ArrayList<>());
        ProviderCallListener metrics = new ProviderCallListener() {
            @Override
            public void onRetryScheduled(String provider, String operation, int attempt, Duration delay,
                                         IntegrationException cause) {
                retries.computeIfAbsent(provider + "/" + cause.code(), k -> new LongAdder()).increment();
            }

            @Override
            public void onCircuitStateChanged(String provider, CircuitState from, CircuitState to) {
                states.add(to);
            }
        };
        ResilienceConfig resilience = FAST.toBuilder().maxAttempts(3)
                .circuitBreaker(2, Duration.ofSeconds(30)).build();
        try (ResilientProviderCalls calls = ResilientProviderCalls.builder()
                     .provider("jira", resilience)
                     .listener(metrics)
                     .build();
             ZenIntegration zen = zen(jiraProvider().resilience(resilience).build()).providerCalls(calls).build()) {
            ZenTask task = zen.importItem("jira", "SYNC-1");
            jira.inject(FaultRule.onAny().always().respond(Fault.serverError(503)));

            TaskSyncResult result = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL)
                    .result(task.id()).orElseThrow();
            ProviderHealth health = zen.status().providers().get(0);

            assertThat(result.fromCache()).isTrue();
            assertThat(retries).containsKey("jira/PROVIDER_UNAVAILABLE");     // the Jira plugin maps 5xx to it
            assertThat(states).containsExactly(CircuitState.OPEN);
            assertThat(calls.health("jira").circuitState()).isEqualTo(CircuitState.OPEN);
            assertThat(health.state()).isEqualTo(ProviderHealth.State.UNAVAILABLE);
            assertThat(health.message()).startsWith("circuit open after 2 consecutive failures");
        }
    }

    // ---- docs/operations.md "Health and status" ----------------------------------------------------------------

    @Test
    void operationsHealthGivenAFreshIntegrationWhenStatusIsServedAsJsonThenProvidersAreUnknownUntilCalled() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        try (ZenIntegration zen = zen(jiraProvider().build()).build()) {
            IntegrationStatus before = zen.status();
            zen.importItem("jira", "SYNC-1");
            IntegrationStatus after = zen.status();
            String json = IntegrationJson.toJson(after);

            assertThat(before.providers()).singleElement()
                    .satisfies(h -> assertThat(h.state()).isEqualTo(ProviderHealth.State.UNKNOWN));
            assertThat(after.providers()).singleElement()
                    .satisfies(h -> assertThat(h.state()).isEqualTo(ProviderHealth.State.HEALTHY));
            assertThat(after.enabled()).isTrue();
            assertThat(after.taskSystem()).isEqualTo("jira");
            assertThat(json).contains("\"task_system\":\"jira\"", "\"status\":\"healthy\"", "\"sync_records_count\":1");
            assertThat(IntegrationJson.readStatus(json)).isEqualTo(after);
        }
    }

    // ---- docs/operations.md "Troubleshooting" ------------------------------------------------------------------

    @Test
    void operationsTroubleshootingGivenCommonMistakesWhenCalledThenEachGivesItsDocumentedErrorCode() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        try (ZenIntegration zen = zen(jiraProvider().build()).build()) {
            zen.importItem("jira", "SYNC-1");

            assertThat(codeOf(() -> zen.importItem("github", "1"))).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(codeOf(() -> zen.importItem("jira", "SYNC-1"))).isEqualTo(ErrorCode.SYNC_CONFLICT);
            assertThat(codeOf(() -> zen.importItem("jira", "SYNC-404"))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(codeOf(() -> zen.resolve("no-such-conflict", ConflictResolution.local())))
                    .isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(codeOf(() -> zen.link("no-such-task", "jira", "SYNC-1"))).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void operationsTroubleshootingGivenARejectedTokenWhenImportingThenAuthFailedIsNotRetryable() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        try (ZenIntegration zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, "revoked-token")))
                .provider(jiraProvider().build())
                .build()) {

            assertThatThrownBy(() -> zen.importItem("jira", "SYNC-1"))
                    .isInstanceOfSatisfying(IntegrationException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.provider()).contains("jira");
                        assertThat(e.getMessage()).doesNotContain("revoked-token");
                    });
        }
    }

    @Test
    void operationsTroubleshootingGivenNoCredentialWhenImportingThenAuthFailedNamesTheReference() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        try (ZenIntegration zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider())
                .provider(jiraProvider().build())
                .build()) {

            assertThatThrownBy(() -> zen.importItem("jira", "SYNC-1"))
                    .isInstanceOfSatisfying(IntegrationException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
                        assertThat(e.getMessage()).contains("jira-bot");
                    });
        }
    }

    private static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (IntegrationException e) {
            return e.code();
        }
        throw new AssertionError("expected an IntegrationException");
    }
}
