package dev.zen.integration.benchmarks;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.store.InMemoryLockProvider;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One Zen Integration over FakeGitHub on loopback with the real GitHub WASM plugin: the GitHub counterpart of
 * {@link SyncBench}'s WASM client. A push sync reads the issue ({@code get_task_data}, GET) and writes the change
 * ({@code update_task}: a conditional re-read, a 304 when nothing changed, then PATCH, whose answer is the issue).
 */
final class GitHubBench extends PushBench {
    /** The credential reference of the benchmark's GitHub provider (a Bearer token for FakeGitHub's default user). */
    static final String CREDENTIALS_REF = "github-bot";

    /** FakeGitHub's core rate limit in the benchmarks: high enough that no benchmark waits for a reset. */
    static final int CORE_LIMIT = 100_000_000;

    final FakeGitHub github;
    final Timed.TimedPlugin plugin;
    final ZenIntegration zen;

    GitHubBench(FakeGitHub github, WasmPluginRegistry registry) {
        this.github = github;
        ProviderConfig config = ProviderConfig.builder("github").serverUrl(github.baseUrl().toString())
                .setting("repository", FakeGitHub.DEFAULT_REPOSITORY).credentialsRef(CREDENTIALS_REF)
                .conflictStrategy(ConflictStrategy.LOCAL_WINS).resilience(SyncBench.PROFILE).build();
        this.plugin = new Timed.TimedPlugin(registry.open(config.toPluginConfig()));
        this.zen = ZenIntegration.builder().discoverServices(false).parallelism(SyncBench.PARALLELISM)
                .pluginRegistry(registry).provider(config, plugin)
                .taskStore(new InMemoryTaskStore()).recordStore(new InMemorySyncRecordStore())
                .lockProvider(new InMemoryLockProvider()).build();
    }

    /** A FakeGitHub whose rate limit no benchmark reaches. */
    static FakeGitHub startFake() {
        return FakeGitHub.builder().coreLimit(CORE_LIMIT).start();
    }

    @Override
    ZenIntegration zen() {
        return zen;
    }

    /** Seeds {@code n} issues in GitHub and imports each into Zen (linked), in parallel; returns the task ids. */
    List<String> createLinked(int n) throws Exception {
        List<String> numbers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int seq = nextSeq();
            numbers.add(String.valueOf(github.seedIssue("Benchmark issue " + seq,
                    "Seeded by the benchmark suite as issue " + seq + ".\nSecond line.", "bench").number()));
        }
        ExecutorService ex = Executors.newFixedThreadPool(SyncBench.PARALLELISM);
        try {
            List<Future<String>> ids = new ArrayList<>(n);
            for (String number : numbers) ids.add(ex.submit(() -> zen.importItem("github", number).id()));
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
