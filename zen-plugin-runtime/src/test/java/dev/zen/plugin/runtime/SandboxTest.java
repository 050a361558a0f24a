package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Limits and failure isolation: timeouts, memory cap, traps, output cap, malformed output, concurrency. */
class SandboxTest {
    static final String RUNAWAY = """
            (global $calls (mut i32) (i32.const 0))
            (func (export "get_task_data") (param i32 i32) (result i64)
              (loop $l (br $l)) (i64.const 0))
            (func (export "create_task") (param i32 i32) (result i64)
              (loop $l (br_if $l (i32.const 1))) (i64.const 0))
            (func (export "update_task") (param i32 i32) (result i64)
              (loop $l (br_table $l $l (i32.const 0))) (i64.const 0))
            (func $recurse (export "search_tasks") (param i32 i32) (result i64)
              (call $recurse (local.get 0) (local.get 1)))
            (func (export "health_check") (param i32 i32) (result i64)
              (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
              (call $ok_packed (call $itoa (i64.extend_i32_u (global.get $calls)))))
            (func (export "cleanup") (param i32 i32) (result i64) unreachable)
            """;

    @TempDir Path root;
    WasmPluginRegistry registry;

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
    }

    private Plugin open(String name, byte[] wasm, String memory, String timeout) {
        return open(name, wasm, memory, timeout, TestPlugins.registry(root));
    }

    private Plugin open(String name, byte[] wasm, String memory, String timeout, WasmPluginRegistry.Builder b) {
        TestPlugins.manifest(name).memory(memory).timeout(timeout).write(root, wasm);
        registry = b.build();
        return registry.open(PluginConfig.builder(name).build());
    }

    private static IntegrationException failure(Runnable r) {
        try {
            r.run();
        } catch (IntegrationException e) {
            return e;
        }
        throw new AssertionError("expected an IntegrationException");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"get_task_data", "create_task", "update_task", "search_tasks"})
    void givenRunawayCodeWhenCalledThenItIsStoppedWithinTheTimeoutAndTheNextCallRunsOnAFreshInstance(
            String export) {
        Plugin p = open("runaway", Wat.plugin("", RUNAWAY), "1MiB", "500ms");
        PluginOperation op = PluginOperation.valueOf(export.toUpperCase());
        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).isEqualTo("1");
        long start = System.nanoTime();

        IntegrationException e = failure(() -> p.call(op, "{}"));

        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details().get("reason")).isIn("timeout", "trap");
        assertThat(e.provider()).contains("runaway");
        assertThat(millis).isLessThan(1500);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).as("a fresh instance starts counting again")
                .isEqualTo("1");
    }

    @Test
    void givenAnInfiniteLoopWhenTheTimeoutPassesThenTheReasonIsTimeout() {
        Plugin p = open("runaway", Wat.plugin("", RUNAWAY), "1MiB", "300ms");

        IntegrationException e = failure(() -> p.call(PluginOperation.CREATE_TASK, "{}"));

        assertThat(e.details()).containsEntry("reason", "timeout");
        assertThat(e.getMessage()).contains("300ms");
    }

    @Test
    void givenAMemoryBombWhenItGrowsMemoryWithoutEndThenGrowthStopsAtTheMemoryLimit() {
        String bomb = """
                (func (export "get_task_data") (param i32 i32) (result i64)
                  (block $full (loop $l
                    (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
                    (br $l)))
                  (call $ok_packed (call $itoa (i64.extend_i32_u (memory.size)))))
                """;
        Plugin p = open("bomb", Wat.plugin("", bomb, "1"), "1MiB", "2s");

        assertThat(p.call(PluginOperation.GET_TASK_DATA, "{}")).isEqualTo("16");
    }

    @Test
    void givenAnAllocatorThatTrapsWhenMemoryRunsOutWhenCalledThenTheCallFailsAndTheNextOneWorks() {
        String hog = """
                (global $n (mut i32) (i32.const 0))
                (func (export "get_task_data") (param i32 i32) (result i64)
                  (loop $l (br_if $l (i32.ne (call $alloc (i32.const 65536)) (i32.const 0))))
                  unreachable)
                """ + Wat.echo("map_to_zen");
        Plugin p = open("hog", Wat.plugin("", hog, "1"), "512KiB", "2s");

        IntegrationException e = failure(() -> p.call(PluginOperation.GET_TASK_DATA, "{}"));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details()).containsEntry("reason", "trap");
        assertThat(p.call(PluginOperation.MAP_TO_ZEN, "[1]")).isEqualTo("[1]");
    }

    @Test
    void givenAnInstanceWhoseMemoryNearlyReachedTheLimitWhenItsCallEndsThenItIsRetiredBeforeItCanTrapAtTheCap() {
        String body = """
                (global $calls (mut i32) (i32.const 0))
                (func (export "health_check") (param i32 i32) (result i64)
                  (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
                  (call $ok_packed (call $itoa (i64.extend_i32_u (global.get $calls)))))
                (func (export "get_task_data") (param i32 i32) (result i64)
                  (drop (memory.grow (i32.const 13)))
                  (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
                  (call $ok_packed (call $itoa (i64.extend_i32_u (global.get $calls)))))
                """;
        Plugin p = open("growing", Wat.plugin("", body), "1MiB", "2s",
                TestPlugins.registry(root).maxInstancesPerPlugin(1));
        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).isEqualTo("1");
        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).isEqualTo("2");

        assertThat(p.call(PluginOperation.GET_TASK_DATA, "{}")).isEqualTo("3");

        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).as("15 of 16 pages used: a fresh instance")
                .isEqualTo("1");
    }

    @Test
    void givenAModuleWhoseInitialMemoryExceedsTheLimitWhenLoadedThenItIsRefused() {
        TestPlugins.manifest("fat").memory("1MiB").write(root, Wat.plugin("", "", "32"));
        registry = TestPlugins.registry(root).build();

        assertThatThrownBy(() -> registry.load("fat")).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
            assertThat(e.getMessage()).contains("32 pages", "memory_limit");
        });
    }

    @Test
    void givenATrapWhenCalledAgainThenTheTrappedInstanceWasDiscardedAndAFreshOneAnswers() {
        String body = """
                (global $calls (mut i32) (i32.const 0))
                (func (export "get_task_data") (param i32 i32) (result i64) unreachable)
                (func (export "health_check") (param i32 i32) (result i64)
                  (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
                  (call $ok_packed (call $itoa (i64.extend_i32_u (global.get $calls)))))
                """;
        Plugin p = open("trappy", Wat.plugin("", body), "1MiB", "2s",
                TestPlugins.registry(root).maxInstancesPerPlugin(1));
        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).isEqualTo("1");
        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).isEqualTo("2");

        IntegrationException e = failure(() -> p.call(PluginOperation.GET_TASK_DATA, "{}"));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details()).containsEntry("reason", "trap").containsEntry("plugin", "trappy");
        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).isEqualTo("1");
    }

    @Test
    void givenAResultLargerThanTheOutputCapWhenReturnedThenTheCallFailsWithOutputTooLarge() {
        String body = "(func (export \"get_task_data\") (param i32 i32) (result i64)"
                + " (call $pack (i32.const 0) (i32.const 5000)))\n" + Wat.echo("map_to_zen");
        Plugin p = open("chatty", Wat.plugin("", body), "1MiB", "2s",
                TestPlugins.registry(root).maxOutputBytes(4096));

        IntegrationException e = failure(() -> p.call(PluginOperation.GET_TASK_DATA, "{}"));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details()).containsEntry("reason", "output_too_large");
        assertThat(e.getMessage()).contains("5000 bytes", "4096");
        assertThat(p.call(PluginOperation.MAP_TO_ZEN, "{}")).isEqualTo("{}");
    }

    @Test
    void givenAResultPointingOutsideMemoryWhenReturnedThenTheCallFailsWithAbiViolation() {
        String body = "(func (export \"get_task_data\") (param i32 i32) (result i64)"
                + " (call $pack (i32.const 200000) (i32.const 10)))\n";
        Plugin p = open("pointy", Wat.plugin("", body), "1MiB", "2s");

        IntegrationException e = failure(() -> p.call(PluginOperation.GET_TASK_DATA, "{}"));

        assertThat(e.details()).containsEntry("reason", "abi_violation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"ok\":1,\"error\":{\"code\":\"NOT_FOUND\"}}", "{\"value\":1}", "[1]",
            "{\"error\":\"NOT_FOUND\"}"})
    void givenAResultThatIsNotAnEnvelopeWhenReturnedThenTheCallFailsWithMalformedOutput(String envelope) {
        Plugin p = open("garbled", Wat.plugin("", Wat.constant("get_task_data", envelope, 2048)), "1MiB", "2s");

        IntegrationException e = failure(() -> p.call(PluginOperation.GET_TASK_DATA, "{}"));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details()).containsEntry("reason", "malformed_output");
    }

    @Test
    void givenAPluginErrorWhenReturnedThenItBecomesAnIntegrationExceptionWithTheSameFacts() {
        String envelope = "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"Jira asked us to wait\","
                + "\"retryable\":true,\"retry_after_ms\":5000,\"details\":{\"http_status\":\"429\",\"attempt\":2}}}";
        Plugin p = open("limited", Wat.plugin("", Wat.constant("get_task_data", envelope, 2048)), "1MiB", "2s");

        IntegrationException e = failure(() -> p.call(PluginOperation.GET_TASK_DATA, "{}"));

        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.getMessage()).isEqualTo("Jira asked us to wait");
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(e.provider()).contains("limited");
        assertThat(e.details()).containsEntry("http_status", "429").containsEntry("attempt", "2")
                .containsEntry("plugin", "limited");
    }

    @Test
    void givenAnErrorCodeTheLibraryDoesNotKnowWhenReturnedThenItIsAPluginExecutionFailureKeepingTheCode() {
        String envelope = "{\"error\":{\"code\":\"TEAPOT\",\"message\":\"short and stout\"}}";
        Plugin p = open("teapot", Wat.plugin("", Wat.constant("get_task_data", envelope, 2048)), "1MiB", "2s");

        IntegrationException e = failure(() -> p.call(PluginOperation.GET_TASK_DATA, "{}"));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details()).containsEntry("plugin_code", "TEAPOT");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void givenAnOperationThePluginDoesNotExportWhenCalledThenUnsupportedOperationNotACrash() {
        Plugin p = open("small", Wat.plugin("", Wat.echo("map_to_zen")), "1MiB", "2s");

        assertThat(p.supports(PluginOperation.MAP_TO_ZEN)).isTrue();
        assertThat(p.supports(PluginOperation.CREATE_TASK)).isFalse();
        assertThatThrownBy(() -> p.call(PluginOperation.CREATE_TASK, "{}"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION);
                    assertThat(e.getMessage()).contains("create_task");
                });
    }

    @Test
    void givenAnInitThatRejectsTheConfigurationWhenOpenedThenOpenFailsWithThePluginsError() {
        String body = Wat.constant("init", "{\"error\":{\"code\":\"CONFIG_ERROR\",\"message\":\"project_key "
                + "SYNC does not exist\"}}", 2048);
        TestPlugins.manifest("picky").write(root, Wat.plugin("", body));
        registry = TestPlugins.registry(root).build();

        assertThatThrownBy(() -> registry.open(PluginConfig.builder("picky").build()))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains("project_key SYNC does not exist");
                });
    }

    @Test
    void givenAClosedHandleWhenCalledThenItFailsSayingToOpenAgain() {
        Plugin p = open("runaway", Wat.plugin("", RUNAWAY), "1MiB", "2s");

        p.close();

        assertThatThrownBy(() -> p.call(PluginOperation.HEALTH_CHECK, "{}"))
                .isInstanceOfSatisfying(IntegrationException.class, e ->
                        assertThat(e.getMessage()).contains("closed", "open"));
    }

    @Test
    void givenManyThreadsCallingOnePluginWhenTheyRunAtOnceThenEveryCallerGetsItsOwnResult() throws Exception {
        String body = """
                (func (export "map_to_external") (param $p i32) (param $l i32) (result i64) (local $i i32)
                  (memory.copy (i32.const 512) (local.get $p) (local.get $l))
                  (loop $spin
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br_if $spin (i32.lt_u (local.get $i) (i32.const 20000))))
                  (call $ok (i32.const 512) (local.get $l)))
                """;
        Plugin p = open("shared", Wat.plugin("", body), "1MiB", "5s",
                TestPlugins.registry(root).maxInstancesPerPlugin(8));
        int threads = 16;
        int callsEach = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < callsEach; i++) {
                    String input = "{\"thread\":" + thread + ",\"call\":" + i + ",\"pad\":\"" + "x".repeat(thread * 7)
                            + "\"}";
                    String out = p.call(PluginOperation.MAP_TO_EXTERNAL, input);
                    if (!out.equals(input)) wrong.add(input + " -> " + out);
                }
                return wrong;
            }));
        }
        List<String> wrong = new ArrayList<>();
        for (Future<List<String>> f : futures) wrong.addAll(f.get());
        pool.shutdown();

        assertThat(wrong).isEmpty();
    }
}
