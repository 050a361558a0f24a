package dev.zen.integration.benchmarks;

import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH micro-benchmarks of the warm plugin runtime, without network: opening a handle of a loaded plugin (new
 * instance + {@code init}) and one pure guest call ({@code map_to_zen} of a Jira issue, through the sandbox
 * worker, ABI copies and the guest's JSON). {@link BenchmarkSuite} runs them with a short configuration; run them
 * alone with {@code java -cp <classpath> org.openjdk.jmh.Main PluginBenchmarks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PluginBenchmarks {
    /** A Jira issue as {@code GET /issue} returns it (default mapping fields), for {@code map_to_zen}. */
    static final String ISSUE = "{\"raw\":{\"id\":\"10001\",\"key\":\"SYNC-1\",\"fields\":{"
            + "\"summary\":\"Export fails for 2 GB files\","
            + "\"description\":{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":"
            + "[{\"type\":\"text\",\"text\":\"Steps to reproduce: export a 2 GB file.\"}]}]},"
            + "\"status\":{\"name\":\"In Progress\",\"statusCategory\":{\"key\":\"indeterminate\"}},"
            + "\"priority\":{\"name\":\"High\"},\"assignee\":{\"displayName\":\"Sync Bot\",\"accountId\":\"5b10\"},"
            + "\"labels\":[\"backend\",\"export\"],\"created\":\"2026-11-20T10:00:00.000+0000\","
            + "\"updated\":\"2026-11-25T11:30:00.000+0000\"}}}";

    private WasmPluginRegistry registry;
    private Plugin plugin;

    /** A registry with the Jira plugin loaded and one handle open. */
    @Setup(Level.Trial)
    public void setUp() {
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of()).build();
        registry.load("jira");
        plugin = registry.open(config());
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        plugin.close();
        registry.close();
    }

    static PluginConfig config() {
        return PluginConfig.builder("jira").setting("server_url", "http://127.0.0.1:9").setting("project_key", "SYNC")
                .build();
    }

    /** Opens (first instance + init) and closes one more handle of the loaded plugin. */
    @Benchmark
    public Object openHandle() {
        try (Plugin p = registry.open(config())) {
            return p.descriptor();
        }
    }

    /** One guest call without I/O. */
    @Benchmark
    public String mapToZen() {
        return plugin.call(PluginOperation.MAP_TO_ZEN, ISSUE);
    }
}
