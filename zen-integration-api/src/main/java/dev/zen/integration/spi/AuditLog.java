package dev.zen.integration.spi;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import java.util.List;

/**
 * Where the engine appends every change it makes (the audit trail). The default writes JSON lines into the
 * workspace ({@code JsonLinesAuditLog}); a host keeps them elsewhere (a database table, a log pipeline) by giving
 * the builder its own, or registering one in {@code META-INF/services/dev.zen.integration.spi.AuditLog} (the highest
 * {@link #priority()} wins).
 *
 * <p>Entries arrive already sanitised (no secrets, long values truncated and hashed). Thread-safe: called from
 * sync threads concurrently. An exception thrown by {@link #append} is logged and never fails the sync, so an
 * implementation should be durable on return.
 */
public interface AuditLog extends AutoCloseable {

    /** Appends one entry durably. */
    void append(AuditEntry entry);

    /** The entries matching the query, oldest first (the newest {@code limit} of them). */
    List<AuditEntry> query(AuditQuery query);

    /** Among several found by ServiceLoader, the highest wins. Default 0. */
    default int priority() {
        return 0;
    }

    /** Releases files or connections. Default: nothing to release. */
    @Override
    default void close() {}
}
