package dev.zen.integration.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.postgres.internal.PgSharedBudget;
import dev.zen.integration.spi.SharedProviderBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One provider budget and breaker for several instances, through the database. */
class PostgresSharedBudgetTest {
    private final String url = PostgresTestDatabase.freshDatabase();
    private final List<PostgresStores> instances = new ArrayList<>();

    private SharedProviderBudget instance() {
        PostgresStores stores = PostgresStores.builder().jdbcUrl(url, PostgresTestDatabase.user(),
                PostgresTestDatabase.password()).poolSize(4).clock(Clock.systemUTC()).build();
        instances.add(stores);
        return stores.sharedBudget();
    }

    @AfterEach
    void close() {
        instances.forEach(PostgresStores::close);
    }

    @Test
    void givenThreeInstancesTakingPermitsFlatOutWhenCountedThenTogetherTheyStayWithinOneBudget() throws Exception {
        int perMinute = 600; // 10 a second
        List<SharedProviderBudget> budgets = List.of(instance(), instance(), instance());
        ExecutorService threads = Executors.newFixedThreadPool(6);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(3);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            SharedProviderBudget budget = budgets.get(i % 3);
            counts.add(threads.submit(() -> {
                int granted = 0;
                while (System.nanoTime() < end) {
                    if (budget.tryAcquire("jira", perMinute, Duration.ofMillis(50))) granted++;
                }
                return granted;
            }));
        }
        int total = 0;
        for (Future<Integer> f : counts) total += f.get(30, TimeUnit.SECONDS);
        threads.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;

        double allowed = PgSharedBudget.capacity(perMinute) + perMinute / 60.0 * seconds;
        assertThat((double) total).isLessThanOrEqualTo(allowed).isGreaterThanOrEqualTo(allowed / 2);
    }

    @Test
    void givenFailuresOnTwoInstancesWhenTheyReachTheThresholdThenEveryInstanceSeesTheBreakerOpenUntilASuccess()
            throws Exception {
        SharedProviderBudget a = instance();
        SharedProviderBudget b = instance();
        SharedProviderBudget c = instance();
        assertThat(c.openUntil("jira")).isEmpty();

        a.recordOutcome("jira", true, 3, Duration.ofMinutes(1));
        b.recordOutcome("jira", true, 3, Duration.ofMinutes(1));
        assertThat(b.openUntil("jira")).isEmpty();
        a.recordOutcome("jira", true, 3, Duration.ofMinutes(1)); // the third in a row, across instances
        Thread.sleep(300); // c's cached view of the breaker lapses

        assertThat(c.openUntil("jira")).isPresent();
        c.recordOutcome("jira", false, 3, Duration.ofMinutes(1));
        Thread.sleep(300);
        assertThat(a.openUntil("jira")).isEmpty();
    }
}
