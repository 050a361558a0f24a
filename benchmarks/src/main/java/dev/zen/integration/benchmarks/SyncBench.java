package dev.zen.integration.benchmarks;

import dev.zen.integration.ConflictStrategy;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One Zen Integration over FakeJira on loopback, with either the real Jira WASM plugin or the direct-Java client,
 * and helpers to create linked tasks and time "push" syncs: the Zen title of a linked task is edited, then the task
 * is synced, which makes the plugin read the issue ({@code get_task_data}) and write the change
 * ({@code update_task}: a PUT whose answer is the edited issue, planned on the snapshot of that read) — 2 HTTP
 * exchanges.
 */
final class SyncBench extends PushBench {
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

    @Override
    ZenIntegration zen() {
        return zen;
    }

    /** Seeds {@code n} issues in Jira and imports each into Zen (linked), in parallel; returns the task ids. */
    List<String> createLinked(int n) throws Exception {
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int seq = nextSeq();
            // each issue its own description, as in a real project: no plugin-side cache may hit across issues
            keys.add(jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Benchmark issue " + seq)
                    .description("Seeded by the benchmark suite as issue " + seq + ".\nSecond line.").labels("bench")
                    .build()).key());
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

    @Override
    public void close() {
        zen.close();
        plugin.close();
    }
}
