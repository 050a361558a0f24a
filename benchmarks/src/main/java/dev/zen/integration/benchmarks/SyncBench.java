package dev.zen.integration.benchmarks;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.store.InMemoryLockProvider;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One Zen Integration over FakeJira on loopback, with either the real Jira WASM plugin or the direct-Java client,
 * and helpers to create linked tasks and time "push" syncs: the Zen title of a linked task is edited, then the task
 * is synced, which makes the plugin read the issue ({@code get_task_data}) and write the change
 * ({@code update_task}: read, PUT, re-read) — 4 HTTP exchanges.
 */
final class SyncBench implements AutoCloseable {
    /** Which client talks to Jira. */
    enum Client { WASM, DIRECT }

    /** Engine parallelism (tasks synced at once) in every benchmark. */
    static final int PARALLELISM = 8;

    /**
     * The benchmark resilience profile. The defaults (300 plugin calls per minute, 4 concurrent calls) would
     * throttle every throughput figure to at most 150 push syncs per minute, so the rate limit is raised to its
     * maximum and the bulkhead to 64; retries (5 attempts, 1 s backoff) and the breaker (5 failures, 30 s) keep
     * their defaults: a retry would show as a latency outlier and every failure is counted.
     */
    static final ResilienceConfig PROFILE = ResilienceConfig.builder().requestsPerMinute(1_000_000)
            .maxConcurrentCalls(64).build();

    final FakeJira jira;
    final Client client;
    final InMemoryTaskStore tasks = new InMemoryTaskStore();
    final Timed.TimedPlugin plugin;
    final ZenIntegration zen;
    private final AtomicInteger seq = new AtomicInteger();

    /**
     * @param jira      the fake Jira (shared)
     * @param registry  the WASM registry (used for the plugin, and for the descriptor of the direct client)
     * @param http      the HTTP client of the direct client (the registry has its own)
     * @param client    which client
     * @param workspace null for in-memory stores, else the workspace of the default file stores
     */
    SyncBench(FakeJira jira, WasmPluginRegistry registry, Timed.TimedHttpClient http, Client client, Path workspace) {
        this(jira, registry, http, client, workspace == null ? null : b -> b.workspace(workspace), null);
    }

    /**
     * A bench whose stores are set by {@code stores} (null: in-memory), for the PostgreSQL figures.
     *
     * @param calls the provider calls, or null for those the builder makes from the profile
     */
    SyncBench(FakeJira jira, WasmPluginRegistry registry, Timed.TimedHttpClient http, Client client,
              Consumer<ZenIntegration.Builder> stores, ProviderCalls calls) {
        this.jira = jira;
        this.client = client;
        ProviderConfig config = providerConfig(jira);
        Plugin raw = client == Client.WASM ? registry.open(config.toPluginConfig())
                : new DirectJiraPlugin(registry.find("jira").orElseThrow(), jira.baseUrl().toString(),
                        jira.basicAuthHeader(), http);
        this.plugin = new Timed.TimedPlugin(raw);
        ZenIntegration.Builder b = ZenIntegration.builder().discoverServices(false).parallelism(PARALLELISM)
                .pluginRegistry(registry).provider(config, plugin);
        if (stores == null) {
            b.taskStore(tasks).recordStore(new InMemorySyncRecordStore()).lockProvider(new InMemoryLockProvider());
        } else {
            stores.accept(b);
        }
        if (calls != null) b.providerCalls(calls);
        this.zen = b.build();
    }

    static ProviderConfig providerConfig(FakeJira jira) {
        return ProviderConfig.builder("jira").serverUrl(jira.baseUrl().toString()).projectKey(FakeJira.DEFAULT_PROJECT)
                .credentialsRef("jira-bot").conflictStrategy(ConflictStrategy.LOCAL_WINS).resilience(PROFILE).build();
    }

    /** Seeds {@code n} issues in Jira and imports each into Zen (linked), in parallel; returns the task ids. */
    List<String> createLinked(int n) throws Exception {
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Benchmark issue " + seq.incrementAndGet())
                    .description("Seeded by the benchmark suite.\nSecond line.").labels("bench").build()).key());
        }
        ExecutorService ex = Executors.newFixedThreadPool(PARALLELISM);
        try {
            List<Future<String>> ids = new ArrayList<>(n);
            for (String key : keys) ids.add(ex.submit(() -> zen.importItem("jira", key).id()));
            List<String> out = new ArrayList<>(n);
            for (Future<String> f : ids) out.add(f.get());
            return out;
        } finally {
            ex.shutdown();
        }
    }

    /** Edits the task's title in Zen (not timed). */
    void edit(String taskId) {
        ZenTask t = zen.taskStore().find(taskId).orElseThrow();
        zen.taskStore().update(t.toBuilder().title("Edited " + seq.incrementAndGet()).build());
    }

    /**
     * Edits and syncs one task; returns the nanoseconds of the sync alone.
     *
     * @throws IllegalStateException if the sync did not push the change
     */
    long pushSync(String taskId) {
        edit(taskId);
        long t = System.nanoTime();
        SyncReport r = zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL);
        long elapsed = System.nanoTime() - t;
        TaskSyncResult result = r.result(taskId).orElseThrow();
        if (result.outcome() != TaskSyncResult.Outcome.UPDATED) {
            throw new IllegalStateException("sync of " + taskId + " ended " + result.outcome() + ": " + result.error());
        }
        return elapsed;
    }

    /** Syncs one task without any change (the unchanged shortcut: one read); returns nanoseconds. */
    long unchangedSync(String taskId) {
        long t = System.nanoTime();
        SyncReport r = zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL);
        long elapsed = System.nanoTime() - t;
        TaskSyncResult result = r.result(taskId).orElseThrow();
        if (result.outcome() != TaskSyncResult.Outcome.UNCHANGED) {
            throw new IllegalStateException("sync of " + taskId + " ended " + result.outcome() + ": " + result.error());
        }
        return elapsed;
    }

    /** Edits every task, then syncs them all in one request; returns the report (the edits are not timed). */
    Batch pushBatch(List<String> ids) {
        for (String id : ids) edit(id);
        long cpu = processCpuNanos();
        long t = System.nanoTime();
        SyncReport r = zen.sync(ids, SyncDirection.BIDIRECTIONAL);
        long elapsed = System.nanoTime() - t;
        cpu = processCpuNanos() - cpu;
        long updated = r.results().stream().filter(x -> x.outcome() == TaskSyncResult.Outcome.UPDATED).count();
        return new Batch(ids.size(), elapsed, cpu, updated, r.failures().size(),
                r.failures().isEmpty() ? null : String.valueOf(r.failures().get(0).error()), 0);
    }

    /** Syncs tasks already edited, in one request; returns the outcome. */
    Batch syncOnly(List<String> ids) {
        long t = System.nanoTime();
        SyncReport r = zen.sync(ids, SyncDirection.BIDIRECTIONAL);
        long elapsed = System.nanoTime() - t;
        long updated = r.results().stream().filter(x -> x.outcome() == TaskSyncResult.Outcome.UPDATED).count();
        return new Batch(ids.size(), elapsed, -1, updated, r.failures().size(),
                r.failures().isEmpty() ? null : String.valueOf(r.failures().get(0).error()), 0);
    }

    /**
     * A batch sync's outcome.
     *
     * @param tasks        tasks in the batch
     * @param nanos        wall time
     * @param cpuNanos     CPU time of the whole process (engine, plugin, HTTP client and FakeJira), or negative
     * @param updated      tasks pushed
     * @param failed       tasks that failed
     * @param firstFailure the first failure, or null
     * @param setupSeconds how long creating the linked tasks took (not part of the figures), or 0
     */
    record Batch(int tasks, long nanos, long cpuNanos, long updated, long failed, String firstFailure,
                 double setupSeconds) {
        Batch withSetup(double seconds) {
            return new Batch(tasks, nanos, cpuNanos, updated, failed, firstFailure, seconds);
        }

        double opsPerMinute() {
            return updated * 60e9 / nanos;
        }

        double msPerTask() {
            return nanos / 1e6 / tasks;
        }

        /** CPU milliseconds of the whole process per task (negative when unknown). */
        double cpuMsPerTask() {
            return cpuNanos < 0 ? -1 : cpuNanos / 1e6 / tasks;
        }
    }

    @Override
    public void close() {
        zen.close();
        plugin.close();
    }

    /** CPU time of this process, or -1 when the platform does not tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static Duration sinceNanos(long t) {
        return Duration.ofNanos(System.nanoTime() - t);
    }
}
