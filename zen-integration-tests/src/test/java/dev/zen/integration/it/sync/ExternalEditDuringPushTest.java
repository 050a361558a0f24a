package dev.zen.integration.it.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.store.InMemoryLockProvider;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Someone edits the external item while a sync pushes to it: the edit lands between the sync's read and its
 * update's re-read. Found by the PostgreSQL module's replica test, where it lost Jira edits for good.
 */
class ExternalEditDuringPushTest {
    final InMemoryTracker tracker = InMemoryTracker.create("fake");
    final RacingTracker racing = new RacingTracker(tracker);
    final ZenIntegration zen = ZenIntegration.builder()
            .discoverServices(false)
            .taskStore(new InMemoryTaskStore())
            .recordStore(new InMemorySyncRecordStore())
            .lockProvider(new InMemoryLockProvider())
            .providerCalls(ProviderCalls.direct())
            .provider(ProviderConfig.builder("fake").build(), racing)
            .build();

    @AfterEach
    void close() {
        zen.close();
    }

    @Test
    void givenAnExternalEditDuringAPushWhenSyncedAgainThenTheEditIsPulledNotSkipped() {
        zen.taskStore().create(ZenTask.builder("task-1", "Base").status("To Do").build());
        String key = tracker.seed(Map.of("title", "Base", "status", "To Do"));
        zen.link("task-1", "fake", key);
        zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
        zen.taskStore().edit("task-1", t -> t.title("Zen title"));
        racing.beforeNextUpdate = () -> tracker.edit(key, "status", "In Progress"); // a user, at the same moment

        TaskSyncResult pushed = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();
        TaskSyncResult next = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();

        assertThat(pushed.outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
        assertThat(tracker.field(key, "title")).contains("Zen title");
        assertThat(next.outcome()).isEqualTo(TaskSyncResult.Outcome.UPDATED);
        assertThat(zen.taskStore().find("task-1").orElseThrow().status()).isEqualTo("In Progress");
        TaskSyncResult settled = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();
        assertThat(settled.outcome()).isEqualTo(TaskSyncResult.Outcome.UNCHANGED);
    }

    /** The tracker, with an action run just before the next update reaches it. */
    static final class RacingTracker implements Plugin {
        final InMemoryTracker tracker;
        volatile Runnable beforeNextUpdate;

        RacingTracker(InMemoryTracker tracker) {
            this.tracker = tracker;
        }

        @Override
        public PluginDescriptor descriptor() {
            return tracker.descriptor();
        }

        @Override
        public boolean supports(PluginOperation operation) {
            return tracker.supports(operation);
        }

        @Override
        public String call(PluginOperation operation, String inputJson) {
            Runnable race = beforeNextUpdate;
            if (operation == PluginOperation.UPDATE_TASK && race != null) {
                beforeNextUpdate = null;
                race.run();
            }
            return tracker.call(operation, inputJson);
        }

        @Override
        public void close() {
            tracker.close();
        }
    }
}
