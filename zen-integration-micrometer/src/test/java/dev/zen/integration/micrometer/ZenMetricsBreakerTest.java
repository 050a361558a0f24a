package dev.zen.integration.micrometer;

import static dev.zen.integration.micrometer.ZenMetricsPrometheusTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.HealthReport;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.resilience.ResilientProviderCalls;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The breaker gauge and the link gauges with the real Failsafe pipeline: an unreachable provider opens it. */
class ZenMetricsBreakerTest {
    final TestClock clock = TestClock.at("2026-03-01T09:00:00Z");
    final InMemoryTracker tracker = InMemoryTracker.create("fake", clock);
    final ResilienceConfig resilience = ResilienceConfig.builder().maxAttempts(1)
            .circuitBreaker(2, Duration.ofMinutes(10)).timeout(Duration.ofHours(1)).build();
    final ResilientProviderCalls calls = ResilientProviderCalls.builder().clock(clock).provider("fake", resilience)
            .build();
    final ZenMetrics metrics = new ZenMetrics();
    final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ZenIntegration zen = ZenIntegration.builder().discoverServices(false).clock(clock)
            .taskStore(InMemory.taskStore(clock)).recordStore(InMemory.recordStore())
            .lockProvider(InMemory.lockProvider()).providerCalls(calls).listener(metrics)
            .provider(ProviderConfig.builder("fake").resilience(resilience).build(), tracker).build();

    @BeforeEach
    void bind() {
        metrics.monitor(zen).bindTo(prometheus);
    }

    @AfterEach
    void close() {
        zen.close();
        calls.close();
    }

    @Test
    void givenARateLimitOfOneCallPerMinuteWhenASecondCallComesAtOnceThenItIsCountedAsRejected() {
        ResilienceConfig oneAMinute = ResilienceConfig.builder().maxAttempts(1)
                .rateLimit(new ResilienceConfig.RateLimit(1, Duration.ZERO)).build();
        ZenMetrics limited = new ZenMetrics();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ResilientProviderCalls strict = ResilientProviderCalls.builder().clock(clock).provider("fake", oneAMinute)
                .build();
             ZenIntegration z = ZenIntegration.builder().discoverServices(false).clock(clock)
                     .taskStore(InMemory.taskStore(clock)).recordStore(InMemory.recordStore())
                     .lockProvider(InMemory.lockProvider()).providerCalls(strict).listener(limited)
                     .provider(ProviderConfig.builder("fake").resilience(oneAMinute).build(), tracker).build()) {
            limited.monitor(z).bindTo(registry);
            z.taskStore().create(ZenTask.builder("task-1", "One").build());
            z.link("task-1", "fake", tracker.seed(Map.of("title", "One")));

            z.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
            String scrape = registry.scrape();

            assertThat(value(scrape, "zen_plugin_call_rejected_total", "error_code=\"RATE_LIMITED\"")).isEqualTo(1);
            assertThat(value(scrape, "zen_plugin_calls_seconds_count", "error_code=\"RATE_LIMITED\"")).isEqualTo(1);
            assertThat(value(scrape, "zen_plugin_call_wait_seconds_count", "provider=\"fake\"")).isEqualTo(2);
        }
    }

    @Test
    void givenAProviderThatStopsAnsweringWhenSyncedTwiceThenTheBreakerGaugeSaysOpenAndHealthIsNotReady() {
        for (int i = 1; i <= 3; i++) {
            zen.taskStore().create(ZenTask.builder("task-" + i, "Task " + i).build());
            zen.link("task-" + i, "fake", tracker.seed(Map.of("title", "Task " + i)));
        }
        zen.sync(List.of(), SyncDirection.BIDIRECTIONAL);
        zen.pause("task-3");
        metrics.refresh();
        assertThat(value(prometheus.scrape(), "zen_breaker_state", "provider=\"fake\"")).isZero();

        tracker.unavailable(ErrorCode.PROVIDER_UNAVAILABLE);
        tracker.failNext(2, ErrorCode.PROVIDER_UNAVAILABLE);
        zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
        zen.sync(List.of("task-2"), SyncDirection.BIDIRECTIONAL); // the second failure opens the breaker
        zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL); // refused at once
        metrics.refresh();
        String scrape = prometheus.scrape();
        HealthReport health = zen.health();

        assertThat(value(scrape, "zen_breaker_state", "provider=\"fake\"")).isEqualTo(2);
        assertThat(value(scrape, "zen_links", "provider=\"fake\"")).isEqualTo(3);
        assertThat(value(scrape, "zen_links_paused", "provider=\"fake\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_plugin_call_rejected_total", "error_code=\"PROVIDER_UNAVAILABLE\""))
                .as("the open breaker refused the last call before it reached the plugin").isPositive();
        assertThat(value(scrape, "zen_plugin_call_wait_seconds_count", "provider=\"fake\"")).isPositive();
        assertThat(health.ready()).isFalse();
        assertThat(health.checks()).filteredOn(c -> c.name().equals("breaker")).singleElement()
                .satisfies(c -> assertThat(c.ok()).isFalse());
    }
}
