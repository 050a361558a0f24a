package dev.zen.integration.spi;

/**
 * Receives {@link SyncEvent}s, for logging, metrics or UI progress. Register in
 * {@code META-INF/services/dev.zen.integration.spi.SyncListener} (all found are used) or pass to the builder.
 *
 * <p>Called synchronously from sync threads, possibly concurrently: keep it fast and thread-safe. An exception
 * thrown by a listener is logged and never fails the sync.
 */
@FunctionalInterface
public interface SyncListener {

    /** Called for each event. */
    void onEvent(SyncEvent event);
}
