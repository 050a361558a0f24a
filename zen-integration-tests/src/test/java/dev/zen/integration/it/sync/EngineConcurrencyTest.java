package dev.zen.integration.it.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineConcurrencyTest {
    final TestClock clock = TestClock.at("2026-04-01T08:00:00Z");
    final InMemoryTracker tracker = InMemory.tracker("fake", clock);

    /** Delegates to the tracker, slowly, and measures how many calls overlap overall and per item. */
    static final class SlowPlugin implements Plugin {
        final Plugin delegate;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final Set<String> busyItems = ConcurrentHashMap.newKeySet();
        final AtomicBoolean sameItemOverlapped = new AtomicBoolean();

        SlowPlugin(Plugin delegate) {
            this.delegate = delegate;
        }

        @Override public PluginDescriptor descriptor() { return delegate.descriptor(); }
        @Override public boolean supports(PluginOperation op) { return delegate.supports(op); }
        @Override public void close() {}

        @Override
        public String call(PluginOperation op, String json) {
            String item;
            try {
                item = new ObjectMapper().readTree(json).path("id").asText("");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (!busyItems.add(item)) sameItemOverlapped.set(true);
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                // not for ordering: holds each call open so that overlapping calls (allowed across tasks,
                // forbidden within one) actually overlap and show in the counters
                Thread.sleep(20);
                return delegate.call(op, json);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
                busyItems.remove(item);
            }
        }
    }

    ZenIntegration service(Plugin plugin, TaskStore tasks, int parallelism) {
        return ZenIntegration.builder().taskStore(tasks).recordStore(InMemory.recordStore())
                .lockProvider(InMemory.lockProvider()).clock(clock).discoverServices(false)
                .providerCalls(ProviderCalls.direct()).parallelism(parallelism)
                .provider(ProviderConfig.builder("fake").build(), plugin).build();
    }

    @Test
    void givenABatchWhenSyncedThenAtMostParallelismTasksRunAtOnceAndASingleTaskNeverOverlapsItself()
            throws Exception {
        SlowPlugin slow = new SlowPlugin(tracker);
        TaskStore tasks = InMemory.taskStore(clock);
        try (ZenIntegration zen = service(slow, tasks, 3)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                String id = "task-" + i;
                tasks.create(ZenTask.builder(id, "T" + i).build());
                zen.link(id, "fake", tracker.seed(Map.of("title", "T" + i)));
                zen.sync(List.of(id), SyncDirection.BIDIRECTIONAL); // agree on a base first
                tasks.update(tasks.find(id).orElseThrow().toBuilder().title("changed " + i).build());
                ids.add(id);
            }
            tracker.resetCalls();
            slow.maxRunning.set(0);

            // two overlapping runs over the same tasks: per-task locks keep each task to one sync at a time
            CompletableFuture<SyncReport> a = zen.syncAsync(SyncRequest.builder().tasks(ids).build());
            CompletableFuture<SyncReport> b = zen.syncAsync(SyncRequest.builder().tasks(ids).build());

            assertThat(a.get().results()).allMatch(TaskSyncResult::success);
            assertThat(b.get().results()).allMatch(TaskSyncResult::success);
            assertThat(slow.maxRunning.get()).isBetween(2, 3);
            assertThat(slow.sameItemOverlapped).isFalse();
            assertThat(tracker.calls(PluginOperation.UPDATE_TASK)).isEqualTo(9); // each change pushed once
        }
    }

    @Test
    void givenAZenEditDuringTheSyncWhenTheSyncWritesTheTaskThenItReReadsAndMergesAgainWithoutLosingTheEdit() {
        TaskStore inner = InMemory.taskStore(clock);
        AtomicBoolean interfered = new AtomicBoolean();
        TaskStore racing = new TaskStore() {
            @Override public Optional<ZenTask> find(String id) { return inner.find(id); }
            @Override public List<ZenTask> list() { return inner.list(); }
            @Override public ZenTask create(ZenTask t) { return inner.create(t); }

            @Override
            public ZenTask update(ZenTask t) {
                if (interfered.compareAndSet(false, true)) { // a user saves the task just before the engine does
                    ZenTask current = inner.find(t.id()).orElseThrow();
                    inner.update(current.toBuilder().description("typed by a user meanwhile").build());
                }
                return inner.update(t);
            }
        };
        try (ZenIntegration zen = service(tracker, racing, 2)) {
            inner.create(ZenTask.builder("task-1", "Base").status("To Do").build());
            String key = tracker.seed(Map.of("title", "Base", "status", "To Do"));
            zen.link("task-1", "fake", key);
            zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
            tracker.edit(key, "status", "Done");

            TaskSyncResult r = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

            assertThat(r.success()).isTrue();
            ZenTask after = inner.find("task-1").orElseThrow();
            assertThat(after.status()).isEqualTo("Done");
            assertThat(after.description()).isEqualTo("typed by a user meanwhile");
            assertThat(tracker.field(key, "description")).contains("typed by a user meanwhile");
            assertThat(ZenTasks.canonicalFields(after)).containsEntry("title", "Base");
        }
    }

    @Test
    void givenTheTasksLockHeldElsewhereWhenSyncedThenTheResultIsALockTimeoutNotAConflict() {
        TaskStore tasks = InMemory.taskStore(clock);
        LockProvider locks = InMemory.lockProvider();
        SyncRecordStore records = InMemory.recordStore();
        try (ZenIntegration zen = ZenIntegration.builder().taskStore(tasks).recordStore(records)
                .lockProvider(locks).lockTimeout(Duration.ofMillis(50)).clock(clock).discoverServices(false)
                .providerCalls(ProviderCalls.direct()).provider(ProviderConfig.builder("fake").build(), tracker)
                .build()) {
            tasks.create(ZenTask.builder("task-1", "Base").build());
            zen.link("task-1", "fake", tracker.seed(Map.of("title", "Base")));

            TaskSyncResult r;
            try (LockProvider.Lock held = locks.acquire("task-1", Duration.ofSeconds(1))) { // another sync's lock
                r = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();
            }

            assertThat(r.success()).isFalse();
            assertThat(r.error()).hasValueSatisfying(e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT);
                assertThat(e.retryable()).isTrue();
            });
            assertThat(records.find("task-1").orElseThrow().status()).isNotEqualTo(SyncStatus.ERROR);
        }
    }
}
