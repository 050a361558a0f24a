package dev.zen.integration.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.LockProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task locks across JVMs: a killed holder frees its tasks, and waiters are served in arrival order. */
class PostgresLockProviderTest {
    private final String url = PostgresTestDatabase.freshDatabase();
    private final PostgresStores stores = PostgresStores.builder().jdbcUrl(url, PostgresTestDatabase.user(),
            PostgresTestDatabase.password()).lockPoolSize(8).clock(Clock.systemUTC()).build();

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void givenAnotherJvmHoldsTheLockWhenItIsKilledThenTheTaskIsFreeAtOnce() throws Exception {
        LockProvider locks = stores.lockProvider();
        Process holder = ChildJvm.start(LockHolderMain.class, url, PostgresTestDatabase.user(), "task-1");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = out.readLine(); line == null || !line.startsWith("LOCKED"); line = out.readLine()) {
                assertThat(line).as("the child JVM ended before locking").isNotNull();
            }
            assertThatThrownBy(() -> locks.acquire("task-1", Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT));

            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9: no chance to unlock
            try (LockProvider.Lock mine = locks.acquire("task-1", Duration.ofSeconds(10))) {
                assertThat(mine).isNotNull();
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void givenWaitersQueuedOneAfterAnotherWhenTheLockIsReleasedThenTheyGetItInArrivalOrder() throws Exception {
        LockProvider locks = stores.lockProvider();
        LockProvider.Lock first = locks.acquire("task-1", Duration.ofSeconds(1));
        List<String> order = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4); // each waiter blocks a thread in JDBC
        for (int i = 1; i <= 4; i++) {
            String name = "waiter-" + i;
            waiters.add(CompletableFuture.runAsync(() -> {
                try (LockProvider.Lock l = locks.acquire("task-1", Duration.ofSeconds(30))) {
                    order.add(name);
                }
            }, threads));
            awaitWaiting(i); // the next waiter arrives only after this one queued in PostgreSQL
        }

        first.close();
        CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        threads.shutdown();

        assertThat(order).containsExactly("waiter-1", "waiter-2", "waiter-3", "waiter-4");
    }

    @Test
    void givenALockLeaseWhenALockIsHeldThenItsSessionGivesUpOnASilentHostWithinTheLease() throws Exception {
        RecordingDataSource ds = new RecordingDataSource(url, PostgresTestDatabase.user(),
                PostgresTestDatabase.password());
        LockProvider locks = PostgresStores.builder().dataSource(ds).lockLease(Duration.ofSeconds(30)).build()
                .lockProvider();

        try (LockProvider.Lock held = locks.acquire("task-1", Duration.ofSeconds(1))) {
            Connection session = ds.handedOut.get(ds.handedOut.size() - 1);
            // the server probes a silent client after 15 s, then every 5 s, and drops it after 3 unanswered probes
            assertThat(show(session, "tcp_keepalives_idle")).isEqualTo("15");
            assertThat(show(session, "tcp_keepalives_interval")).isEqualTo("5");
            assertThat(show(session, "tcp_keepalives_count")).isEqualTo("3");
            assertThat(show(session, "lock_timeout")).isEqualTo("0"); // reset once the lock was taken
        }
    }

    private static String show(Connection c, String setting) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void awaitWaiting(int count) throws Exception {
        try (Connection c = DriverManager.getConnection(url, PostgresTestDatabase.user(),
                PostgresTestDatabase.password()); Statement s = c.createStatement()) {
            for (int tries = 0; tries < 500; tries++) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
                    rs.next();
                    if (rs.getInt(1) >= count) return;
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError(count + " waiters never queued");
    }
}
