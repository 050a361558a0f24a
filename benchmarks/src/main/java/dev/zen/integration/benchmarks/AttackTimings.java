package dev.zen.integration.benchmarks;

import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.plugins.FakePlugin;
import dev.zen.integration.testkit.plugins.FakePlugins;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs every hostile plugin of the testkit against a real registry, as a host would (and a healthy call arriving
 * while a spinning call holds the only instance), and prints for each: whether
 * it was contained (a typed error, the host still answering), and how long the slowest of its calls took next to
 * its {@code execution_timeout} (the bound is the timeout plus 50 ms). A harness, not a test: timings on a shared
 * machine are figures to read, not assertions.
 *
 * <pre>{@code
 * mvn -q -pl zen-integration-bom,benchmarks -am install -DskipTests
 * mvn -q -pl benchmarks exec:exec@attacks
 * }</pre>
 */
public final class AttackTimings {
    private static final int CALLS = 5;
    private static final Duration MARGIN = Duration.ofMillis(50);

    private record Row(String attack, String outcome, boolean contained, long slowestMs, long timeoutMs) {
        boolean inTime() {
            return slowestMs <= timeoutMs + MARGIN.toMillis();
        }
    }

    private AttackTimings() {
    }

    /** Prints the table; exits 1 if an attack was not contained or not stopped in time. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("zen-attacks");
        List<Row> rows = new ArrayList<>();
        try (WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of(dir))
                .scanClasspath(false)
                .credentialProvider(ref -> Optional.of(Credential.bearer("attack-timings-token-0123456789")))
                .build()) {
            for (FakePlugin p : FakePlugin.values()) {
                if (p.expectedError() == null) continue;
                FakePlugins.install(dir, p);
            }
            registry.discover();
            for (FakePlugin p : FakePlugin.values()) {
                if (p.expectedError() != null) rows.add(run(registry, p));
            }
        }
        rows.add(saturatedPool(dir));
        print(rows);
        if (rows.stream().anyMatch(r -> !r.contained() || !r.inTime())) System.exit(1);
    }

    private static Row run(WasmPluginRegistry registry, FakePlugin p) {
        long timeout = registry.find(p.pluginName()).map(d -> d.manifest() == null ? 0L
                : d.manifest().runtime().executionTimeout().toMillis()).orElse(0L);
        long slowest = 0;
        String outcome = "";
        boolean contained = true;
        try (Plugin plugin = registry.open(PluginConfig.builder(p.pluginName())
                .setting("server_url", "https://acme.example").credentialsRef("bot").build())) {
            for (int i = 0; i < CALLS; i++) {
                long start = System.nanoTime();
                outcome = outcome(() -> plugin.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"X-1\"}"));
                slowest = Math.max(slowest, Duration.ofNanos(System.nanoTime() - start).toMillis());
                contained &= outcome.startsWith(p.expectedError().name());
            }
        } catch (IntegrationException e) {
            outcome = describe(e) + " (at open)";
            contained = e.code() == p.expectedError();
        }
        return new Row(p.name().toLowerCase(Locale.ROOT), outcome, contained, slowest, timeout);
    }

    /**
     * One instance, held by a call that loops forever; a second call arrives 100 ms later and must still end within
     * its own execution_timeout, waiting for the instance included.
     */
    private static Row saturatedPool(Path dir) {
        FakePlugin loop = FakePlugin.INFINITE_LOOP;
        try (WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of(dir))
                .scanClasspath(false).maxInstancesPerPlugin(1).build();
             Plugin plugin = registry.open(PluginConfig.builder(loop.pluginName()).build())) {
            long timeout = plugin.descriptor().manifest().runtime().executionTimeout().toMillis();
            Thread spinner = new Thread(() -> outcome(() -> plugin.call(PluginOperation.GET_TASK_DATA, "{}")));
            spinner.start();
            sleep(100);
            long start = System.nanoTime();
            String outcome = outcome(() -> plugin.call(PluginOperation.GET_TASK_DATA, "{}"));
            long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            return new Row("pool_held_by_a_spinning_call", outcome, outcome.startsWith("PLUGIN_EXECUTION_FAILED"),
                    took, timeout);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String outcome(Runnable call) {
        try {
            call.run();
            return "no error";
        } catch (IntegrationException e) {
            return describe(e);
        } catch (RuntimeException | Error e) {
            return "untyped " + e.getClass().getSimpleName();
        }
    }

    private static String describe(IntegrationException e) {
        String reason = e.details().get("reason");
        return e.code() + (reason == null ? "" : " (" + reason + ")");
    }

    private static void print(List<Row> rows) {
        System.out.println("| attack | outcome | contained | slowest call (of up to " + CALLS + ") | execution_timeout | "
                + "within timeout + " + MARGIN.toMillis() + " ms |");
        System.out.println("|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %d ms | %d ms | %s |%n", r.attack(), r.outcome(),
                    r.contained() ? "yes" : "**no**", r.slowestMs(), r.timeoutMs(), r.inTime() ? "yes" : "**no**");
        }
        long ok = rows.stream().filter(r -> r.contained() && r.inTime()).count();
        System.out.println();
        System.out.println(ok + " of " + rows.size() + " attacks contained and stopped within "
                + "execution_timeout + " + MARGIN.toMillis() + " ms");
    }
}
