package dev.zen.integration.postgres.internal;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenComment;
import dev.zen.integration.spi.TaskComments;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The comments of {@link PgTaskStore}'s tasks, in {@code zen_task_comment} (migration V4); ids {@code c<seq>} from
 * a per-task counter row, so an id is never reused. Each method is one statement or one transaction. Thread-safe.
 */
final class PgTaskComments implements TaskComments {
    private static final String COLUMNS = "seq, author, body, source, created_at, updated_at";

    private final DataSource ds;
    private final Clock clock;

    PgTaskComments(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    @Override
    public List<ZenComment> list(String taskId) {
        return Sql.withConnection(ds, "list the comments of task " + taskId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM zen_task_comment WHERE task_id = ? ORDER BY seq")) {
                ps.setString(1, taskId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<ZenComment> all = new ArrayList<>();
                    while (rs.next()) all.add(comment(rs));
                    return all;
                }
            }
        });
    }

    @Override
    public ZenComment add(String taskId, String author, String body, String source) {
        require(taskId, "taskId");
        require(author, "author");
        if (body == null) throw invalid("add comment: body must not be null; use \"\" for an empty comment");
        if (source != null && source.isBlank()) throw invalid("add comment: source must be null or not blank");
        Instant now = now();
        return Sql.withConnection(ds, "add a comment to task " + taskId, c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH s AS (INSERT INTO zen_task_comment_next (task_id, next)"
                    + " VALUES (?, 2) ON CONFLICT (task_id) DO UPDATE SET next = zen_task_comment_next.next + 1"
                    + " RETURNING next - 1 AS seq) INSERT INTO zen_task_comment (task_id, seq, author, body, source,"
                    + " created_at, updated_at) SELECT ?, s.seq, ?, ?, ?, ?, ? FROM s RETURNING " + COLUMNS)) {
                Sql.set(ps, taskId, taskId, author, body, source, Sql.ts(now), Sql.ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return comment(rs);
                }
            }
        });
    }

    @Override
    public ZenComment update(String taskId, String commentId, String body) {
        if (body == null) throw invalid("update comment: body must not be null; use \"\" for an empty comment");
        long seq = seq(commentId);
        return Sql.withConnection(ds, "update comment " + commentId + " of task " + taskId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE zen_task_comment SET body = ?, updated_at = ?"
                    + " WHERE task_id = ? AND seq = ? RETURNING " + COLUMNS)) {
                Sql.set(ps, body, Sql.ts(now()), taskId, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return comment(rs);
                }
            }
            throw IntegrationException.builder(ErrorCode.NOT_FOUND, "task " + taskId + " has no comment " + commentId
                    + "; list the task's comments for their ids").taskId(taskId).build();
        });
    }

    @Override
    public boolean delete(String taskId, String commentId) {
        long seq = seq(commentId);
        return Sql.withConnection(ds, "delete comment " + commentId + " of task " + taskId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM zen_task_comment WHERE task_id = ? AND seq = ?")) {
                Sql.set(ps, taskId, seq);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** PostgreSQL keeps microseconds: the returned comment then equals the stored one. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The seq of an id {@code c<seq>}; -1 (matching nothing) for any other id. */
    private static long seq(String commentId) {
        if (commentId == null || !commentId.matches("c[0-9]{1,18}")) return -1;
        return Long.parseLong(commentId.substring(1));
    }

    private static ZenComment comment(ResultSet rs) throws SQLException {
        return new ZenComment("c" + rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6).toInstant(), rs.getString(4));
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) throw invalid("add comment: " + name + " must not be blank");
    }

    private static IntegrationException invalid(String message) {
        return IntegrationException.of(ErrorCode.INVALID_DATA, message);
    }
}
