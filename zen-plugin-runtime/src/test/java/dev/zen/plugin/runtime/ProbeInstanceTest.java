package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load's probe instance serves the plugin's first handle when nothing could tell it from a fresh instance.
 * The test plugin's {@code zen_abi_version} marks its instance, and {@code map_to_zen} answers 2 x marked + (the
 * host's clock answered), so a call shows which instance served it and which host functions it is linked to.
 */
class ProbeInstanceTest {
    private static final String ABI_VERSION = "(func (export \"zen_abi_version\") (result i32) (i32.const 1))";

    @TempDir Path root;
    WasmPluginRegistry registry;

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
    }

    /** The test plugin; {@code start} runs as its start function, {@code memory} is its memory declaration. */
    private static byte[] plugin(String start, String memory) {
        String body = """
                (global $probed (mut i32) (i32.const 0))
                (global $started (mut i64) (i64.const 0))
                (data (i32.const 48) "{\\"ok\\":0}") (data (i32.const 64) "{\\"ok\\":1}")
                (data (i32.const 80) "{\\"ok\\":2}") (data (i32.const 96) "{\\"ok\\":3}")
                (func $start %s)
                (start $start)
                (func (export "map_to_zen") (param i32 i32) (result i64)
                  (call $pack (i32.add (i32.const 48) (i32.mul (i32.const 16)
                    (i32.add (i32.mul (global.get $probed) (i32.const 2))
                             (i64.ne (call $clock) (i64.const 0)))))
                    (i32.const 8)))
                """.formatted(start);
        String source = Wat.source("(import \"zen\" \"clock_now_ms\" (func $clock (result i64)))", body, memory)
                .replace(ABI_VERSION, "(func (export \"zen_abi_version\") (result i32)"
                        + " (global.set $probed (i32.const 1)) (i32.const 1))");
        assertThat(source).contains("(global.set $probed");
        return Wat2Wasm.parse(source);
    }

    private String mapOnNewHandle() {
        Plugin p = registry.open(PluginConfig.builder("probed").build());
        return p.call(PluginOperation.MAP_TO_ZEN, "{}");
    }

    @Test
    void givenAFreshlyLoadedPluginWhenOpenedThenTheProbeInstanceServesTheFirstHandleLinkedToItsHostFunctions() {
        TestPlugins.manifest("probed").permissions("clock").write(root, plugin("(nop)", "2"));
        registry = TestPlugins.registry(root).build();

        assertThat(mapOnNewHandle()).as("probe instance, real clock").isEqualTo("3");
        assertThat(mapOnNewHandle()).as("a second handle starts its own instance").isEqualTo("1");
    }

    @Test
    void givenAStartFunctionThatCalledTheHostDuringTheProbeWhenOpenedThenTheHandleGetsAFreshInstance() {
        // during the probe the host functions answer 0: an instance that saw such answers is never served
        TestPlugins.manifest("probed").permissions("clock").write(root,
                plugin("(global.set $started (call $clock))", "2"));
        registry = TestPlugins.registry(root).build();

        assertThat(mapOnNewHandle()).isEqualTo("1");
    }

    @Test
    void givenAProbeInstanceWithMoreThanTwoMebibytesOfMemoryWhenOpenedThenItWasNotKept() {
        // kept instances are held outside the memory budget until adopted, so only small ones are
        TestPlugins.manifest("probed").permissions("clock").memory("4MiB").write(root, plugin("(nop)", "33"));
        registry = TestPlugins.registry(root).build();

        assertThat(mapOnNewHandle()).isEqualTo("1");
    }

    @Test
    void givenAPluginLoadedAgainAfterUnloadWhenOpenedThenItsNewProbeInstanceServesTheFirstHandle() {
        TestPlugins.manifest("probed").permissions("clock").write(root, plugin("(nop)", "2"));
        registry = TestPlugins.registry(root).build();
        assertThat(mapOnNewHandle()).isEqualTo("3");

        registry.unload("probed");

        assertThat(mapOnNewHandle()).isEqualTo("3");
    }
}
