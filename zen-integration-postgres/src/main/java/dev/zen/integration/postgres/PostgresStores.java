package dev.zen.integration.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.postgres.internal.PgAuditLog;
import dev.zen.integration.postgres.internal.PgLockProvider;
import dev.zen.integration.postgres.internal.PgSharedBudget;
import dev.zen.integration.postgres.internal.PgSyncRecordStore;
import dev.zen.integration.postgres.internal.PgTaskStore;
import dev.zen.integration.spi.AuditLog;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SharedProviderBudget;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Zen Integration on PostgreSQL, for several instances of a service sharing one truth: sync records (with their
 * queued changes and conflicts), tasks, per-task locks across instances and shared provider budgets. Building it
 * migrates the schema with Flyway (idempotent; safe when several instances start at once).
 *
 * <pre>{@code
 * PostgresStores pg = PostgresStores.builder().jdbcUrl("jdbc:postgresql://db:5432/zen", "zen", secret).build();
 * ZenIntegration zen = ZenIntegration.builder().workspace(ws).syncRecordStore(pg.syncRecordStore())
 *         .lockProvider(pg.lockProvider()) ... .build();
 * }</pre>
 */
public final class PostgresStores implements AutoCloseable {
    private final DataSource dataSource;
    private final DataSource lockDataSource;
    private final @Nullable AutoCloseable owned;
    private final Clock clock;
    private final Duration lockLease;

    private PostgresStores(Builder b, DataSource dataSource, DataSource lockDataSource, @Nullable AutoCloseable owned) {
        this.dataSource = dataSource;
        this.lockDataSource = lockDataSource;
        this.owned = owned;
        this.clock = b.clock;
        this.lockLease = b.lockLease;
    }

    /** A builder; give it a data source or a JDBC URL. */
    public static Builder builder() {
        return new Builder();
    }

    /** Sync records in {@code zen_sync_record}. */
    public SyncRecordStore syncRecordStore() {
        return new PgSyncRecordStore(dataSource);
    }

    /** Tasks in {@code zen_task}, for hosts that keep tasks in the database. */
    public TaskStore taskStore() {
        return new PgTaskStore(dataSource, clock);
    }

    /**
     * The audit trail in {@code zen_audit}, shared by every instance on this database: pass it to
     * {@code ZenIntegration.builder().auditLog(...)}.
     */
    public AuditLog auditLog() {
        return new PgAuditLog(dataSource);
    }

    /** Per-task locks across every instance on this database (session advisory locks). */
    public LockProvider lockProvider() {
        return new PgLockProvider(lockDataSource, lockLease);
    }

    /**
     * Provider budgets shared by every instance on this database: pass it to
     * {@code ResilientProviderCalls.builder().sharedBudget(...)} so N replicas together stay under a tracker's rate
     * limit and open their breakers together.
     */
    public SharedProviderBudget sharedBudget() {
        return new PgSharedBudget(dataSource, Clock.systemUTC());
    }

    /** The data source the stores use. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Closes the connection pools this object built from a URL; a data source the host passed in stays open. */
    @Override
    public void close() {
        if (owned == null) return;
        try {
            owned.close();
        } catch (Exception e) {
            throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "could not close the PostgreSQL pools: "
                    + e.getMessage()).cause(e).build();
        }
    }

    /** Configures {@link PostgresStores}. */
    public static final class Builder {
        private @Nullable DataSource dataSource;
        private @Nullable String jdbcUrl;
        private @Nullable String user;
        private @Nullable String password;
        private int poolSize = 10;
        private int lockPoolSize = 16;
        private boolean migrate = true;
        private Clock clock = Clock.systemUTC();
        private Duration lockLease = Duration.ofSeconds(60);

        private Builder() {}

        /**
         * How long at most a host that vanished without closing its connections (power loss, network partition)
         * keeps its task locks: the lock sessions' TCP keepalive gives up on it after about this long (default
         * 60 s, at least 6 s). A killed process loses its locks at once.
         */
        public Builder lockLease(Duration lease) {
            if (lease == null || lease.toSeconds() < 6) {
                throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "lockLease must be at least 6 seconds, got "
                        + lease);
            }
            this.lockLease = lease;
            return this;
        }

        /**
         * A pooled data source the host manages (and closes). Held locks keep one of its connections each, so
         * size it for the stores plus the syncs that run at once; migrating takes two connections.
         */
        public Builder dataSource(DataSource ds) {
            this.dataSource = Objects.requireNonNull(ds, "dataSource");
            return this;
        }

        /** Builds HikariCP pools from a JDBC URL ({@code jdbc:postgresql://host:5432/db}); closed by close(). */
        public Builder jdbcUrl(String url, String user, @Nullable String password) {
            if (url == null || !url.startsWith("jdbc:postgresql:")) {
                throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "jdbcUrl must start with jdbc:postgresql:, got "
                        + url + "; for example jdbc:postgresql://localhost:5432/zen");
            }
            this.jdbcUrl = url;
            this.user = Objects.requireNonNull(user, "user");
            this.password = password;
            return this;
        }

        /** Connections of the stores' pool built from a URL (default 10). */
        public Builder poolSize(int size) {
            this.poolSize = positive(size, "poolSize");
            return this;
        }

        /** Connections of the lock pool built from a URL: at most this many tasks are locked at once (16). */
        public Builder lockPoolSize(int size) {
            this.lockPoolSize = positive(size, "lockPoolSize");
            return this;
        }

        /** Whether building migrates the schema (default true); turn off when a DBA applies the scripts. */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /** The clock of the task store's created/updated times (default: the system's, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Migrates the schema (unless turned off) and returns the stores. */
        public PostgresStores build() {
            if ((dataSource == null) == (jdbcUrl == null)) {
                throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "PostgresStores needs exactly one of "
                        + "dataSource(...) or jdbcUrl(...)");
            }
            if (dataSource != null) {
                migrate(Flyway.configure().dataSource(dataSource));
                return new PostgresStores(this, dataSource, dataSource, null);
            }
            // Flyway connects on its own (it holds two connections while migrating), so any pool size works
            migrate(Flyway.configure().dataSource(jdbcUrl, user, password));
            HikariDataSource stores = pool("zen-stores", poolSize);
            HikariDataSource locks = pool("zen-locks", lockPoolSize);
            AutoCloseable both = () -> {
                try (locks; stores) {
                    // closes both pools
                }
            };
            return new PostgresStores(this, stores, locks, both);
        }

        private HikariDataSource pool(String name, int size) {
            HikariConfig config = new HikariConfig();
            config.setPoolName(name);
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(user);
            if (password != null) config.setPassword(password);
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(Math.min(2, size));
            // a host that vanishes without closing its sockets loses its locks once keepalive notices
            config.addDataSourceProperty("tcpKeepAlive", "true");
            return new HikariDataSource(config);
        }

        private void migrate(FluentConfiguration flyway) {
            if (!migrate) return;
            try {
                flyway.locations("classpath:db/zen-migration")
                        .table("zen_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
            } catch (FlywayException e) {
                throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "could not migrate the Zen Integration "
                        + "schema (" + e.getMessage() + "); check the database user may create tables").cause(e)
                        .build();
            }
        }

        private static int positive(int n, String name) {
            if (n < 1) throw IntegrationException.of(ErrorCode.CONFIG_ERROR, name + " must be at least 1, got " + n);
            return n;
        }
    }
}
