package dev.zen.integration;

/** The state of one task's link to its external item. */
public enum SyncStatus {
    /** Syncing normally. */
    ACTIVE,
    /** Linked, but skipped by syncs until resumed. */
    PAUSED,
    /** The last sync failed; see {@link TaskSyncRecord#lastError()}. */
    ERROR,
    /** Conflicts wait for manual review; see {@link TaskSyncService#conflicts()}. */
    CONFLICT
}
