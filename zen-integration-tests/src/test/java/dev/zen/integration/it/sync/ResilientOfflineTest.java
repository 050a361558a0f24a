package dev.zen.integration.it.sync;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.ProviderHealth;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.resilience.ResilientProviderCalls;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.TimeScaledScheduler;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine behind the real Failsafe pipeline: retries first, then the outbox once retries are exhausted. */
class ResilientOfflineTest {
    final TestClock clock = TestClock.at("2026-03-01T08:00:00Z");
    final InMemoryTracker tracker = InMemory.tracker("fake", clock);
    final TimeScaledScheduler scheduler = TimeScaledScheduler.withFactor(0.001);
    final ResilienceConfig resilience = ResilienceConfig.builder().maxAttempts(3)
            .circuitBreaker(2, Duration.ofMinutes(10)).timeout(Duration.ofHours(1)).build();
    final ResilientProviderCalls calls = ResilientProviderCalls.builder().scheduler(scheduler).clock(clock)
            .provider("fake", resilience).build();
    final TaskStore tasks = InMemory.taskStore(clock);
    final ZenIntegration zen = ZenIntegration.builder()
            .taskStore(tasks).recordStore(InMemory.recordStore()).lockProvider(InMemory.lockProvider())
            .clock(clock).discoverServices(false).providerCalls(calls)
            .provider(ProviderConfig.builder("fake").resilience(resilience).build(), tracker)
            .build();

    @AfterEach
    void close() {
        zen.close();
        calls.close();
        scheduler.close();
    }

    @Test
    void givenATransientFailureWhenSyncedThenTheRetrySucceedsAndNothingIsQueued() {
        tasks.create(ZenTask.builder("task-1", "Base").build());
        String key = tracker.seed(Map.of("title", "Base"));
        zen.link("task-1", "fake", key);
        tracker.failNext(PluginOperation.GET_TASK_DATA, 1, ErrorCode.NETWORK_ERROR);

        TaskSyncResult r = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

        assertThat(r).hasSucceeded().isNotFromCache();
        assertThat(tracker.calls(PluginOperation.GET_TASK_DATA)).isEqualTo(3); // link + failed attempt + retry
    }

    @Test
    void givenTheProviderStaysDownWhenRetriesAreExhaustedAndTheBreakerOpensThenChangesAreQueuedAndStatusSaysUnavailable() {
        tasks.create(ZenTask.builder("task-1", "Base").build());
        String key = tracker.seed(Map.of("title", "Base"));
        zen.link("task-1", "fake", key);
        zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
        tracker.unavailable(ErrorCode.NETWORK_ERROR);
        tasks.update(tasks.find("task-1").orElseThrow().toBuilder().title("Offline edit").build());

        TaskSyncResult first = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();
        TaskSyncResult second = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

        assertThat(first).hasOutcome(TaskSyncResult.Outcome.QUEUED);
        assertThat(second).hasOutcome(TaskSyncResult.Outcome.QUEUED);
        assertThat(zen.status().pendingChanges()).isEqualTo(1);
        assertThat(zen.status().providers()).singleElement().extracting(ProviderHealth::state)
                .isEqualTo(ProviderHealth.State.UNAVAILABLE);
        assertThat(tracker.field(key, "title")).contains("Base");
    }
}
