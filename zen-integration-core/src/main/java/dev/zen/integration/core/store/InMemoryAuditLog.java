package dev.zen.integration.core.store;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.spi.AuditLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An audit trail in memory, keeping the newest {@code capacity} entries: for tests, and the default when the host
 * gives its own stores and no workspace (so nothing is written into the working directory). Thread-safe.
 */
public final class InMemoryAuditLog implements AuditLog {
    private final int capacity;
    private final Deque<AuditEntry> entries = new ArrayDeque<>();

    /** Keeps {@link AuditQuery#MAX_LIMIT} entries. */
    public InMemoryAuditLog() {
        this(AuditQuery.MAX_LIMIT);
    }

    /** Keeps the newest {@code capacity} entries (at least 1). */
    public InMemoryAuditLog(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        this.capacity = capacity;
    }

    @Override
    public synchronized void append(AuditEntry entry) {
        entries.addLast(entry);
        if (entries.size() > capacity) entries.removeFirst();
    }

    @Override
    public synchronized List<AuditEntry> query(AuditQuery query) {
        Deque<AuditEntry> newest = new ArrayDeque<>();
        for (AuditEntry e : entries) {
            if (!query.matches(e)) continue;
            newest.addLast(e);
            if (newest.size() > query.limit()) newest.removeFirst();
        }
        return new ArrayList<>(newest);
    }
}
