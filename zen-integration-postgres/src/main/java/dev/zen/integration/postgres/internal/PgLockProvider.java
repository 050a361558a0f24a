package dev.zen.integration.postgres.internal;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.LockProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Per-task locks across every instance on one database: PostgreSQL session advisory locks. A held lock keeps its
 * connection; the server releases it when that session ends, so an instance that dies never blocks a task for
 * longer than its session lives: at once after kill -9 (the operating system closes the socket), and within the
 * lease for a host that vanishes without closing it (the session's server-side TCP keepalive is set so that the
 * server gives up on a silent client after about the lease). Waiters queue in PostgreSQL's
 * lock manager in arrival order (fair), bounded by {@code lock_timeout}. Not reentrant: a second acquire takes
 * another session. Thread-safe; a lock may be released from any thread.
 */
public final class PgLockProvider implements LockProvider {
    /** The first half of the key space is the library's: task locks hash into it, with this tag mixed in. */
    private static final String KEY_TAG = "zen-task-lock:";
    private final DataSource ds;
    /** The session settings that bound a vanished holder's lease; sent with the lock statement. */
    private final String keepalive;

    /**
     * Locks on {@code ds}; each held lock takes one of its connections until released.
     *
     * @param lease how long at most a host that vanished without closing its connection keeps its locks
     */
    public PgLockProvider(DataSource ds, Duration lease) {
        this.ds = ds;
        long idle = Math.max(1, lease.toSeconds() / 2);
        long interval = Math.max(1, lease.toSeconds() / 6);
        this.keepalive = "SET tcp_keepalives_idle = " + idle + "; SET tcp_keepalives_interval = " + interval
                + "; SET tcp_keepalives_count = 3";
    }

    @Override
    public Lock acquire(String taskId, Duration timeout) {
        long key = keyOf(taskId);
        Connection c = open(taskId);
        try {
            if (!lock(c, key, timeout)) {
                closeQuietly(c, false);
                throw busy(taskId, timeout);
            }
        } catch (SQLException e) {
            boolean timedOut = Sql.LOCK_NOT_AVAILABLE.equals(e.getSQLState());
            closeQuietly(c, !timedOut); // a timed-out wait holds nothing; any other failure may have left a lock
            if (timedOut) throw busy(taskId, timeout);
            throw Sql.storageError("lock task " + taskId, e);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) unlock(c, key); // closing twice releases once
        };
    }

    /** Above the library's workspace locks, so a registered PostgreSQL provider wins. */
    @Override
    public int priority() {
        return 10;
    }

    /** The advisory lock key of a task: 64 bits of SHA-256, so two tasks practically never share a lock. */
    static long keyOf(String taskId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((KEY_TAG + taskId)
                    .getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private Connection open(String taskId) {
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw Sql.storageError("open a connection to lock task " + taskId, e);
        }
    }

    /** Waits in PostgreSQL's queue for at most {@code timeout}; a zero timeout only tries. */
    private boolean lock(Connection c, long key, Duration timeout) throws SQLException {
        c.setAutoCommit(true);
        boolean tryOnly = timeout.isNegative() || timeout.isZero();
        try (Statement s = c.createStatement()) {
            s.execute(keepalive + (tryOnly ? "" : "; SET lock_timeout = " + Math.max(1, timeout.toMillis())));
        }
        if (tryOnly) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, key);
            ps.execute();
            return true;
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("RESET lock_timeout");
            }
        }
    }

    private static void unlock(Connection c, long key) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
            closeQuietly(c, false);
        } catch (SQLException e) {
            closeQuietly(c, true); // the session may still hold the lock: end it, and the server releases it
        }
    }

    /** Returns the connection to its pool, or ends its session when it may still hold a lock. */
    private static void closeQuietly(Connection c, boolean endSession) {
        try {
            if (endSession) c.abort(Runnable::run);
            c.close();
        } catch (SQLException e) {
            // nothing more to do: the pool discards a broken connection
        }
    }

    private static IntegrationException busy(String taskId, Duration timeout) {
        return IntegrationException.builder(ErrorCode.LOCK_TIMEOUT, "task " + taskId + " is being synced by someone "
                + "else and its lock was not free within " + timeout + "; try again later").taskId(taskId).build();
    }
}
