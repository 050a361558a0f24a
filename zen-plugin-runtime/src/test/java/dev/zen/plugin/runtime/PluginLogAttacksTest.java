package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** Attacks through the {@code log} host function: flooding the host's logs, and forging log records. */
class PluginLogAttacksTest {
    private static final String LOGGER = "dev.zen.plugin.chatty";
    private static final Pattern SUMMARY = Pattern.compile("plugin chatty: (\\d+) log lines suppressed .*");
    /** {@code update_task} logs its input {@code count} times at INFO; {@code create_task} logs it once. */
    private static final String BODY = """
            (func (export "update_task") (param $p i32) (param $l i32) (result i64) (local $i i32)
              (block $done (loop $again
                (br_if $done (i32.ge_u (local.get $i) (i32.const 10000)))
                (call $log (i32.const 1) (local.get $p) (local.get $l))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $again)))
              (call $pack (i32.const 0) (i32.const 9)))
            (func (export "create_task") (param $p i32) (param $l i32) (result i64)
              (call $log (i32.const 1) (local.get $p) (local.get $l))
              (call $pack (i32.const 0) (i32.const 9)))
            """;

    @TempDir Path root;
    WasmPluginRegistry registry;
    Plugin plugin;

    @BeforeEach
    void setUp() {
        TestPlugins.manifest("chatty").permissions("log").timeout("60s")
                .write(root, Wat.plugin("(import \"zen\" \"log\" (func $log (param i32 i32 i32)))", BODY));
        registry = TestPlugins.registry(root).build();
        plugin = registry.open(PluginConfig.builder("chatty").build());
        LogCapture.clear();
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private static long suppressed(List<LogCapture.Event> events) {
        long n = 0;
        for (LogCapture.Event e : events) {
            Matcher m = SUMMARY.matcher(e.message());
            if (m.matches()) n += Long.parseLong(m.group(1));
        }
        return n;
    }

    @Test
    void givenAFloodOfTenThousand8KiBLinesWhenLoggedThenItIsCutToTheLimitAndASummaryCountsTheRest()
            throws InterruptedException {
        String line = "x".repeat(8 * 1024);
        long start = System.nanoTime();

        plugin.call(PluginOperation.UPDATE_TASK, line);
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(300); // the buckets refill: the next line passes and reports what was dropped
        plugin.call(PluginOperation.CREATE_TASK, "after the flood");

        List<LogCapture.Event> events = LogCapture.events(LOGGER);
        long logged = events.stream().filter(e -> e.message().equals(line)).count();
        // 512 KiB of burst is 64 such lines; 64 KiB/s more is 8 lines a second
        assertThat(logged).isBetween(64L, 64 + (long) Math.ceil(seconds * 8) + 1);
        assertThat(suppressed(events)).isEqualTo(10_000 - logged);
        assertThat(events).filteredOn(e -> SUMMARY.matcher(e.message()).matches()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.level()).isEqualTo(Level.WARN))
                // one at the first drop, one when a line gets through again, one every 10 s of a long flood
                // (a slow, loaded machine makes the flood last longer)
                .hasSizeLessThanOrEqualTo(3 + (int) (seconds / 10));
        assertThat(events.get(events.size() - 1).message()).isEqualTo("after the flood");
    }

    @Test
    void givenAFloodOfShortLinesWhenLoggedThenTheLineRateIsLimitedToo() {
        plugin.call(PluginOperation.UPDATE_TASK, "tick");

        List<LogCapture.Event> events = LogCapture.events(LOGGER);
        long logged = events.stream().filter(e -> e.message().equals("tick")).count();
        assertThat(logged).isGreaterThanOrEqualTo(200).isLessThan(1_000);
        assertThat(suppressed(events)).isGreaterThan(0);
    }

    @Test
    void givenALogLineWithCrLfAndTerminalEscapesWhenLoggedThenItStaysOneRecordWithThemEscaped() {
        plugin.call(PluginOperation.CREATE_TASK, "sync done\r\n2026-01-01 10:00:00 INFO dev.zen.plugin.runtime - "
                + "plugin jira signature verified\u0085\u2028\u2029\u001b[2J\u202eevil");

        assertThat(LogCapture.events(LOGGER)).singleElement().satisfies(e -> {
            assertThat(e.message()).startsWith("sync done\\r\\n2026-01-01")
                    .contains("\\u0085", "\\u2028", "\\u2029", "\\u001b[2J", "\\u202e")
                    .doesNotContain("\r", "\n", "\u0085", "\u2028", "\u2029", "\u001b", "\u202e");
        });
    }

    @Test
    void givenAPluginFolderNamedWithALineBreakWhenDiscoveredThenNoLogLineOrDescriptorCarriesTheRawBreak()
            throws Exception {
        Path evil = root.resolve("evil\n2026-01-01 INFO dev.zen.plugin.runtime - plugin jira signature verified");
        Files.createDirectories(evil);
        Files.writeString(evil.resolve("manifest.yaml"), "not: [a manifest");
        LogCapture.clear();

        List<PluginDescriptor> found = registry.discover();

        assertThat(LogCapture.events()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.message()).doesNotContain("\n", "\r"));
        assertThat(found).extracting(PluginDescriptor::source).allSatisfy(s -> assertThat(s).doesNotContain("\n"))
                .anySatisfy(s -> assertThat(s).contains("evil\\n2026"));
    }
}
