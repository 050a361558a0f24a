package dev.zen.integration.it.scope;

import dev.zen.integration.ScopeReport;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.postgres.PostgresStores;
import dev.zen.integration.spi.SyncEvent;
import java.nio.file.Path;

/**
 * A service instance running the initial bulk import in a child JVM, so a test can kill it with SIGKILL between
 * (or inside) pages. It prints {@code PAGE <n> <attributes>} after each committed page and {@code DONE} at the end.
 *
 * <p>Arguments: FakeJira's base URL, the workspace, the page size, and optionally a PostgreSQL JDBC URL (user
 * {@code postgres}, no password) for the stores instead of the workspace's files.
 */
public final class ScopeImportMain {
    static final String PAGE = "PAGE ";
    static final String DONE = "DONE";

    private ScopeImportMain() {}

    public static void main(String[] args) {
        ScopeConfig scope = ScopeConfig.builder().pageSize(Integer.parseInt(args[2])).build();
        int[] pages = {0};
        PostgresStores pg = args.length > 3 ? PostgresStores.builder().jdbcUrl(args[3], "postgres", "").poolSize(4)
                .build() : null;
        try (ZenIntegration zen = ScopeFixture.open(Path.of(args[1]), args[0], scope, e -> {
            if (e.type() == SyncEvent.Type.SCOPE_PROGRESS) {
                synchronized (pages) {
                    System.out.println(PAGE + ++pages[0] + " " + e.attributes());
                    System.out.flush();
                }
            }
        }, pg)) {
            ScopeReport last = ScopeFixture.importAll(zen, 100);
            System.out.println(DONE + " " + last);
            System.out.flush();
        } finally {
            if (pg != null) pg.close();
        }
    }
}
