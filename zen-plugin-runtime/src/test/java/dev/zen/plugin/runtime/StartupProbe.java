package dev.zen.plugin.runtime;

import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import java.nio.file.Path;

/**
 * The child JVM of {@link StartupPathTest}: what a CLI host does once per command. Loads and opens plugin
 * {@code args[1]} from folder {@code args[0]}, makes one call, prints its result and exits.
 */
public final class StartupProbe {
    private StartupProbe() {
    }

    /** Runs the probe. */
    public static void main(String[] args) {
        try (WasmPluginRegistry registry = TestPlugins.registry(Path.of(args[0])).build();
             Plugin plugin = registry.open(PluginConfig.builder(args[1]).setting("label", "a \"quoted\" text")
                     .build())) {
            System.out.println("RESULT " + plugin.call(PluginOperation.MAP_TO_ZEN, "{\"n\":[1,2.5,true,null]}"));
        }
    }
}
