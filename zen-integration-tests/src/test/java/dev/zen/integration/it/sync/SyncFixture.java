package dev.zen.integration.it.sync;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import dev.zen.integration.testkit.inmemory.RecordingSyncListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A service over in-memory stores and an in-memory tracker named "fake", on a clock that moves only when told. */
final class SyncFixture implements AutoCloseable {
    final TestClock clock = TestClock.at("2026-01-01T09:00:00Z");
    final InMemoryTracker tracker;
    final TaskStore tasks;
    final SyncRecordStore records;
    final RecordingSyncListener events = InMemory.recordingListener();
    final ZenIntegration zen;

    SyncFixture() {
        this(p -> p);
    }

    SyncFixture(UnaryOperator<ProviderConfig.Builder> provider) {
        this(provider, null, null, null);
    }

    SyncFixture(UnaryOperator<ProviderConfig.Builder> provider, InMemoryTracker tracker, TaskStore tasks,
                SyncRecordStore records) {
        this.tracker = tracker != null ? tracker : InMemory.tracker("fake", clock);
        this.tasks = tasks != null ? tasks : new InMemoryTaskStore(clock);
        this.records = records != null ? records : new InMemorySyncRecordStore();
        this.zen = ZenIntegration.builder()
                .taskStore(this.tasks)
                .recordStore(this.records)
                .lockProvider(InMemory.lockProvider())
                .listener(events)
                .clock(clock)
                .parallelism(4)
                .discoverServices(false)
                .providerCalls(ProviderCalls.direct()) // no rate limiter or backoff: see ResilientOfflineTest
                .provider(provider.apply(ProviderConfig.builder("fake")).build(), this.tracker)
                .build();
    }

    /** A task and an item with the same fields, linked and synced once so both agree on a base. */
    String linkedPair(String taskId, Map<String, String> fields) {
        ZenTask t = ZenTasks.withFields(ZenTask.builder(taskId, fields.getOrDefault("title", "untitled")).build(),
                fields);
        tasks.create(t);
        Map<String, Object> remote = new LinkedHashMap<>();
        fields.forEach((k, v) -> remote.put(k, k.equals("labels") ? ZenTasks.parseLabels(v) : v));
        String key = tracker.seed(remote);
        zen.link(taskId, "fake", key);
        zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL);
        tracker.resetCalls();
        events.clear();
        return key;
    }

    void localEdit(String taskId, String field, String value) {
        clock.advance(Duration.ofSeconds(1));
        ZenTask t = tasks.find(taskId).orElseThrow();
        Map<String, String> change = new LinkedHashMap<>();
        change.put(field, value);
        tasks.update(ZenTasks.withFields(t, change));
    }

    void remoteEdit(String key, String field, String value) {
        clock.advance(Duration.ofSeconds(1));
        tracker.edit(key, field, field.equals("labels") && value != null ? ZenTasks.parseLabels(value) : value);
    }

    String local(String taskId, String field) {
        return ZenTasks.canonicalFields(tasks.find(taskId).orElseThrow()).get(field);
    }

    String remote(String key, String field) {
        Object v = tracker.field(key, field).orElse(null);
        if (v instanceof List<?> l) return l.isEmpty() ? null : ZenTasks.canonicalLabels(l.stream().map(String::valueOf).toList());
        return v == null ? null : String.valueOf(v);
    }

    TaskSyncRecord record(String taskId) {
        return records.find(taskId).orElseThrow();
    }

    SyncReport sync(String taskId, SyncDirection direction) {
        clock.advance(Duration.ofSeconds(1));
        return zen.sync(SyncRequest.of(List.of(taskId), direction));
    }

    @Override
    public void close() {
        zen.close();
    }
}
