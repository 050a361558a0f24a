package dev.zen.integration.testkit.inmemory;

import dev.zen.integration.core.store.InMemoryLockProvider;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import java.time.Clock;

/**
 * In-memory implementations of every SPI, in one place, for tests that need no files:
 *
 * <pre>{@code
 * ZenIntegration zen = ZenIntegration.builder()
 *         .taskStore(InMemory.taskStore(clock))
 *         .recordStore(InMemory.recordStore())
 *         .lockProvider(InMemory.lockProvider())
 *         .listener(events)                        // a RecordingSyncListener
 *         .provider(ProviderConfig.builder("fake").build(), InMemory.tracker("fake", clock))
 *         .build();
 * }</pre>
 *
 * The stores are the core's public in-memory stores, with the same optimistic versions and unique indexes as the
 * file stores.
 */
public final class InMemory {
    private InMemory() {}

    /** An empty task store whose times come from {@code clock}. */
    public static InMemoryTaskStore taskStore(Clock clock) {
        return new InMemoryTaskStore(clock);
    }

    /** An empty sync-record store. */
    public static InMemorySyncRecordStore recordStore() {
        return new InMemorySyncRecordStore();
    }

    /** Per-task locks within this JVM. */
    public static InMemoryLockProvider lockProvider() {
        return new InMemoryLockProvider();
    }

    /** A listener that records every event. */
    public static RecordingSyncListener recordingListener() {
        return new RecordingSyncListener();
    }

    /** An in-memory tracker plugin named {@code name}. */
    public static InMemoryTracker tracker(String name, Clock clock) {
        return InMemoryTracker.create(name, clock);
    }
}
