package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the registry through loading: a module whose start function spins, a named pipe as the module, a
 * module that takes long to compile. None may hold the registry's lock, so other plugins stay usable, and every
 * load ends within its deadline.
 */
class RegistryLockAttacksTest {
    private static final String SPINNING_START = "(func $spin (loop $l (br $l)))\n(start $spin)\n";
    /** A module with many functions: compiling it to JVM bytecode takes seconds. */
    private static byte[] slowToCompile;

    @TempDir Path root;
    WasmPluginRegistry registry;
    ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
        callers.shutdownNow();
    }

    private static synchronized byte[] slowToCompile() {
        if (slowToCompile == null) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                body.append("(func $f").append(i).append(" (param i32) (result i32) (i32.add (local.get 0) (i32.const ")
                        .append(i).append(")))\n");
            }
            slowToCompile = Wat.plugin("", body.toString());
        }
        return slowToCompile;
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private static IntegrationException loadFailure(Future<?> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IntegrationException ie) return ie;
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the load did not end within 10 s");
        }
        throw new AssertionError("expected the load to fail");
    }

    /** Opens, calls, lists and finds the healthy plugin "other"; returns how long that took. */
    private long useOtherPlugin() {
        long start = System.nanoTime();
        assertThat(registry.open(PluginConfig.builder("other").build()).call(PluginOperation.MAP_TO_ZEN, "[1]"))
                .isEqualTo("[1]");
        assertThat(registry.list()).hasSize(2);
        assertThat(registry.find("other")).hasValueSatisfying(d ->
                assertThat(d.state()).isEqualTo(PluginDescriptor.State.LOADED));
        return millisSince(start);
    }

    /** Lists and finds (no loading, so no compiling of its own): how long that took. */
    private long listAndFind() {
        long start = System.nanoTime();
        assertThat(registry.list()).hasSize(2);
        assertThat(registry.find("other")).isPresent();
        registry.discover();
        return millisSince(start);
    }

    @Test
    void givenAPluginWhoseStartFunctionSpinsWhenItLoadsThenOtherPluginsOpenListAndFindPromptly() throws Exception {
        TestPlugins.manifest("spinner").timeout("2s").write(root, Wat.plugin("", SPINNING_START));
        TestPlugins.manifest("other").write(root, Wat.plugin("", Wat.echo("map_to_zen")));
        registry = TestPlugins.registry(root).build();
        Future<?> spinner = callers.submit(() -> registry.load("spinner"));
        Thread.sleep(200);

        long millis = useOtherPlugin();

        assertThat(millis).as("well before the spinner's 2 s timeout").isLessThan(1000L);
        assertThat(spinner).as("the spinner is still being probed").isNotDone();
        IntegrationException e = loadFailure(spinner);
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(e.getMessage()).contains("spinner", "start function", "2s");
    }

    @Test
    void givenConcurrentLoadsOfASpinningPluginWhenTheyWaitThenTheyShareOneLoadAndEndTogether() throws Exception {
        TestPlugins.manifest("spinner").timeout("500ms").write(root, Wat.plugin("", SPINNING_START));
        registry = TestPlugins.registry(root).build();
        long start = System.nanoTime();

        Future<?> first = callers.submit(() -> registry.load("spinner"));
        Future<?> second = callers.submit(() -> registry.load("spinner"));

        IntegrationException a = loadFailure(first);
        IntegrationException b = loadFailure(second);
        assertThat(millisSince(start)).as("one probe of 500ms, not one per caller").isLessThan(950L);
        assertThat(a.getMessage()).isEqualTo(b.getMessage());
    }

    @Test
    void givenASpinningStartFunctionAndALongExecutionTimeoutWhenLoadedThenTheLoadTimeoutStopsIt() throws Exception {
        TestPlugins.manifest("spinner").timeout("10m").write(root, Wat.plugin("", SPINNING_START));
        registry = TestPlugins.registry(root).loadTimeout(Duration.ofMillis(300)).build();
        long start = System.nanoTime();

        IntegrationException e = loadFailure(callers.submit(() -> registry.load("spinner")));

        assertThat(millisSince(start)).isLessThan(1500L);
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(e.getMessage()).contains("load timeout");
    }

    @Test
    void givenANamedPipeAsTheModuleWhenLoadedThenItFailsFastWithoutBlockingTheRegistry() throws Exception {
        Path dir = TestPlugins.manifest("piped").write(root, Wat.plugin("", ""));
        Path module = dir.resolve("plugin.wasm");
        Files.delete(module);
        assumeTrue(mkfifo(module), "mkfifo is available");
        TestPlugins.manifest("other").write(root, Wat.plugin("", Wat.echo("map_to_zen")));
        registry = TestPlugins.registry(root).build();
        long start = System.nanoTime();

        IntegrationException e = loadFailure(callers.submit(() -> registry.load("piped")));

        assertThat(millisSince(start)).isLessThan(2000L);
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(e.getMessage()).contains("plugin.wasm", "not a regular file");
        assertThat(useOtherPlugin()).isLessThan(2000L);
    }

    private static boolean mkfifo(Path p) throws InterruptedException {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0 && Files.exists(p)
                    && !Files.isRegularFile(p);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void givenAModuleThatCompilesSlowlyWhenItLoadsThenTheRegistryStaysUsable() throws Exception {
        TestPlugins.manifest("big").timeout("5s").write(root, slowToCompile());
        TestPlugins.manifest("other").write(root, Wat.plugin("", Wat.echo("map_to_zen")));
        registry = TestPlugins.registry(root).build();
        Future<?> big = callers.submit(() -> registry.load("big"));
        Thread.sleep(100);

        long millis = listAndFind();

        assertThat(big).as("still compiling while the registry was used").isNotDone();
        assertThat(millis).isLessThan(300L);
        assertThat(useOtherPlugin()).isLessThan(2000L);
        big.get(30, TimeUnit.SECONDS);
        assertThat(registry.find("big")).hasValueSatisfying(d ->
                assertThat(d.state()).isEqualTo(PluginDescriptor.State.LOADED));
    }

    @Test
    void givenAModuleThatCompilesLongerThanTheLoadTimeoutWhenLoadedThenTheCallerGetsLoadTimeoutAndTheCodeIsKept()
            throws Exception {
        TestPlugins.manifest("big").timeout("5s").write(root, slowToCompile());
        registry = TestPlugins.registry(root).loadTimeout(Duration.ofMillis(200)).build();
        long start = System.nanoTime();

        assertThatThrownBy(() -> registry.load("big")).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
            assertThat(e.details()).containsEntry("reason", "load_timeout").containsEntry("plugin", "big");
            assertThat(e.getMessage()).contains("200ms", "loadTimeout");
        });

        assertThat(millisSince(start)).isLessThan(1000L);
        assertThat(registry.find("big").orElseThrow().state()).isEqualTo(PluginDescriptor.State.FAILED);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                assertThat(registry.load("big").state()).as("loaded within 200ms: not compiled again")
                        .isEqualTo(PluginDescriptor.State.LOADED);
                break;
            } catch (IntegrationException e) {
                assertThat(e.details()).containsEntry("reason", "load_timeout");
                assertThat(System.nanoTime()).as("the compile finished in the background").isLessThan(end);
            }
        }
    }
}
