package dev.zen.integration.benchmarks;

import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * The child JVM of the cold-start benchmark: loads and opens the Jira plugin once, then prints one line
 * {@code ZEN_COLD <discover_ns> <load_ns> <open_ns> <total_ns> <jvm_uptime_ms>} and exits. "Load" is everything a
 * host does before its first call: build the registry (classpath discovery), verify and compile (or read the
 * compiled cache), probe the ABI, open (first instance and {@code init}).
 *
 * <p>Usage: {@code ColdStart <compiled-cache-directory | none>}.
 */
public final class ColdStart {
    /** The prefix of the result line. */
    static final String PREFIX = "ZEN_COLD ";

    private ColdStart() {}

    /** Runs one cold load. */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        WasmPluginRegistry.Builder b = WasmPluginRegistry.builder().pluginDirectories(List.of());
        if (args.length > 0 && !args[0].equals("none")) b.compiledCacheDirectory(Path.of(args[0]));
        try (WasmPluginRegistry registry = b.build()) {
            long t1 = System.nanoTime();
            registry.load("jira");
            long t2 = System.nanoTime();
            try (Plugin jira = registry.open(PluginConfig.builder("jira").setting("server_url", "http://127.0.0.1:9")
                    .setting("project_key", "SYNC").build())) {
                long t3 = System.nanoTime();
                long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
                System.out.println(PREFIX + (t1 - t0) + " " + (t2 - t1) + " " + (t3 - t2) + " " + (t3 - t0) + " "
                        + uptime + " " + jira.descriptor().state());
            }
        }
    }
}
