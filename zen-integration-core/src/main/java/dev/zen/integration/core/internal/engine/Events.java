package dev.zen.integration.core.internal.engine;

import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.SyncListener;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends {@link SyncEvent}s to the listeners and logs each through SLF4J; a failing listener never fails a sync. */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger("dev.zen.integration.sync");

    private final List<SyncListener> listeners;
    private final Clock clock;

    Events(List<SyncListener> listeners, Clock clock) {
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    void emit(SyncEvent.Type type, String syncId, String taskId, String provider, String field, String message,
              Map<String, String> attributes) {
        SyncEvent event = new SyncEvent(type, syncId, taskId, provider, field, message, clock.instant(), attributes);
        log(event);
        for (SyncListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("sync listener {} failed on {}; the sync continues", l.getClass().getName(), type, e);
            }
        }
    }

    private static void log(SyncEvent e) {
        switch (e.type()) {
            case SYNC_STARTED, SYNC_FINISHED -> LOG.info("[{}] {} {}", e.syncId(), e.message(), e.attributes());
            case CONFLICT_DETECTED, CHANGE_QUEUED -> LOG.info("[{}] task {} ({}){}: {}", e.syncId(),
                    e.taskId(), e.provider(), e.field() == null ? "" : " field " + e.field(), e.message());
            case ERROR -> LOG.warn("[{}] task {} ({}): {} {}", e.syncId(), e.taskId(), e.provider(), e.message(),
                    e.attributes());
            default -> LOG.debug("[{}] {} task {} ({}) {}: {}", e.syncId(), e.type(), e.taskId(), e.provider(),
                    e.field() == null ? "" : e.field(), e.message());
        }
    }
}
