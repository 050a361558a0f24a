package dev.zen.integration.postgres;

import dev.zen.integration.spi.AuditLog;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.testkit.contract.AuditLogContract;
import dev.zen.integration.testkit.contract.LockProviderContract;
import dev.zen.integration.testkit.contract.ScopeStateStoreContract;
import dev.zen.integration.testkit.contract.SyncRecordStoreContract;
import dev.zen.integration.testkit.contract.TaskStoreContract;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The PostgreSQL stores and audit log against the same SPI contracts as the file and in-memory ones, on a real server. */
class PostgresStoresContractTest {
    private final List<PostgresStores> opened = new ArrayList<>();

    private PostgresStores fresh(Clock clock) {
        PostgresStores stores = PostgresTestDatabase.freshStores(clock);
        opened.add(stores);
        return stores;
    }

    @AfterEach
    void closePools() {
        opened.forEach(PostgresStores::close);
    }

    @Nested
    class Records extends SyncRecordStoreContract {
        @Override
        protected SyncRecordStore newStore() {
            return fresh(Clock.systemUTC()).syncRecordStore();
        }
    }

    @Nested
    class ScopeStates extends ScopeStateStoreContract {
        private PostgresStores stores;

        @Override
        protected SyncRecordStore newStore() {
            stores = fresh(Clock.systemUTC());
            return stores.syncRecordStore();
        }

        @Override
        protected SyncRecordStore reopened(SyncRecordStore store) {
            return stores.syncRecordStore(); // a new instance on the same database, as another replica sees it
        }
    }

    @Nested
    class Tasks extends TaskStoreContract {
        @Override
        protected TaskStore newStore(Clock clock) {
            return fresh(clock).taskStore();
        }
    }

    @Nested
    class Locks extends LockProviderContract {
        @Override
        protected LockProvider newLockProvider() {
            return fresh(Clock.systemUTC()).lockProvider();
        }
    }

    @Nested
    class Audit extends AuditLogContract {
        private PostgresStores stores;

        @Override
        protected AuditLog newLog() {
            stores = fresh(Clock.systemUTC());
            return stores.auditLog();
        }

        @Override
        protected AuditLog reopened(AuditLog log) {
            return stores.auditLog(); // a new instance on the same database, as another replica or a restart sees it
        }
    }
}
