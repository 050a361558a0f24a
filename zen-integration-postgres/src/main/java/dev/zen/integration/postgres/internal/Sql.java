package dev.zen.integration.postgres.internal;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/** JDBC plumbing the stores share: a connection per call, SQL states worded as the SPI's error codes. */
final class Sql {
    /** PostgreSQL's unique_violation. */
    static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL's lock_not_available (lock_timeout ran out). */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    private Sql() {}

    /** One unit of work on a connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    static <T> T withConnection(DataSource ds, String what, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw storageError(what, e);
        }
    }

    static IntegrationException storageError(String what, SQLException e) {
        return IntegrationException.builder(ErrorCode.STORAGE_ERROR, "PostgreSQL failed to " + what + " ("
                + e.getSQLState() + ": " + e.getMessage() + "); check the database is reachable and migrated")
                .cause(e).retryable(true).build();
    }

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    static void set(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
    }
}
