package dev.zen.integration.testkit.junit;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.RecordingSyncListener;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import java.time.Clock;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZenTestEnvironmentTest {
    static final Map<String, String> FIELDS = Map.of("title", "Export fails", "status", "To Do");

    @Test
    void anInMemoryTrackerIsTheOnlyProviderAndUsesTheProviderOptions() {
        try (ZenTestEnvironment env = ZenTestEnvironment.builder().inMemoryTracker("fake")
                .clockStart("2026-01-01T09:00:00Z")
                .configureProvider(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW)).build()) {
            String key = env.linkedPair("task-1", FIELDS);
            env.editTask("task-1", "status", "Done");
            env.editItem(key, "status", "Blocked");

            SyncReport report = env.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(env.integration().status().providers()).extracting(p -> p.provider()).containsExactly("fake");
            assertThat(report).resultFor("task-1").hasOutcome(TaskSyncResult.Outcome.CONFLICT)
                    .hasConflictsOnlyOn("status");
            assertThat(env.events().events(SyncEvent.Type.CONFLICT_DETECTED)).hasSize(1);
        }
    }

    @Test
    void givenStoresAndIntegrationCustomizersAreUsed() {
        TaskStore tasks = InMemory.taskStore(Clock.systemUTC());
        SyncRecordStore records = InMemory.recordStore();
        RecordingSyncListener extra = InMemory.recordingListener();
        try (ZenTestEnvironment env = ZenTestEnvironment.builder().inMemoryTracker("fake")
                .taskStore(tasks).recordStore(records).configureIntegration(b -> b.listener(extra)).build()) {
            env.linkedPair("task-1", FIELDS);

            assertThat(env.integration().taskStore()).isSameAs(tasks);
            assertThat(env.integration().recordStore()).isSameAs(records);
            assertThat(records.find("task-1")).isPresent();
            assertThat(extra.events()).isNotEmpty();
        }
    }

    @Test
    void aRestartKeepsTheStoresAndTheTrackerAndAppliesTheNewProviderConfiguration() {
        try (ZenTestEnvironment env = ZenTestEnvironment.builder().inMemoryTracker("fake")
                .clockStart("2026-01-01T09:00:00Z")
                .configureProvider(p -> p.syncDirection(SyncDirection.PULL)).build()) {
            String key = env.linkedPair("task-1", FIELDS);
            env.editTask("task-1", "title", "pushed later");
            env.sync("task-1", SyncDirection.BIDIRECTIONAL);
            assertThat(env.itemField(key, "title")).isEqualTo("Export fails");
            ZenIntegration before = env.integration();

            ZenIntegration after = env.restart(p -> p.syncDirection(SyncDirection.BIDIRECTIONAL));
            env.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(after).isNotSameAs(before).isSameAs(env.integration());
            assertThat(env.itemField(key, "title")).isEqualTo("pushed later");
        }
    }

    @Test
    void theTrackerIsOnlyThereWhenConfigured() {
        try (ZenTestEnvironment env = ZenTestEnvironment.builder().build()) {
            assertThatThrownBy(env::tracker).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inMemoryTracker");
        }
    }

    @Test
    void badBuilderOptionsAreRejectedAtOnce() {
        assertThatThrownBy(() -> ZenIntegrationExtension.builder().jiraTimeZone("Mars/Olympus"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> ZenIntegrationExtension.builder().clockStart("yesterday"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601");
    }

    @Test
    void theAccessorsOfTheAnnotationsExtensionSayToUseTheBuilder() {
        assertThatThrownBy(() -> new ZenIntegrationExtension().jira()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("builder()");
    }

    @Test
    void withoutAClockStartTheClockIsAConfigurationError() {
        try (ZenTestEnvironment env = ZenTestEnvironment.builder().build()) {
            assertThatThrownBy(env::clock).hasMessageContaining("clockStart");
        }
    }
}
