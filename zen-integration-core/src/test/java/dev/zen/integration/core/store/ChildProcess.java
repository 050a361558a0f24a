package dev.zen.integration.core.store;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.spi.LockProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A second process for the cross-process tests: holds a task lock, or writes records or audit entries until killed. */
public final class ChildProcess {
    private ChildProcess() {}

    public static void main(String[] args) throws Exception {
        Path workspace = Path.of(args[1]);
        switch (args[0]) {
            case "lock" -> {
                LockProvider.Lock lock = new WorkspaceLockProvider(workspace).acquire(args[2], Duration.ofSeconds(10));
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(60_000);
                lock.close();
            }
            case "write" -> {
                YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
                TaskSyncRecord r = store.insert(TaskSyncRecord.link("task-1", "jira", "SYNC-1",
                        SyncDirection.BIDIRECTIONAL, Instant.EPOCH));
                System.out.println("writing");
                System.out.flush();
                String big = "x".repeat(20_000); // a larger file makes a torn write more likely without atomicity
                for (long i = 0; ; i++) {
                    r = store.update(r.toBuilder().lastError("write " + i).metadata(Map.of("payload", big + i)).build());
                }
            }
            case "audit" -> {
                JsonLinesAuditLog log = new JsonLinesAuditLog(workspace, 1L << 30, 1);
                System.out.println("auditing");
                System.out.flush();
                String big = "y".repeat(4_000); // longer lines make a kill mid-write more likely
                for (long i = 0; ; i++) {
                    log.append(new AuditEntry(Instant.EPOCH.plusSeconds(i), AuditEntry.Action.FIELD_PUSHED, "task-1",
                            "jira", "SYNC-1", "description", null, big + i, "run", Map.of("n", String.valueOf(i))));
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
