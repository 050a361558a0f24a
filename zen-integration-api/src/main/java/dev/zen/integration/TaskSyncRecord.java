package dev.zen.integration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The durable link between one Zen task and one external item, with what the sync engine needs to remember:
 * the base snapshot both sides agreed on at the last successful sync (for three-way merges), pending conflicts
 * and local changes waiting to be pushed while the external system is down.
 *
 * <p>Stored by a {@link dev.zen.integration.spi.SyncRecordStore}; {@code version} is its optimistic-concurrency
 * counter. There is at most one record per task and per (external system, external id).
 *
 * @param taskId           the Zen task id
 * @param externalId       the external item's id or key, such as "SYNC-7"
 * @param externalSystem   the provider name, such as "jira"
 * @param lastSyncTime     when the last successful sync finished; null before the first
 * @param direction        the direction this link syncs in
 * @param fieldMappings    Zen field name to external field path, overriding the provider's mapping; may be empty
 * @param conflictStrategy the strategy for this link; null uses the configured one
 * @param metadata         free-form facts (for example the external URL); never secrets
 * @param created          when the link was made
 * @param updated          when the record last changed
 * @param version          the store's version counter
 * @param status           the link's state
 * @param errorCount       consecutive failed syncs
 * @param lastError        the last failure's message; null after a successful sync
 * @param baseSnapshot     field name to canonical value agreed at the last sync; an absent key means null
 * @param localHash        hash of the Zen side at the last sync, for the unchanged shortcut; null turns the
 *                         shortcut off
 * @param remoteHash       hash of the external side at the last sync; null turns the shortcut off
 * @param conflicts        conflicts waiting for review
 * @param pendingChanges   local changes waiting to be pushed, oldest first
 */
public record TaskSyncRecord(
        String taskId,
        String externalId,
        String externalSystem,
        @Nullable Instant lastSyncTime,
        SyncDirection direction,
        Map<String, String> fieldMappings,
        @Nullable ConflictStrategy conflictStrategy,
        Map<String, String> metadata,
        Instant created,
        Instant updated,
        long version,
        SyncStatus status,
        int errorCount,
        @Nullable String lastError,
        Map<String, String> baseSnapshot,
        @Nullable String localHash,
        @Nullable String remoteHash,
        List<ConflictRecord> conflicts,
        List<PendingChange> pendingChanges) {

    /** Validates and copies the collections. */
    public TaskSyncRecord {
        Checks.requireText(taskId, "taskId");
        Checks.requireText(externalId, "externalId");
        Checks.requireText(externalSystem, "externalSystem");
        Objects.requireNonNull(direction, "direction");
        fieldMappings = Checks.copyMap(fieldMappings);
        metadata = Checks.copyMap(metadata);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Checks.requireNonNegative(version, "version");
        Objects.requireNonNull(status, "status");
        Checks.requireNonNegative(errorCount, "errorCount");
        baseSnapshot = Checks.copyMap(baseSnapshot);
        conflicts = Checks.copyList(conflicts);
        pendingChanges = Checks.copyList(pendingChanges);
        for (ConflictRecord c : conflicts) {
            if (!c.taskId().equals(taskId)) {
                throw new IllegalArgumentException("conflict " + c.id() + " belongs to task " + c.taskId());
            }
        }
    }

    /** A new, active link made at {@code now}, version 0, with an empty base snapshot. */
    public static TaskSyncRecord link(String taskId, String externalSystem, String externalId,
                                      SyncDirection direction, Instant now) {
        return new TaskSyncRecord(taskId, externalId, externalSystem, null, direction, Map.of(), null, Map.of(),
                now, now, 0, SyncStatus.ACTIVE, 0, null, Map.of(), null, null, List.of(), List.of());
    }

    /** A builder initialised with this record's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a changed copy of a {@link TaskSyncRecord}. Not thread-safe. */
    public static final class Builder {
        private String taskId;
        private String externalId;
        private String externalSystem;
        private @Nullable Instant lastSyncTime;
        private SyncDirection direction;
        private Map<String, String> fieldMappings;
        private @Nullable ConflictStrategy conflictStrategy;
        private Map<String, String> metadata;
        private Instant created;
        private Instant updated;
        private long version;
        private SyncStatus status;
        private int errorCount;
        private @Nullable String lastError;
        private Map<String, String> baseSnapshot;
        private @Nullable String localHash;
        private @Nullable String remoteHash;
        private List<ConflictRecord> conflicts;
        private List<PendingChange> pendingChanges;

        private Builder(TaskSyncRecord r) {
            taskId = r.taskId; externalId = r.externalId; externalSystem = r.externalSystem;
            lastSyncTime = r.lastSyncTime; direction = r.direction; fieldMappings = r.fieldMappings;
            conflictStrategy = r.conflictStrategy; metadata = new LinkedHashMap<>(r.metadata); created = r.created;
            updated = r.updated; version = r.version; status = r.status; errorCount = r.errorCount;
            lastError = r.lastError; baseSnapshot = r.baseSnapshot; localHash = r.localHash;
            remoteHash = r.remoteHash; conflicts = new ArrayList<>(r.conflicts);
            pendingChanges = new ArrayList<>(r.pendingChanges);
        }

        /** Sets the external id. */
        public Builder externalId(String v) { externalId = v; return this; }
        /** Sets the last successful sync time. */
        public Builder lastSyncTime(@Nullable Instant v) { lastSyncTime = v; return this; }
        /** Sets the direction. */
        public Builder direction(SyncDirection v) { direction = v; return this; }
        /** Sets the per-link field mappings. */
        public Builder fieldMappings(Map<String, String> v) { fieldMappings = v; return this; }
        /** Sets the per-link conflict strategy (null: the configured one). */
        public Builder conflictStrategy(@Nullable ConflictStrategy v) { conflictStrategy = v; return this; }
        /** Replaces the metadata. */
        public Builder metadata(Map<String, String> v) { metadata = new LinkedHashMap<>(v); return this; }
        /** Sets one metadata entry; null removes it. */
        public Builder metadata(String key, @Nullable String value) {
            if (value == null) metadata.remove(key); else metadata.put(key, value);
            return this;
        }
        /** Sets the last-change time. */
        public Builder updated(Instant v) { updated = v; return this; }
        /** Sets the version. */
        public Builder version(long v) { version = v; return this; }
        /** Sets the status. */
        public Builder status(SyncStatus v) { status = v; return this; }
        /** Sets the consecutive error count. */
        public Builder errorCount(int v) { errorCount = v; return this; }
        /** Sets the last error message. */
        public Builder lastError(@Nullable String v) { lastError = v; return this; }
        /** Sets the base snapshot. */
        public Builder baseSnapshot(Map<String, String> v) { baseSnapshot = v; return this; }
        /** Sets the local hash. */
        public Builder localHash(@Nullable String v) { localHash = v; return this; }
        /** Sets the remote hash. */
        public Builder remoteHash(@Nullable String v) { remoteHash = v; return this; }
        /** Replaces the pending conflicts. */
        public Builder conflicts(List<ConflictRecord> v) { conflicts = new ArrayList<>(v); return this; }
        /** Replaces the pending changes. */
        public Builder pendingChanges(List<PendingChange> v) { pendingChanges = new ArrayList<>(v); return this; }

        /** Builds the record, validating every field. */
        public TaskSyncRecord build() {
            return new TaskSyncRecord(taskId, externalId, externalSystem, lastSyncTime, direction, fieldMappings,
                    conflictStrategy, metadata, created, updated, version, status, errorCount, lastError,
                    baseSnapshot, localHash, remoteHash, conflicts, pendingChanges);
        }
    }
}
