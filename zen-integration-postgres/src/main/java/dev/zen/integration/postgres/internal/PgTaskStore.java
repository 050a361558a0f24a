package dev.zen.integration.postgres.internal;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import dev.zen.integration.spi.TaskComments;
import dev.zen.integration.spi.TaskStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Tasks in {@code zen_task}, for hosts that keep their tasks in the database: the task as a jsonb document, the
 * version checked in the UPDATE's WHERE. Thread-safe (a pooled connection per call).
 */
public final class PgTaskStore implements TaskStore {
    private final DataSource ds;
    private final Clock clock;
    private final PgTaskComments comments;

    /** A store on {@code ds}, whose schema is migrated; {@code created}/{@code updated} come from {@code clock}. */
    public PgTaskStore(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
        this.comments = new PgTaskComments(ds, clock);
    }

    /** The tasks' comments, in {@code zen_task_comment}. */
    @Override
    public Optional<TaskComments> comments() {
        return Optional.of(comments);
    }

    @Override
    public Optional<ZenTask> find(String taskId) {
        return Sql.withConnection(ds, "read task " + taskId, c -> find(c, taskId));
    }

    @Override
    public List<ZenTask> list() {
        return Sql.withConnection(ds, "list the tasks", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT task FROM zen_task ORDER BY id COLLATE \"C\"");
                 ResultSet rs = ps.executeQuery()) {
                List<ZenTask> all = new ArrayList<>();
                while (rs.next()) all.add(Json.read(rs.getString(1), ZenTask.class));
                return all;
            }
        });
    }

    @Override
    public ZenTask create(ZenTask task) {
        Instant now = clock.instant();
        ZenTask stored = task.toBuilder().created(now).updated(now).version(1).build();
        return Sql.withConnection(ds, "create task " + task.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO zen_task (id, version, created_at, updated_at, task) VALUES (?, ?, ?, ?, ?::jsonb)")) {
                Sql.set(ps, stored.id(), 1L, Sql.ts(now), Sql.ts(now), Json.write(stored));
                ps.executeUpdate();
                return stored;
            } catch (SQLException e) {
                if (!Sql.UNIQUE_VIOLATION.equals(e.getSQLState())) throw e;
                throw IntegrationException.builder(ErrorCode.SYNC_CONFLICT, "task " + task.id()
                        + " already exists; choose another id or update the existing task").taskId(task.id()).build();
            }
        });
    }

    @Override
    public ZenTask update(ZenTask task) {
        Instant now = clock.instant();
        return Sql.withConnection(ds, "update task " + task.id(), c -> {
            Optional<ZenTask> current = find(c, task.id());
            if (current.isEmpty()) {
                throw IntegrationException.builder(ErrorCode.NOT_FOUND, "task " + task.id()
                        + " does not exist; create it first").taskId(task.id()).build();
            }
            ZenTask stored = task.toBuilder().created(current.get().created()).updated(now)
                    .version(task.version() + 1).build();
            try (PreparedStatement ps = c.prepareStatement("UPDATE zen_task SET version = ?, updated_at = ?, "
                    + "task = ?::jsonb WHERE id = ? AND version = ?")) {
                Sql.set(ps, stored.version(), Sql.ts(now), Json.write(stored), task.id(), task.version());
                if (ps.executeUpdate() == 1) return stored;
            }
            long stale = find(c, task.id()).map(ZenTask::version).orElse(-1L);
            throw IntegrationException.builder(ErrorCode.SYNC_CONFLICT, "task " + task.id()
                    + " was changed concurrently (stored version " + stale + ", written version " + task.version()
                    + "); re-read it and apply the change again").taskId(task.id()).build();
        });
    }

    /** Above the library's file store, so a registered PostgreSQL store wins. */
    @Override
    public int priority() {
        return 10;
    }

    private static Optional<ZenTask> find(Connection c, String taskId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT task FROM zen_task WHERE id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.read(rs.getString(1), ZenTask.class)) : Optional.empty();
            }
        }
    }
}
