package dev.zen.integration.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A known sequence of syncs and faults, then a Prometheus scrape: every series has the value the sequence implies. */
class ZenMetricsPrometheusTest {
    final TestClock clock = TestClock.at("2026-03-01T09:00:00Z");
    final InMemoryTracker tracker = InMemoryTracker.create("fake", clock);
    final ZenMetrics metrics = new ZenMetrics();
    final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ZenIntegration zen;
    String key;

    @BeforeEach
    void open() {
        zen = ZenIntegration.builder().discoverServices(false).clock(clock)
                .taskStore(InMemory.taskStore(clock)).recordStore(InMemory.recordStore())
                .lockProvider(InMemory.lockProvider()).providerCalls(ProviderCalls.direct()).listener(metrics)
                .provider(ProviderConfig.builder("fake").conflictStrategy(ConflictStrategy.MANUAL_REVIEW).build(), tracker)
                .build();
        metrics.monitor(zen).bindTo(prometheus);
        zen.taskStore().create(ZenTask.builder("task-1", "Base").status("To Do").build());
        key = tracker.seed(Map.of("title", "Base", "status", "To Do"));
        zen.link("task-1", "fake", key);
    }

    @AfterEach
    void close() {
        zen.close();
    }

    TaskSyncResult sync() {
        clock.advance(Duration.ofSeconds(1));
        return zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();
    }

    void localTitle(String title) {
        clock.advance(Duration.ofSeconds(1));
        ZenTask t = zen.taskStore().find("task-1").orElseThrow();
        zen.taskStore().update(ZenTasks.withFields(t, Map.of("title", title)));
    }

    @Test
    void givenSyncsAndFaultsWhenScrapedThenEverySeriesHasTheExpectedValue() {
        assertThat(sync().outcome()).isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
        localTitle("Pushed");
        assertThat(sync().outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
        tracker.edit(key, "status", "Done");
        assertThat(sync().outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
        tracker.failNext(PluginOperation.GET_TASK_DATA, 1, ErrorCode.AUTH_FAILED);
        assertThat(sync().outcome()).isEqualTo(TaskSyncResult.Outcome.FAILED);
        tracker.unavailable(ErrorCode.PROVIDER_UNAVAILABLE);
        localTitle("Queued");
        assertThat(sync().outcome()).isEqualTo(TaskSyncResult.Outcome.QUEUED);
        clock.advance(Duration.ofSeconds(30));
        zen.pauseProvider("fake");
        metrics.refresh();

        String scrape = prometheus.scrape();

        assertThat(value(scrape, "zen_sync_operations_total", "outcome=\"UNCHANGED\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_sync_operations_total", "outcome=\"UPDATED\"")).isEqualTo(2);
        assertThat(value(scrape, "zen_sync_operations_total", "outcome=\"FAILED\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_sync_operations_total", "outcome=\"QUEUED\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_sync_errors_total", "error_code=\"AUTH_FAILED\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_sync_operation_seconds_count", "outcome=\"UPDATED\"")).isEqualTo(2);
        assertThat(value(scrape, "zen_sync_operation_seconds_bucket", "outcome=\"UPDATED\"", "le=\"+Inf\""))
                .as("a histogram, so the alerts can take percentiles").isEqualTo(2);
        assertThat(value(scrape, "zen_sync_field_changes_total", "target=\"remote\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_sync_field_changes_total", "target=\"local\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_sync_changes_queued_total", "provider=\"fake\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_plugin_calls_seconds_count", "operation=\"update_task\"", "outcome=\"success\""))
                .isEqualTo(1);
        assertThat(value(scrape, "zen_plugin_calls_seconds_count", "operation=\"get_task_data\"",
                "error_code=\"AUTH_FAILED\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_plugin_calls_seconds_count", "operation=\"get_task_data\"",
                "error_code=\"PROVIDER_UNAVAILABLE\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_outbox_depth", "provider=\"fake\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_outbox_oldest_age_seconds", "provider=\"fake\"")).isEqualTo(30);
        assertThat(value(scrape, "zen_links", "provider=\"fake\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_provider_paused", "provider=\"fake\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_breaker_state", "provider=\"fake\"")).isZero();
    }

    @Test
    void givenAConflictWhenScrapedThenItIsCountedAndOpen() {
        sync();
        localTitle("Ours");
        tracker.edit(key, "title", "Theirs");

        sync();
        metrics.refresh();
        String scrape = prometheus.scrape();

        assertThat(value(scrape, "zen_sync_conflicts_total", "provider=\"fake\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_conflicts_open", "provider=\"fake\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_links_error", "provider=\"fake\"")).isZero();
    }

    @Test
    void givenPluginOpensAndAScanWhenScrapedThenLoadAndDiscoveryTimesAreThereByOutcome() {
        metrics.onPluginOpened("fake", "fake", "1.2.0", null, Duration.ofMillis(120));
        metrics.onPluginOpened("fake", "fake", null, ErrorCode.PLUGIN_LOAD_FAILED, Duration.ofMillis(30));
        metrics.onPluginDiscovery(3, Duration.ofMillis(15));

        String scrape = prometheus.scrape();

        assertThat(value(scrape, "zen_plugin_load_seconds_count", "version=\"1.2.0\"", "outcome=\"success\""))
                .isEqualTo(1);
        assertThat(value(scrape, "zen_plugin_load_seconds_sum", "version=\"1.2.0\"")).isEqualTo(0.12);
        assertThat(value(scrape, "zen_plugin_load_seconds_count", "error_code=\"PLUGIN_LOAD_FAILED\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_plugin_discovery_seconds_sum")).isEqualTo(0.015);
    }

    /** The value of the one series of {@code name} whose labels include every one given. */
    static double value(String scrape, String name, String... labels) {
        List<String> lines = Arrays.stream(scrape.split("\n"))
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains)).toList();
        assertThat(lines).as(name + " " + Arrays.toString(labels) + " in\n" + scrape).hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
