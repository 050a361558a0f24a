package dev.zen.integration;

/** What to do when both sides changed the same field to different values since the last sync. */
public enum ConflictStrategy {
    /** The Zen value wins and is pushed. */
    LOCAL_WINS,
    /** The external value wins and is pulled. */
    REMOTE_WINS,
    /** Nothing is overwritten; a {@link ConflictRecord} waits for {@link TaskSyncService#resolve}. */
    MANUAL_REVIEW,
    /** The most recent change wins, using per-field change times where the external system reports them. */
    TIMESTAMP
}
