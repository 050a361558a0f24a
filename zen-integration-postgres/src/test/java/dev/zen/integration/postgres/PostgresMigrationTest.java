package dev.zen.integration.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The schema migrates once, whether one instance starts or several at the same moment, and again is a no-op. */
class PostgresMigrationTest {

    @Test
    void givenFourInstancesStartingAtOnceOnAnEmptyDatabaseWhenTheyMigrateThenTheSchemaIsAppliedExactlyOnce()
            throws Exception {
        String url = PostgresTestDatabase.freshDatabase();
        CyclicBarrier together = new CyclicBarrier(4);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<PostgresStores>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(threads.submit(() -> {
                together.await();
                return PostgresStores.builder().jdbcUrl(url, PostgresTestDatabase.user(),
                        PostgresTestDatabase.password()).poolSize(2).lockPoolSize(1).build();
            }));
        }
        for (Future<PostgresStores> f : starts) f.get(2, TimeUnit.MINUTES).close();
        threads.shutdown();
        PostgresStores.builder().jdbcUrl(url, PostgresTestDatabase.user(), PostgresTestDatabase.password())
                .poolSize(1).lockPoolSize(1).build().close(); // a later start finds nothing to do

        try (Connection c = DriverManager.getConnection(url, PostgresTestDatabase.user(),
                PostgresTestDatabase.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM zen_schema_history WHERE version IS NOT NULL")) {
            List<String> applied = new ArrayList<>();
            while (rs.next()) applied.add(rs.getString(1) + ":" + rs.getBoolean(2));
            assertThat(applied).containsExactly("1:true", "2:true", "3:true", "4:true");
        }
    }
}
