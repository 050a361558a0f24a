package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.spi.OperationsListener;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.SyncListener;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link SyncEvent}s to the listeners and logs each through SLF4J, and plugin-level observations to the
 * listeners that are {@link OperationsListener}s; a failing listener never fails a sync. A task's TASK_SYNCED or
 * ERROR event carries {@code duration_ms} when it ends a task timed with {@link #timed}.
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger("dev.zen.integration.sync");

    private final List<SyncListener> listeners;
    private final List<OperationsListener> operations;
    private final Clock clock;
    private final ThreadLocal<Long> taskStart = new ThreadLocal<>();

    Events(List<SyncListener> listeners, Clock clock) {
        this.listeners = List.copyOf(listeners);
        this.operations = listeners.stream().filter(OperationsListener.class::isInstance)
                .map(OperationsListener.class::cast).toList();
        this.clock = clock;
    }

    void emit(SyncEvent.Type type, String syncId, String taskId, String provider, String field, String message,
              Map<String, String> attributes) {
        Long started = taskStart.get();
        if (started != null && taskId != null && (type == SyncEvent.Type.TASK_SYNCED || type == SyncEvent.Type.ERROR)) {
            Map<String, String> timed = new HashMap<>(attributes);
            timed.put("duration_ms", String.valueOf(Duration.ofNanos(System.nanoTime() - started).toMillis()));
            attributes = timed;
        }
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

    /** Runs one task's sync, so the event that ends it carries its duration. */
    <T> T timed(Supplier<T> work) {
        taskStart.set(System.nanoTime());
        try {
            return work.get();
        } finally {
            taskStart.remove();
        }
    }

    void pluginCall(String provider, String operation, ErrorCode error, Duration duration, Duration waited,
                    boolean attempted) {
        observe(l -> l.onPluginCall(provider, operation, error, duration, waited, attempted));
    }

    void pluginOpened(String provider, String plugin, String version, ErrorCode error, Duration duration) {
        observe(l -> l.onPluginOpened(provider, plugin, version, error, duration));
    }

    void pluginDiscovery(int found, Duration duration) {
        observe(l -> l.onPluginDiscovery(found, duration));
    }

    private void observe(Consumer<OperationsListener> call) {
        for (OperationsListener l : operations) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("operations listener {} failed; the sync continues", l.getClass().getName(), e);
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
