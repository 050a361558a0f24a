package dev.zen.integration.core;

import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.SyncListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A SyncListener registered through META-INF/services; it records what it sees. */
public final class DiscoveredListener implements SyncListener {
    static final List<SyncEvent> SEEN = new CopyOnWriteArrayList<>();

    public DiscoveredListener() {}

    @Override
    public void onEvent(SyncEvent event) {
        SEEN.add(event);
    }
}
