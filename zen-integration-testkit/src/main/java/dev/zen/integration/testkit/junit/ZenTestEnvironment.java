package dev.zen.integration.testkit.junit;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import dev.zen.integration.testkit.inmemory.RecordingSyncListener;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.Workflow;
import dev.zen.integration.testkit.plugins.FakePlugin;
import dev.zen.integration.testkit.plugins.FakePlugins;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One test environment: a fake Jira, a fake GitHub or both (or an in-memory tracker), a clock and a {@link
 * ZenIntegration} wired to them over in-memory stores and a temporary workspace. Each part is made on first use;
 * {@link #close()} closes them and deletes the workspace. {@link ZenIntegrationTest} and {@link
 * ZenIntegrationExtension} manage these for JUnit; outside JUnit's lifecycle (jqwik properties, parameterized
 * helpers) open one yourself:
 *
 * <pre>{@code
 * try (ZenTestEnvironment env = ZenTestEnvironment.builder().inMemoryTracker("fake")
 *         .clockStart("2026-01-01T09:00:00Z").build()) {
 *     String key = env.linkedPair("task-1", Map.of("title", "Export fails"));
 *     env.editItem(key, "title", "Export fails for 2 GB files");
 *     assertThat(env.sync("task-1", SyncDirection.BIDIRECTIONAL)).hasSucceeded();
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class ZenTestEnvironment implements AutoCloseable {
    static final String CREDENTIALS_REF = "fake-jira";
    static final String GITHUB_CREDENTIALS_REF = "fake-github";
    private static final Duration STEP = Duration.ofSeconds(1);

    private final Settings settings;
    private final TestClock testClock;
    private final RecordingSyncListener events = InMemory.recordingListener();
    private FakeJira jira;
    private FakeGitHub github;
    private InMemoryTracker tracker;
    private TaskStore taskStore;
    private SyncRecordStore recordStore;
    private ZenIntegration service;
    private Path workspace;
    private boolean pluginsInstalled;
    private final List<Consumer<ProviderConfig.Builder>> reconfigurations = new ArrayList<>();

    ZenTestEnvironment(Settings settings) {
        this.settings = settings;
        this.testClock = settings.clockStart().isEmpty() ? null : TestClock.at(parse(settings.clockStart()));
    }

    /** Options for an environment that you open and close yourself. */
    public static Builder builder() {
        return new Builder();
    }

    /** The options of a {@link ZenTestEnvironment}; see {@link EnvironmentBuilder}. */
    public static final class Builder extends EnvironmentBuilder<Builder> {
        Builder() {}

        /** An environment with these options; nothing starts before it is used. */
        public ZenTestEnvironment build() {
            return new ZenTestEnvironment(settings());
        }
    }

    private static Instant parse(String instant) {
        try {
            return Instant.parse(instant);
        } catch (DateTimeParseException e) {
            throw new ExtensionConfigurationException("@ZenIntegrationTest(clockStart = \"" + instant
                    + "\") is not an ISO-8601 instant such as 2025-09-20T10:30:00Z", e);
        }
    }

    /** The part of the given injectable type. */
    synchronized Object get(Class<?> type) {
        if (type == FakeJira.class) return jira();
        if (type == FakeGitHub.class) return github();
        if (type == ZenIntegration.class || type == TaskSyncService.class) return integration();
        if (type == TestClock.class) return clock();
        throw new IllegalArgumentException(type.getName());
    }

    // ---- the parts ---------------------------------------------------------------------------------------------

    /** The clock, when a clock start was configured; fails with a configuration error otherwise. */
    public TestClock clock() {
        if (testClock == null) {
            throw new ExtensionConfigurationException("a TestClock is only available with "
                    + "@ZenIntegrationTest(clockStart = \"2025-09-20T10:30:00Z\") (any ISO-8601 instant) or "
                    + "builder().clockStart(...)");
        }
        return testClock;
    }

    private Clock anyClock() {
        return testClock != null ? testClock : Clock.systemUTC();
    }

    /** The fake Jira, started on first use. */
    public synchronized FakeJira jira() {
        if (jira == null) {
            ZoneId zone;
            try {
                zone = ZoneId.of(settings.jiraTimeZone());
            } catch (RuntimeException e) {
                throw new ExtensionConfigurationException("@ZenIntegrationTest(jiraTimeZone = \""
                        + settings.jiraTimeZone() + "\") is not a time zone id such as Europe/Berlin", e);
            }
            FakeJira.Builder builder = FakeJira.builder().clock(anyClock()).defaultUserTimeZone(zone)
                    .workflow(settings.simplifiedWorkflow() ? Workflow.simplified() : Workflow.standard());
            settings.jiraCustomizers().forEach(c -> c.accept(builder));
            jira = builder.start();
        }
        return jira;
    }

    /** The fake GitHub (repository zen-sync/tasks, the default user and token), started on first use. */
    public synchronized FakeGitHub github() {
        if (github == null) {
            FakeGitHub.Builder builder = FakeGitHub.builder().clock(anyClock());
            settings.githubCustomizers().forEach(c -> c.accept(builder));
            github = builder.start();
        }
        return github;
    }

    /** The in-memory tracker the service syncs with; only with {@code inMemoryTracker(name)}. */
    public synchronized InMemoryTracker tracker() {
        if (settings.trackerName() == null) {
            throw new IllegalStateException("this environment syncs with the fakes; configure "
                    + "inMemoryTracker(\"name\") for an in-memory tracker");
        }
        if (tracker == null) tracker = InMemory.tracker(settings.trackerName(), anyClock());
        return tracker;
    }

    /** Every event the service emitted so far. */
    public RecordingSyncListener events() {
        return events;
    }

    /** The temporary workspace folder, created on first use and deleted on close. */
    public synchronized Path workspace() {
        if (workspace == null) {
            try {
                workspace = Files.createTempDirectory("zen-test-workspace-");
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a temporary workspace", e);
            }
        }
        return workspace;
    }

    /** The service, built on first use. */
    public synchronized ZenIntegration integration() {
        if (service == null) service = newService();
        return service;
    }

    /** The service's task store: one per environment, kept across {@link #restart()}. */
    public synchronized TaskStore taskStore() {
        if (taskStore == null) {
            taskStore = settings.taskStore() == null ? InMemory.taskStore(anyClock())
                    : settings.taskStore().apply(anyClock());
        }
        return taskStore;
    }

    /** The service's sync-record store: one per environment, kept across {@link #restart()}. */
    public synchronized SyncRecordStore recordStore() {
        if (recordStore == null) {
            recordStore = settings.recordStore() == null ? InMemory.recordStore() : settings.recordStore().get();
        }
        return recordStore;
    }

    /**
     * Closes the service and builds a new one over the same workspace, stores, tracker, fake and clock, as after a
     * process restart; returns it. Later calls of {@link #integration()} return the new one.
     */
    public ZenIntegration restart() {
        return restart(p -> {});
    }

    /**
     * Same as {@link #restart()}, with the provider configuration also changed by {@code reconfigure} (applied after
     * the configured customizers; the change stays for later restarts).
     */
    public synchronized ZenIntegration restart(Consumer<ProviderConfig.Builder> reconfigure) {
        if (service != null) service.close();
        service = null;
        reconfigurations.add(reconfigure);
        return integration();
    }

    private ZenIntegration newService() {
        Path ws = workspace();
        if (!pluginsInstalled) {
            for (FakePlugin p : settings.installPlugins()) FakePlugins.install(ws.resolve(".zen").resolve("plugins"), p);
            pluginsInstalled = true;
        }
        ZenIntegration.Builder builder = ZenIntegration.builder()
                .workspace(ws)
                .clock(anyClock())
                .taskStore(taskStore())
                .recordStore(recordStore())
                .lockProvider(InMemory.lockProvider())
                .listener(events)
                .discoverServices(false);
        if (settings.trackerName() != null) {
            builder.provider(providerConfig(ProviderConfig.builder(settings.trackerName())), tracker());
        } else {
            builder.credentialProvider(fakeCredentials());
            if (settings.fakes().contains(Fake.JIRA)) builder.provider(providerConfig(jiraProvider()));
            if (settings.fakes().contains(Fake.GITHUB)) builder.provider(providerConfig(githubProvider()));
        }
        settings.serviceCustomizers().forEach(c -> c.accept(builder));
        return builder.build();
    }

    private ProviderConfig.Builder jiraProvider() {
        return ProviderConfig.builder(settings.provider()).plugin(settings.plugin())
                .serverUrl(jira().baseUrl().toString()).projectKey(FakeJira.DEFAULT_PROJECT)
                .credentialsRef(CREDENTIALS_REF)
                // the default 300 requests/minute would make tests wait; retries and breaker stay
                .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).build());
    }

    private ProviderConfig.Builder githubProvider() {
        return ProviderConfig.builder(settings.githubProvider()).plugin(settings.githubPlugin())
                .serverUrl(github().baseUrl().toString()).setting("repository", FakeGitHub.DEFAULT_REPOSITORY)
                .credentialsRef(GITHUB_CREDENTIALS_REF)
                .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).build());
    }

    private ProviderConfig providerConfig(ProviderConfig.Builder provider) {
        settings.providerCustomizers().forEach(c -> c.accept(provider));
        reconfigurations.forEach(c -> c.accept(provider));
        return provider.build();
    }

    private static CredentialProvider fakeCredentials() {
        return ref -> {
            if (CREDENTIALS_REF.equals(ref)) {
                return Optional.of(Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN));
            }
            return GITHUB_CREDENTIALS_REF.equals(ref) ? Optional.of(Credential.bearer(FakeGitHub.DEFAULT_TOKEN))
                    : Optional.empty();
        };
    }

    // ---- scenario helpers --------------------------------------------------------------------------------------

    /** The task as stored now; fails if there is none. */
    public ZenTask task(String taskId) {
        return taskStore().find(taskId).orElseThrow(() -> new AssertionError("no task " + taskId));
    }

    /** The task's sync record as stored now; fails if there is none. */
    public TaskSyncRecord record(String taskId) {
        return recordStore().find(taskId).orElseThrow(() -> new AssertionError("task " + taskId + " is not linked"));
    }

    /** One canonical field of a task (as {@link ZenTasks#canonicalFields} renders it), null if unset. */
    public String taskField(String taskId, String field) {
        return ZenTasks.canonicalFields(task(taskId)).get(field);
    }

    /** One field of a tracker item in the same canonical text form as {@link #taskField}, null if unset. */
    public String itemField(String key, String field) {
        Object v = tracker().field(key, field).orElse(null);
        if (v instanceof List<?> l) {
            return l.isEmpty() ? null : ZenTasks.canonicalLabels(l.stream().map(String::valueOf).toList());
        }
        return v == null ? null : String.valueOf(v);
    }

    /**
     * A task and a tracker item with the same canonical fields (title, status, labels as "a b", ...), linked and
     * synced once so that both agree on a base; then the tracker's call log and the recorded events are cleared.
     * Returns the item's key. Needs {@code inMemoryTracker(name)}.
     */
    public String linkedPair(String taskId, Map<String, String> fields) {
        ZenTask task = ZenTask.builder(taskId, fields.getOrDefault("title", "untitled")).build();
        taskStore().create(ZenTasks.withFields(task, fields));
        Map<String, Object> remote = new LinkedHashMap<>();
        fields.forEach((k, v) -> remote.put(k, k.equals("labels") ? ZenTasks.parseLabels(v) : v));
        String key = tracker().seed(remote);
        integration().link(taskId, settings.trackerName(), key);
        integration().sync(List.of(taskId), SyncDirection.BIDIRECTIONAL);
        tracker().resetCalls();
        events.clear();
        return key;
    }

    /** A Zen user changes one canonical field of a task (null clears it), a second after the last step. */
    public ZenTask editTask(String taskId, String field, String value) {
        tick();
        Map<String, String> change = new LinkedHashMap<>();
        change.put(field, value);
        return taskStore().update(ZenTasks.withFields(task(taskId), change));
    }

    /** Someone changes one field of a tracker item (labels as "a b"; null clears it), a second after the last step. */
    public void editItem(String key, String field, String value) {
        tick();
        tracker().edit(key, field, field.equals("labels") && value != null ? ZenTasks.parseLabels(value) : value);
    }

    /** Syncs one task in the given direction, a second after the last step. */
    public SyncReport sync(String taskId, SyncDirection direction) {
        tick();
        return integration().sync(SyncRequest.of(List.of(taskId), direction));
    }

    /** Moves a test clock on by a second so that steps are ordered in time; the system clock moves by itself. */
    private void tick() {
        if (testClock != null) testClock.advance(STEP);
    }

    // ---- closing -----------------------------------------------------------------------------------------------

    /** Closes the service and the fakes and deletes the workspace; stores passed in are left alone. */
    @Override
    public synchronized void close() {
        try {
            if (service != null) service.close();
        } finally {
            try {
                if (jira != null) jira.close();
            } finally {
                if (github != null) github.close();
                if (workspace != null) delete(workspace);
            }
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temporary file must not fail the test
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }
}
