package dev.zen.integration.testkit.contract;

import dev.zen.integration.core.store.FileTaskStore;
import dev.zen.integration.core.store.InMemoryAuditLog;
import dev.zen.integration.core.store.InMemoryLockProvider;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.core.store.JsonLinesAuditLog;
import dev.zen.integration.core.store.WorkspaceLockProvider;
import dev.zen.integration.core.store.YamlSyncRecordStore;
import dev.zen.integration.spi.AuditLog;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The library's own file-based and in-memory stores and audit logs against the shared SPI contracts. */
class CoreStoresContractTest {
    @TempDir Path workspace;

    @Nested
    class YamlRecords extends SyncRecordStoreContract {
        @Override
        protected SyncRecordStore newStore() {
            return new YamlSyncRecordStore(workspace);
        }
    }

    @Nested
    class InMemoryRecords extends SyncRecordStoreContract {
        @Override
        protected SyncRecordStore newStore() {
            return new InMemorySyncRecordStore();
        }
    }

    @Nested
    class YamlScopeStates extends ScopeStateStoreContract {
        @Override
        protected SyncRecordStore newStore() {
            return new YamlSyncRecordStore(workspace);
        }

        @Override
        protected SyncRecordStore reopened(SyncRecordStore store) {
            return new YamlSyncRecordStore(workspace);
        }
    }

    @Nested
    class InMemoryScopeStates extends ScopeStateStoreContract {
        @Override
        protected SyncRecordStore newStore() {
            return new InMemorySyncRecordStore();
        }
    }

    @Nested
    class FileTasks extends TaskStoreContract {
        @Override
        protected TaskStore newStore(Clock clock) {
            return new FileTaskStore(workspace, clock);
        }
    }

    @Nested
    class InMemoryTasks extends TaskStoreContract {
        @Override
        protected TaskStore newStore(Clock clock) {
            return new InMemoryTaskStore(clock);
        }
    }

    @Nested
    class WorkspaceLocks extends LockProviderContract {
        @Override
        protected LockProvider newLockProvider() {
            return new WorkspaceLockProvider(workspace);
        }
    }

    @Nested
    class InMemoryLocks extends LockProviderContract {
        @Override
        protected LockProvider newLockProvider() {
            return new InMemoryLockProvider();
        }
    }

    @Nested
    class JsonLinesAudit extends AuditLogContract {
        @Override
        protected AuditLog newLog() {
            return JsonLinesAuditLog.inWorkspace(workspace);
        }

        @Override
        protected AuditLog reopened(AuditLog log) {
            log.close();
            return JsonLinesAuditLog.inWorkspace(workspace);
        }
    }

    @Nested
    class InMemoryAudit extends AuditLogContract {
        @Override
        protected AuditLog newLog() {
            return new InMemoryAuditLog();
        }
    }
}
