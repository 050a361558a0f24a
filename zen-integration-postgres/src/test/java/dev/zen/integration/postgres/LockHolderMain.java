package dev.zen.integration.postgres;

import dev.zen.integration.spi.LockProvider;
import java.time.Duration;

/** A child JVM that takes a task's lock, says so, and holds it until it is killed. */
public final class LockHolderMain {
    private LockHolderMain() {}

    public static void main(String[] args) throws Exception {
        PostgresStores stores = PostgresStores.builder().jdbcUrl(args[0], args[1], "").migrate(false).build();
        LockProvider.Lock held = stores.lockProvider().acquire(args[2], Duration.ofSeconds(30));
        System.out.println("LOCKED " + held);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
