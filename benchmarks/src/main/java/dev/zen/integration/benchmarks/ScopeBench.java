package dev.zen.integration.benchmarks;

import dev.zen.integration.ScopeReport;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.store.InMemoryLockProvider;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.testkit.fake.RecordedRequest;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Whole-project sync at scale: the initial bulk import of {@code n} Jira issues through {@code syncScope}, then an
 * incremental poll over the {@code n} linked tasks after a colleague changed 10 of them. WASM plugin, in-memory
 * stores, a fresh FakeJira (strongly consistent search); the issues were last updated a day ago, so only the 10
 * edits fall in the poll's window.
 */
final class ScopeBench implements AutoCloseable {
    /** Issues a colleague changes before the measured poll. */
    static final int CHANGED = 10;
    private static final String EDITOR = "5d53f3cbc6b9320d9ea5bdc2";

    private final FakeJira jira = FakeJira.start();
    private final Timed.TimedHttpClient http;
    private final ZenIntegration zen;

    /**
     * Import and poll outcome.
     *
     * @param issues   issues in the project
     * @param nanos    wall time
     * @param requests HTTP exchanges the plugin made (the runtime's client counted them)
     * @param routes   requests by method and route, from FakeJira's log (null when the log overflowed)
     * @param calls    {@code syncScope} calls
     * @param report   the last report
     */
    record Run(int issues, long nanos, long requests, Map<String, Long> routes, int calls, ScopeReport report) {
        double perSecond() {
            return issues * 1e9 / nanos;
        }

        String routeText() {
            if (routes == null) return "(FakeJira's log of the last " + FakeJira.MAX_RECORDED_REQUESTS + " overflowed)";
            return routes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
        }
    }

    ScopeBench(WasmPluginRegistry registry, Timed.TimedHttpClient http, int issues) {
        this.http = http;
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        for (int i = 1; i <= issues; i++) {
            jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Scope issue " + i).labels("bench")
                    .description("Seeded by the benchmark suite.").created(dayAgo).updated(dayAgo).build());
        }
        jira.addUser(JiraUser.of(EDITOR, "Priya Shah"));
        ProviderConfig config = ProviderConfig.builder("jira").serverUrl(jira.baseUrl().toString())
                .projectKey(FakeJira.DEFAULT_PROJECT).credentialsRef("jira-bot").resilience(SyncBench.PROFILE)
                .scope(ScopeConfig.builder().build()).build();
        this.zen = ZenIntegration.builder().discoverServices(false).parallelism(SyncBench.PARALLELISM)
                .pluginRegistry(registry).provider(config).taskStore(new InMemoryTaskStore())
                .recordStore(new InMemorySyncRecordStore()).lockProvider(new InMemoryLockProvider()).build();
    }

    /** The initial import, {@code syncScope} until the bulk import is done. */
    Run importAll() {
        int issues = jira.issues().size();
        return timed(issues, () -> {
            ScopeReport last = null;
            int calls = 0;
            while (last == null || !last.bulkDone()) {
                if (++calls > 10_000) throw new IllegalStateException("bulk import not done: " + last);
                last = zen.syncScope("jira");
            }
            if (zen.recordStore().list().size() != issues) {
                throw new IllegalStateException("imported " + zen.recordStore().list().size() + " of " + issues);
            }
            return new Outcome(calls, last);
        });
    }

    /**
     * The first poll after the import, without changes: it also enumerates the whole scope once to find deleted and
     * moved items (the engine does so on the first poll and then every {@code RECONCILE_EVERY} polls).
     */
    Run firstPoll() {
        return timed(jira.issues().size(), () -> new Outcome(1, zen.syncScope("jira")));
    }

    /** A colleague edits {@link #CHANGED} issues (not timed); one regular poll, timed. */
    Run pollAfterEdits() {
        int issues = jira.issues().size();
        for (int i = 0; i < CHANGED; i++) {
            String key = FakeJira.DEFAULT_PROJECT + "-" + (1 + (long) i * issues / CHANGED);
            jira.simulateEdit(key, EDITOR, Map.of("summary", "Changed " + i));
        }
        Run run = timed(issues, () -> new Outcome(1, zen.syncScope("jira")));
        if (run.report().updated() < CHANGED) {
            throw new IllegalStateException("the poll updated " + run.report().updated() + " of " + CHANGED
                    + " changed tasks: " + run.report());
        }
        return run;
    }

    private record Outcome(int calls, ScopeReport report) {}

    private interface Work {
        Outcome run();
    }

    private Run timed(int issues, Work work) {
        jira.clearRequests();
        long before = http.counter.calls.sum();
        long t = System.nanoTime();
        Outcome out = work.run();
        long nanos = System.nanoTime() - t;
        long requests = http.counter.calls.sum() - before;
        List<RecordedRequest> log = jira.requests();
        Map<String, Long> routes = log.size() >= FakeJira.MAX_RECORDED_REQUESTS ? null : log.stream()
                .collect(Collectors.groupingBy(ScopeBench::route, TreeMap::new, Collectors.counting()));
        return new Run(issues, nanos, requests, routes, out.calls(), out.report());
    }

    /** {@code GET /rest/api/3/issue/SYNC-12} as {@code GET issue/{key}}. */
    static String route(RecordedRequest r) {
        String path = r.path().replaceFirst("^/rest/api/3/", "").replaceAll("[A-Z][A-Z0-9_]*-\\d+|\\d+", "{key}");
        return r.method().toUpperCase(Locale.ROOT) + " " + path;
    }

    @Override
    public void close() {
        zen.close();
        jira.close();
    }
}
