package dev.zen.integration.postgres.internal;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.spi.AuditLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * The audit trail in {@code zen_audit}, shared by every instance on the database: one INSERT per entry (committed
 * before {@link #append} returns), queries filtered by task, provider and time on indexed columns. Entries arrive
 * already truncated and with secrets hashed (the engine does that before any log sees them). Thread-safe.
 */
public final class PgAuditLog implements AuditLog {
    private final DataSource ds;

    /** A log on {@code ds}, whose schema is migrated. */
    public PgAuditLog(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void append(AuditEntry entry) {
        Sql.withConnection(ds, "append an audit entry", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO zen_audit (at, task_id, provider, entry) VALUES (?, ?, ?, ?::jsonb)")) {
                Sql.set(ps, Sql.ts(entry.timestamp()), entry.taskId(), entry.provider(), Json.write(entry));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<AuditEntry> query(AuditQuery q) {
        return Sql.withConnection(ds, "query the audit trail", c -> {
            // newest first to apply the limit, then reversed: the SPI returns the newest `limit`, oldest first
            try (PreparedStatement ps = c.prepareStatement("SELECT entry FROM zen_audit"
                    + " WHERE (?::text IS NULL OR task_id = ?) AND (?::text IS NULL OR provider = ?)"
                    + " AND (?::timestamptz IS NULL OR at >= ?) AND (?::timestamptz IS NULL OR at < ?)"
                    + " ORDER BY at DESC, seq DESC LIMIT ?")) {
                Object since = q.since() == null ? null : Sql.ts(q.since());
                Object until = q.until() == null ? null : Sql.ts(q.until());
                Sql.set(ps, q.taskId(), q.taskId(), q.provider(), q.provider(), since, since, until, until, q.limit());
                List<AuditEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(Json.read(rs.getString(1), AuditEntry.class));
                }
                Collections.reverse(out);
                return out;
            }
        });
    }
}
