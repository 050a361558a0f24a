package dev.zen.integration.postgres.internal;

import dev.zen.integration.spi.SharedProviderBudget;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Provider budgets shared through the database: a token bucket per provider in {@code zen_rate_budget} (refilled at
 * {@code requests_per_minute / 60} per second, holding at most {@link #BURST_SECONDS} seconds' worth) and a breaker
 * row per provider in {@code zen_circuit_breaker}. Every permit comes out of the shared bucket, so the instances
 * together never exceed it: in any window of {@code w} seconds they send at most one burst plus
 * {@code w + 0.2} seconds' worth. The fast path stays in process: permits are taken a few at a time and spent
 * locally within {@link #LOCAL_PERMIT_TTL} (an unspent one lapses, which only ever errs on the safe side), and the
 * breaker row is read at most every {@link #BREAKER_CACHE}. Thread-safe.
 */
public final class PgSharedBudget implements SharedProviderBudget {
    /** The bucket's capacity, in seconds of refill: how large a burst after a quiet spell may be. */
    static final double BURST_SECONDS = 1.0;
    /** How long a permit taken ahead may wait locally: a send can trail its permit by this much. */
    public static final Duration LOCAL_PERMIT_TTL = Duration.ofMillis(200);
    static final Duration BREAKER_CACHE = Duration.ofMillis(250);
    private final DataSource ds;
    private final Clock clock;
    private final ConcurrentHashMap<String, LocalPermits> permits = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, BreakerView> breakers = new ConcurrentHashMap<>();

    /** Budgets on {@code ds}, whose schema is migrated. */
    public PgSharedBudget(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /** The largest burst the shared bucket allows for a rate: what a test may allow above the steady rate. */
    public static double capacity(int requestsPerMinute) {
        return Math.max(1.0, requestsPerMinute / 60.0 * BURST_SECONDS);
    }

    @Override
    public boolean tryAcquire(String provider, int requestsPerMinute, Duration maxWait) throws InterruptedException {
        LocalPermits local = permits.computeIfAbsent(provider, p -> new LocalPermits());
        long deadline = System.nanoTime() + maxWait.toNanos();
        double rate = requestsPerMinute / 60.0;
        int batch = (int) Math.max(1, Math.min(capacity(requestsPerMinute) / 4, rate / 10));
        while (true) {
            if (local.take(clock.instant())) return true;
            Take take = takeShared(provider, rate, capacity(requestsPerMinute), batch);
            if (take.taken() > 0) {
                Instant now = clock.instant();
                local.add(take.taken() - 1, now, now.plus(LOCAL_PERMIT_TTL));
                return true;
            }
            long waitNanos = (long) Math.ceil((1 - take.level()) / rate * 1e9);
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            Thread.sleep(Math.max(1, Math.min(waitNanos, left) / 1_000_000));
        }
    }

    /** Tokens taken from the bucket, and its level before. */
    private record Take(int taken, double level) {}

    /**
     * Takes {@code n} tokens, or one when fewer than {@code n} are left, in one transaction holding the bucket's
     * row lock; the database's clock refills it, so the instances' clocks never matter.
     */
    private Take takeShared(String provider, double rate, double cap, int n) {
        return Sql.withConnection(ds, "take a shared rate-limit permit of " + provider, c -> {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO zen_rate_budget (name, tokens, refilled_at) "
                    + "VALUES (?, ?, clock_timestamp()) ON CONFLICT (name) DO NOTHING")) {
                Sql.set(ins, provider, cap);
                ins.executeUpdate();
            }
            c.setAutoCommit(false);
            try {
                double level;
                Timestamp now;
                try (PreparedStatement ps = c.prepareStatement("SELECT tokens, EXTRACT(EPOCH FROM clock_timestamp() "
                        + "- refilled_at), clock_timestamp() FROM zen_rate_budget WHERE name = ? FOR UPDATE")) {
                    ps.setString(1, provider);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        level = Math.min(cap, rs.getDouble(1) + rate * Math.max(0, rs.getDouble(2)));
                        now = rs.getTimestamp(3);
                    }
                }
                int taken = level >= n ? n : level >= 1 ? 1 : 0;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE zen_rate_budget SET tokens = ?, refilled_at = ? WHERE name = ?")) {
                    Sql.set(ps, level - taken, now, provider);
                    ps.executeUpdate();
                }
                c.commit();
                return new Take(taken, level);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public Optional<Instant> openUntil(String provider) {
        Instant now = clock.instant();
        BreakerView cached = breakers.get(provider);
        if (cached != null && cached.readAt().plus(BREAKER_CACHE).isAfter(now)) return cached.openUntil();
        BreakerView read = Sql.withConnection(ds, "read the shared breaker of " + provider, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT CASE WHEN state = 'open' THEN open_until END, failures FROM zen_circuit_breaker WHERE name = ?")) {
                ps.setString(1, provider);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return new BreakerView(now, Optional.empty(), false);
                    Timestamp t = rs.getTimestamp(1);
                    return new BreakerView(now, Optional.ofNullable(t).map(Timestamp::toInstant), rs.getInt(2) > 0);
                }
            }
        });
        breakers.put(provider, read);
        return read.openUntil();
    }

    @Override
    public void recordOutcome(String provider, boolean failure, int failureThreshold, Duration openDuration) {
        BreakerView view = breakers.get(provider);
        if (!failure && view != null && !view.dirty()) return; // the common case: closed, nothing to reset
        Sql.withConnection(ds, "update the shared breaker of " + provider, c -> {
            String sql = failure
                    ? "INSERT INTO zen_circuit_breaker AS b (name, state, failures, open_until, updated_at) VALUES "
                    + "(?, CASE WHEN 1 >= ? THEN 'open' ELSE 'closed' END, 1, CASE WHEN 1 >= ? THEN clock_timestamp() "
                    + "+ make_interval(secs => ?) END, clock_timestamp()) ON CONFLICT (name) DO UPDATE SET "
                    + "failures = b.failures + 1, state = CASE WHEN b.failures + 1 >= ? THEN 'open' ELSE b.state END, "
                    + "open_until = CASE WHEN b.failures + 1 >= ? AND (b.open_until IS NULL "
                    + "OR b.open_until < clock_timestamp()) THEN clock_timestamp() + make_interval(secs => ?) "
                    + "ELSE b.open_until END, updated_at = clock_timestamp()"
                    : "UPDATE zen_circuit_breaker SET state = 'closed', failures = 0, open_until = NULL, "
                    + "updated_at = clock_timestamp() WHERE name = ? AND (failures > 0 OR state <> 'closed')";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                double secs = openDuration.toMillis() / 1000.0;
                if (failure) {
                    Sql.set(ps, provider, failureThreshold, failureThreshold, secs, failureThreshold,
                            failureThreshold, secs);
                } else {
                    ps.setString(1, provider);
                }
                ps.executeUpdate();
            }
            breakers.put(provider, new BreakerView(Instant.MIN, Optional.empty(), failure));
            return null;
        });
    }

    /** A cached read of the breaker row; {@code dirty} while the row may hold failures a success must reset. */
    private record BreakerView(Instant readAt, Optional<Instant> openUntil, boolean dirty) {}

    /** Permits taken from the shared bucket and not spent yet, valid until they lapse. */
    private static final class LocalPermits {
        private int count;
        private Instant validUntil = Instant.MIN;

        synchronized boolean take(Instant now) {
            if (count <= 0 || !validUntil.isAfter(now)) return false;
            count--;
            return true;
        }

        synchronized void add(int n, Instant now, Instant until) {
            if (!validUntil.isAfter(now)) count = 0;
            count += n;
            validUntil = until;
        }
    }
}
