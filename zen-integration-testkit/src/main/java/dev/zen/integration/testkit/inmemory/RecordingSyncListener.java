package dev.zen.integration.testkit.inmemory;

import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.SyncListener;
import java.util.ArrayList;
import java.util.List;

/** A {@link SyncListener} that keeps every event, for assertions. Thread-safe. */
public final class RecordingSyncListener implements SyncListener {
    private final List<SyncEvent> events = new ArrayList<>();

    /** An empty recording. */
    public RecordingSyncListener() {}

    @Override
    public synchronized void onEvent(SyncEvent event) {
        events.add(event);
    }

    /** Every event so far, oldest first. */
    public synchronized List<SyncEvent> events() {
        return List.copyOf(events);
    }

    /** The events of one type, oldest first. */
    public synchronized List<SyncEvent> events(SyncEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** Forgets every event. */
    public synchronized void clear() {
        events.clear();
    }
}
