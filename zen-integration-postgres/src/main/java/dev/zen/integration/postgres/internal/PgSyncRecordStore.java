package dev.zen.integration.postgres.internal;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ScopeState;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.spi.OutboxClaims;
import dev.zen.integration.spi.ScopeStateStore;
import dev.zen.integration.spi.SyncRecordStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Sync records in {@code zen_sync_record}: the record as a jsonb document, the two unique keys enforced by the
 * primary key and {@code zen_sync_record_external_key}, and the optimistic version checked in the UPDATE's WHERE,
 * so concurrent instances can never both win. Queued changes are claimed for delivery with {@code FOR UPDATE SKIP
 * LOCKED} ({@link OutboxClaims}), so instances flushing at once split the outbox. Thread-safe (a pooled connection
 * per call).
 */
public final class PgSyncRecordStore implements SyncRecordStore, OutboxClaims, ScopeStateStore {
    private static final String COLUMNS = "task_id, external_system, external_id, sync_direction, status, version, "
            + "created_at, updated_at, last_sync_time, pending_count, conflict_count, record";
    private final DataSource ds;

    /** A store on {@code ds}, whose schema is migrated. */
    public PgSyncRecordStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public Optional<TaskSyncRecord> find(String taskId) {
        return Sql.withConnection(ds, "read the sync record of task " + taskId, c ->
                one(c, "SELECT version, record FROM zen_sync_record WHERE task_id = ?", taskId));
    }

    @Override
    public Optional<TaskSyncRecord> findByExternal(String externalSystem, String externalId) {
        return Sql.withConnection(ds, "read the sync record of " + externalSystem + " " + externalId, c -> one(c,
                "SELECT version, record FROM zen_sync_record WHERE external_system = ? AND external_id = ?",
                externalSystem, externalId));
    }

    @Override
    public List<TaskSyncRecord> list() {
        return Sql.withConnection(ds, "list the sync records", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT version, record FROM zen_sync_record ORDER BY task_id COLLATE \"C\"");
                 ResultSet rs = ps.executeQuery()) {
                List<TaskSyncRecord> all = new ArrayList<>();
                while (rs.next()) all.add(decode(rs));
                return all;
            }
        });
    }

    @Override
    public TaskSyncRecord insert(TaskSyncRecord record) {
        TaskSyncRecord stored = record.toBuilder().version(1).build();
        return Sql.withConnection(ds, "insert the sync record of task " + record.taskId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO zen_sync_record (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
                bind(ps, stored);
                ps.executeUpdate();
                return stored;
            } catch (SQLException e) {
                throw uniqueViolation(e, record, "is already linked; unlink it first");
            }
        });
    }

    @Override
    public TaskSyncRecord update(TaskSyncRecord record) {
        TaskSyncRecord stored = record.toBuilder().version(record.version() + 1).build();
        return Sql.withConnection(ds, "update the sync record of task " + record.taskId(), c -> {
            int rows;
            try (PreparedStatement ps = c.prepareStatement("UPDATE zen_sync_record SET (" + COLUMNS
                    + ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) WHERE task_id = ? AND version = ?")) {
                bind(ps, stored);
                ps.setString(13, record.taskId());
                ps.setLong(14, record.version());
                rows = ps.executeUpdate();
            } catch (SQLException e) {
                throw uniqueViolation(e, record, "is already linked to another task");
            }
            if (rows == 1) return stored;
            Optional<TaskSyncRecord> current = one(c, "SELECT version, record FROM zen_sync_record WHERE task_id = ?",
                    record.taskId());
            if (current.isEmpty()) {
                throw IntegrationException.builder(ErrorCode.NOT_FOUND, "no sync record for task " + record.taskId()
                        + "; link the task first").taskId(record.taskId()).build();
            }
            throw conflict("the sync record of task " + record.taskId() + " was changed concurrently (stored version "
                    + current.get().version() + ", written version " + record.version() + "); re-read it and retry",
                    record);
        });
    }

    @Override
    public boolean delete(String taskId) {
        return Sql.withConnection(ds, "delete the sync record of task " + taskId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM zen_sync_record WHERE task_id = ?")) {
                ps.setString(1, taskId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<String> claimPending(String claimant, int limit, Duration lease) {
        return Sql.withConnection(ds, "claim queued changes", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE zen_sync_record SET outbox_claimed_by = ?, "
                    + "outbox_claimed_until = clock_timestamp() + make_interval(secs => ?) WHERE task_id IN ("
                    + "SELECT task_id FROM zen_sync_record WHERE pending_count > 0 AND (outbox_claimed_until IS NULL "
                    + "OR outbox_claimed_until < clock_timestamp()) ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                    + "RETURNING task_id, updated_at")) {
                Sql.set(ps, claimant, lease.toMillis() / 1000.0, limit);
                List<Claimed> claimed = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) claimed.add(new Claimed(rs.getString(1), rs.getTimestamp(2)));
                }
                claimed.sort(Comparator.comparing(Claimed::since)); // RETURNING keeps no order
                return claimed.stream().map(Claimed::taskId).toList();
            }
        });
    }

    @Override
    public void releaseClaims(String claimant, Collection<String> taskIds) {
        Sql.withConnection(ds, "release claims on queued changes", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE zen_sync_record SET outbox_claimed_by = NULL, "
                    + "outbox_claimed_until = NULL WHERE outbox_claimed_by = ? AND task_id = ANY (?)")) {
                ps.setString(1, claimant);
                ps.setArray(2, c.createArrayOf("text", taskIds.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ScopeState> findScopeState(String provider) {
        return Sql.withConnection(ds, "read the scope state of provider " + provider, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM zen_scope_state WHERE provider = ?")) {
                ps.setString(1, provider);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Json.read(rs.getString(1), ScopeState.class)) : Optional.empty();
                }
            }
        });
    }

    /** One upsert statement: atomic, and the last of concurrent writers wins whole. */
    @Override
    public void saveScopeState(ScopeState state) {
        Sql.withConnection(ds, "store the scope state of provider " + state.provider(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO zen_scope_state (provider, bulk_complete, "
                    + "watermark, updated_at, state) VALUES (?, ?, ?, clock_timestamp(), ?::jsonb) ON CONFLICT "
                    + "(provider) DO UPDATE SET bulk_complete = EXCLUDED.bulk_complete, watermark = "
                    + "EXCLUDED.watermark, updated_at = EXCLUDED.updated_at, state = EXCLUDED.state")) {
                ps.setString(1, state.provider());
                ps.setBoolean(2, state.bulkComplete());
                ps.setTimestamp(3, state.watermark() == null ? null : Sql.ts(state.watermark()));
                ps.setString(4, Json.write(state));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean deleteScopeState(String provider) {
        return Sql.withConnection(ds, "delete the scope state of provider " + provider, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM zen_scope_state WHERE provider = ?")) {
                ps.setString(1, provider);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Above the library's file store, so a registered PostgreSQL store wins. */
    @Override
    public int priority() {
        return 10;
    }

    private record Claimed(String taskId, Timestamp since) {}

    private static void bind(PreparedStatement ps, TaskSyncRecord r) throws SQLException {
        Sql.set(ps, r.taskId(), r.externalSystem(), r.externalId(), r.direction().name().toLowerCase(),
                r.status().name().toLowerCase(), r.version(), Sql.ts(r.created()), Sql.ts(r.updated()),
                r.lastSyncTime() == null ? null : Sql.ts(r.lastSyncTime()), r.pendingChanges().size(),
                r.conflicts().size(), Json.write(r));
    }

    static Optional<TaskSyncRecord> one(Connection c, String sql, String... keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.set(ps, (Object[]) keys);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(decode(rs)) : Optional.empty();
            }
        }
    }

    private static TaskSyncRecord decode(ResultSet rs) throws SQLException {
        return Json.read(rs.getString("record"), TaskSyncRecord.class).toBuilder().version(rs.getLong("version"))
                .build();
    }

    private static IntegrationException uniqueViolation(SQLException e, TaskSyncRecord record, String what) {
        if (!Sql.UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return Sql.storageError("write the sync record of task " + record.taskId(), e);
        }
        boolean byItem = String.valueOf(e.getMessage()).contains("zen_sync_record_external_key");
        String subject = byItem ? record.externalSystem() + " " + record.externalId() : "task " + record.taskId();
        return conflict(subject + " " + what, record);
    }

    private static IntegrationException conflict(String message, TaskSyncRecord record) {
        return IntegrationException.builder(ErrorCode.SYNC_CONFLICT, message).taskId(record.taskId())
                .provider(record.externalSystem()).build();
    }
}
