package dev.zen.integration.benchmarks;

import dev.zen.integration.core.resilience.ResilientProviderCalls;
import dev.zen.integration.postgres.EmbeddedPostgresServer;
import dev.zen.integration.postgres.PostgresStores;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The PostgreSQL store's figures: single-task push-sync latency and batch throughput against an embedded server,
 * and the throughput of 1, 2 and 3 service instances (each its own ZenIntegration, pools and shared budget, in
 * this JVM) splitting one batch between them, as replicas behind a load balancer would.
 */
final class PostgresBench implements AutoCloseable {
    private final EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
    private int databases;

    /** A new, empty database of the embedded server; returns its URL. */
    String freshDatabase() throws SQLException {
        String name = "bench_" + (++databases);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return server.jdbcUrl().replace("/postgres", "/" + name);
    }

    /** One instance's stores (its own pools) on the database at {@code url}. */
    PostgresStores stores(String url) {
        return PostgresStores.builder().jdbcUrl(url, server.user(), "").poolSize(SyncBench.PARALLELISM + 2)
                .lockPoolSize(SyncBench.PARALLELISM + 2).build();
    }

    /** A bench whose records, tasks, locks and provider budget are in {@code pg}. */
    static SyncBench bench(FakeJira jira, WasmPluginRegistry registry, Timed.TimedHttpClient http, PostgresStores pg) {
        ResilientProviderCalls calls = ResilientProviderCalls.builder().provider("jira", SyncBench.PROFILE)
                .sharedBudget(pg.sharedBudget()).build();
        return new SyncBench(jira, registry, http, SyncBench.Client.WASM, b -> b.taskStore(pg.taskStore())
                .recordStore(pg.syncRecordStore()).lockProvider(pg.lockProvider()), calls);
    }

    /** Edits every task, then {@code instances.size()} instances sync a share each, at once; tasks per minute. */
    static double splitBatch(List<SyncBench> instances, List<String> ids) throws Exception {
        for (String id : ids) instances.get(0).edit(id);
        ExecutorService ex = Executors.newFixedThreadPool(instances.size());
        try {
            long t = System.nanoTime();
            List<Future<SyncBench.Batch>> parts = new ArrayList<>();
            int n = instances.size();
            for (int i = 0; i < n; i++) {
                List<String> share = ids.subList(ids.size() * i / n, ids.size() * (i + 1) / n);
                SyncBench b = instances.get(i);
                parts.add(ex.submit(() -> b.syncOnly(share)));
            }
            long updated = 0;
            long failed = 0;
            for (Future<SyncBench.Batch> f : parts) {
                updated += f.get().updated();
                failed += f.get().failed();
            }
            if (failed > 0) throw new IllegalStateException(failed + " of " + ids.size() + " syncs failed");
            return updated * 60e9 / (System.nanoTime() - t);
        } finally {
            ex.shutdown();
        }
    }

    static String perMinute(double v) {
        return String.format(Locale.ROOT, "%,.0f /min", v);
    }

    @Override
    public void close() {
        server.close();
    }
}
