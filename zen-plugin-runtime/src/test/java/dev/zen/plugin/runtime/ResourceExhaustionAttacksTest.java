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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the host's memory and threads from inside the limits a manifest sets: tables and other per-instance
 * state outside {@code memory_limit}, limits beyond the host-wide budget, a pool held by spinning calls, and
 * cleanups that never end at close.
 */
class ResourceExhaustionAttacksTest {
    private static final String LOG = "(import \"zen\" \"log\" (func $log (param i32 i32 i32)))\n";
    private static final String CLOCK = "(import \"zen\" \"clock_now_ms\" (func $now (result i64)))\n";
    /** Busy-waits {@code ms} milliseconds of host time: a call that holds its instance that long. */
    private static final String HOLD = """
            (func $hold (param $ms i64) (local $end i64)
              (local.set $end (i64.add (call $now) (local.get $ms)))
              (loop $w (br_if $w (i64.lt_s (call $now) (local.get $end)))))
            """;
    /** Logs "spinning" (at offset 4000) and spins until stopped. */
    private static final String SPIN_AFTER_LOG = """
            (data (i32.const 4000) "spinning")
            (func (export "get_task_data") (param i32 i32) (result i64)
              (call $log (i32.const 2) (i32.const 4000) (i32.const 8))
              (loop $l (br $l)) (i64.const 0))
            """;

    @TempDir Path root;
    WasmPluginRegistry registry;
    ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeEach
    void clearLogs() {
        LogCapture.clear();
    }

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
        callers.shutdownNow();
    }

    private static IntegrationException failure(Runnable r) {
        try {
            r.run();
        } catch (IntegrationException e) {
            return e;
        }
        throw new AssertionError("expected an IntegrationException");
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private Plugin open(String name) {
        return registry.open(PluginConfig.builder(name).build());
    }

    private static void awaitLogLines(String plugin, String text, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (LogCapture.events("dev.zen.plugin." + plugin).stream().filter(e -> e.message().contains(text))
                .count() < count) {
            if (System.nanoTime() > end) throw new AssertionError("no " + count + " '" + text + "' lines logged");
            Thread.sleep(10);
        }
    }

    private static long logLines(String plugin, String text) {
        return LogCapture.events("dev.zen.plugin." + plugin).stream().filter(e -> e.message().contains(text)).count();
    }

    // ---- tables and other host heap outside memory_limit ----

    @Test
    void givenA1MiBPluginWithAHugeInitialTableWhenLoadedThenItIsRefusedNamingTheTablesAndTheLimit() {
        TestPlugins.manifest("tables").memory("1MiB").write(root, Wat.plugin("", "(table 10000000 funcref)\n"));
        registry = TestPlugins.registry(root).build();

        assertThatThrownBy(() -> registry.load("tables")).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
            assertThat(e.getMessage()).contains("tables hold 10000000 elements", "runtime.memory_limit",
                    "1024 KiB", "tables count against memory_limit");
        });
    }

    @Test
    void givenATableGrowBombWhenItGrowsWithoutEndThenGrowthStopsAtTheCapWithMinusOne() {
        String bomb = """
                (table $t 0 funcref)
                (func (export "get_task_data") (param i32 i32) (result i64)
                  (block $full (loop $l
                    (br_if $full (i32.eq (table.grow $t (ref.null func) (i32.const 1024)) (i32.const -1)))
                    (br $l)))
                  (call $ok_packed (call $itoa (i64.extend_i32_u (table.size $t)))))
                """;
        TestPlugins.manifest("grower").memory("1MiB").write(root, Wat.plugin("", bomb));
        registry = TestPlugins.registry(root).build();

        assertThat(open("grower").call(PluginOperation.GET_TASK_DATA, "{}"))
                .as("a sixteenth of 1 MiB at 16 bytes per element").isEqualTo("4096");
    }

    @Test
    void givenATableGrownByOneInstanceWhenAFreshInstanceStartsThenItsTableStartsAtTheDeclaredSize() {
        String body = """
                (table $t 0 funcref)
                (func (export "get_task_data") (param i32 i32) (result i64)
                  (drop (table.grow $t (ref.null func) (i32.const 4000)))
                  (call $ok_packed (call $itoa (i64.extend_i32_u (table.size $t)))))
                (func (export "create_task") (param i32 i32) (result i64) unreachable)
                (func (export "health_check") (param i32 i32) (result i64)
                  (call $ok_packed (call $itoa (i64.extend_i32_u (table.size $t)))))
                """;
        TestPlugins.manifest("shared-table").memory("1MiB").write(root, Wat.plugin("", body));
        registry = TestPlugins.registry(root).maxInstancesPerPlugin(1).build();
        Plugin p = open("shared-table");
        assertThat(p.call(PluginOperation.GET_TASK_DATA, "{}")).isEqualTo("4000");
        failure(() -> p.call(PluginOperation.CREATE_TASK, "{}"));

        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).as("a fresh instance, not the module, grew before")
                .isEqualTo("0");
    }

    @Test
    void givenAModuleDeclaringWasmGcTypesWhenLoadedThenItIsRefusedBecauseItsObjectsLiveOnTheHostHeap() {
        byte[] arrayOfI64 = {0x5E, 0x7E, 0x01};
        TestPlugins.manifest("gc").write(root, WasmBytes.appendToSection(Wat.plugin("", ""), WasmBytes.TYPES,
                arrayOfI64));
        registry = TestPlugins.registry(root).build();

        assertThatThrownBy(() -> registry.load("gc")).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
            assertThat(e.getMessage()).contains("WasmGC", "host heap");
        });
    }

    @Test
    void givenAModuleWithASecondMemoryWhenLoadedThenItIsRefusedBecauseEachWouldGetTheWholeLimit() {
        TestPlugins.manifest("two-memories").write(root, WasmBytes.appendToSection(Wat.plugin("", ""),
                WasmBytes.MEMORIES, (byte) 0x00, (byte) 0x01));
        registry = TestPlugins.registry(root).build();

        assertThatThrownBy(() -> registry.load("two-memories")).isInstanceOfSatisfying(IntegrationException.class,
                e -> assertThat(e.getMessage()).contains("2 memories"));
    }

    // ---- the host-wide memory budget ----

    @Test
    void givenAManifestMemoryLimitOf4GiBBeyondTheBudgetWhenLoadedThenItIsRefusedNamingTheBudget() {
        TestPlugins.manifest("greedy").memory("4GiB").write(root, Wat.plugin("", ""));
        registry = TestPlugins.registry(root).memoryBudget(256L << 20).build();

        assertThatThrownBy(() -> registry.open(PluginConfig.builder("greedy").build()))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
                    assertThat(e.getMessage()).contains("greedy", "4096 MiB", "256 MiB", "memoryBudget",
                            "memory_limit");
                });
    }

    @Test
    void givenInstancesBeyondTheBudgetWhenAnotherIsNeededThenItQueuesAndFailsTypedWithinItsDeadline()
            throws Exception {
        TestPlugins.manifest("hog").permissions("log").timeout("10s").write(root, Wat.plugin(LOG, SPIN_AFTER_LOG));
        TestPlugins.manifest("small").timeout("300ms").write(root, Wat.plugin("", Wat.echo("map_to_zen")));
        registry = TestPlugins.registry(root).maxInstancesPerPlugin(2).memoryBudget((2L << 20) + (64 << 10)).build();
        Plugin hog = open("hog");
        Plugin small = open("small");
        for (int i = 0; i < 2; i++) callers.submit(() -> hog.call(PluginOperation.GET_TASK_DATA, "{}"));
        awaitLogLines("hog", "spinning", 2);
        long start = System.nanoTime();

        IntegrationException e = failure(() -> small.call(PluginOperation.MAP_TO_ZEN, "{}"));

        assertThat(millisSince(start)).as("queued for its execution_timeout of 300ms").isBetween(250L, 900L);
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details()).containsEntry("reason", "memory_budget").containsEntry("plugin", "small");
        assertThat(e.getMessage()).contains("memoryBudget", "runtime.memory_limit", "maxInstancesPerPlugin");
    }

    @Test
    void givenTheBudgetFreesUpBeforeTheDeadlineWhenAnInstanceQueuesThenTheCallRuns() throws Exception {
        TestPlugins.manifest("hog").permissions("log").timeout("300ms").write(root, Wat.plugin(LOG, SPIN_AFTER_LOG));
        TestPlugins.manifest("small").timeout("5s").write(root, Wat.plugin("", Wat.echo("map_to_zen")));
        registry = TestPlugins.registry(root).maxInstancesPerPlugin(2).memoryBudget((2L << 20) + (64 << 10)).build();
        Plugin hog = open("hog");
        for (int i = 0; i < 2; i++) callers.submit(() -> hog.call(PluginOperation.GET_TASK_DATA, "{}"));
        awaitLogLines("hog", "spinning", 2);
        long start = System.nanoTime();

        Plugin small = open("small");

        assertThat(millisSince(start)).as("waited for the spinning calls' timeout").isBetween(50L, 4000L);
        assertThat(small.call(PluginOperation.MAP_TO_ZEN, "[1]")).isEqualTo("[1]");
    }

    @Test
    void givenIdleInstancesHoldingTheWholeBudgetWhenAnotherPluginNeedsOneThenAnIdleOneIsDroppedForIt() {
        for (String name : List.of("a", "b", "c")) {
            TestPlugins.manifest(name).timeout("300ms").write(root, Wat.plugin("", Wat.echo("map_to_zen")));
        }
        registry = TestPlugins.registry(root).memoryBudget((2L << 20) + (64 << 10)).build();
        Plugin a = open("a");
        Plugin b = open("b");

        Plugin c = open("c");

        assertThat(c.call(PluginOperation.MAP_TO_ZEN, "[3]")).isEqualTo("[3]");
        assertThat(a.call(PluginOperation.MAP_TO_ZEN, "[1]")).isEqualTo("[1]");
        assertThat(b.call(PluginOperation.MAP_TO_ZEN, "[2]")).isEqualTo("[2]");
    }

    @Test
    void givenMoreConcurrentCallsThanTheBudgetHoldsWhenInstancesFreeUpThenTheWaitingCallsReuseThem()
            throws Exception {
        String body = HOLD + """
                (func (export "map_to_zen") (param $p i32) (param $l i32) (result i64)
                  (call $hold (i64.const 150))
                  (call $ok (local.get $p) (local.get $l)))
                """;
        TestPlugins.manifest("queued").permissions("clock").timeout("3s").write(root, Wat.plugin(CLOCK, body));
        registry = TestPlugins.registry(root).maxInstancesPerPlugin(4).memoryBudget((2L << 20) + (64 << 10)).build();
        Plugin p = open("queued");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String input = "[" + i + "]";
            calls.add(callers.submit(() -> {
                go.await();
                return p.call(PluginOperation.MAP_TO_ZEN, input);
            }));
        }
        long start = System.nanoTime();

        go.countDown();

        for (int i = 0; i < 4; i++) assertThat(calls.get(i).get()).isEqualTo("[" + i + "]");
        assertThat(millisSince(start)).as("two rounds of 150ms on the two instances the budget holds, not 3 s")
                .isLessThan(2000L);
    }

    // ---- waiting for an instance is part of the call's deadline ----

    @Test
    void givenAPoolHeldBySpinningCallsWhenAHealthyCallComesThenItFailsWithinTheExecutionTimeoutSayingWhy()
            throws Exception {
        String body = HOLD + """
                (func (export "init") (param i32 i32) (result i64)
                  (call $hold (i64.const 300))
                  (call $pack (i32.const 0) (i32.const 9)))
                (func (export "health_check") (param i32 i32) (result i64) (call $pack (i32.const 0) (i32.const 9)))
                """ + SPIN_AFTER_LOG;
        TestPlugins.manifest("busy").permissions("clock", "log").timeout("400ms")
                .write(root, Wat.plugin(CLOCK + LOG, body));
        registry = TestPlugins.registry(root).maxInstancesPerPlugin(1).build();
        Plugin p = open("busy");
        callers.submit(() -> p.call(PluginOperation.GET_TASK_DATA, "{}"));
        awaitLogLines("busy", "spinning", 1);
        long start = System.nanoTime();

        IntegrationException e = failure(() -> p.call(PluginOperation.HEALTH_CHECK, "{}"));

        assertThat(millisSince(start)).as("execution_timeout 400ms, margin").isLessThan(700L);
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details()).containsEntry("reason", "timeout");
        assertThat(e.getMessage()).contains("400ms", "all 1 instances", "busy");
    }

    // ---- close is bounded ----

    private static final String SPINNING_CLEANUP = HOLD + """
            (data (i32.const 4000) "cleanup")
            (func (export "map_to_zen") (param $p i32) (param $l i32) (result i64)
              (call $hold (i64.const 300))
              (call $ok (local.get $p) (local.get $l)))
            (func (export "cleanup") (param i32 i32) (result i64)
              (call $log (i32.const 2) (i32.const 4000) (i32.const 7))
              (loop $l (br $l)) (i64.const 0))
            """;

    /** Calls at once so that {@code n} instances exist, all idle afterwards. */
    private void warm(Plugin p, int n) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(callers.submit(() -> {
                go.await();
                return p.call(PluginOperation.MAP_TO_ZEN, "[]");
            }));
        }
        go.countDown();
        for (Future<String> f : calls) assertThat(f.get()).isEqualTo("[]");
    }

    @Test
    void givenSeveralIdleInstancesWithSpinningCleanupsWhenTheHandleClosesThenItReturnsWithinOneExecutionTimeout()
            throws Exception {
        TestPlugins.manifest("sticky").permissions("clock", "log").timeout("400ms")
                .write(root, Wat.plugin(CLOCK + LOG, SPINNING_CLEANUP));
        registry = TestPlugins.registry(root).maxInstancesPerPlugin(4).build();
        Plugin p = open("sticky");
        warm(p, 4);
        long start = System.nanoTime();

        p.close();

        assertThat(millisSince(start)).as("one execution_timeout of 400ms for all instances").isLessThan(750L);
        assertThat(logLines("sticky", "cleanup")).as("every idle instance's cleanup ran").isGreaterThanOrEqualTo(3);
    }

    @Test
    void givenTwoPluginsWithSpinningCleanupsWhenTheRegistryClosesThenItReturnsWithinTheLongestExecutionTimeout()
            throws Exception {
        for (String name : List.of("sticky-a", "sticky-b")) {
            TestPlugins.manifest(name).permissions("clock", "log").timeout("400ms")
                    .write(root, Wat.plugin(CLOCK + LOG, SPINNING_CLEANUP));
        }
        registry = TestPlugins.registry(root).maxInstancesPerPlugin(3).build();
        warm(open("sticky-a"), 3);
        warm(open("sticky-b"), 3);
        long start = System.nanoTime();

        registry.close();

        assertThat(millisSince(start)).as("400ms for all handles and instances together").isLessThan(750L);
        assertThat(logLines("sticky-a", "cleanup") + logLines("sticky-b", "cleanup")).isGreaterThanOrEqualTo(4);
    }
}
