package dev.zen.integration.testkit.contract;

import static dev.zen.integration.testkit.contract.ContractAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.spi.SyncRecordStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The {@link SyncRecordStore} contract: both unique indexes (task, and external system plus id), optimistic
 * versions, {@code SYNC_CONFLICT} and {@code NOT_FOUND} where the SPI says. Extend it and return a new, empty store
 * from {@link #newStore()}; every test calls it once.
 */
public abstract class SyncRecordStoreContract {

    /** A new, empty store. */
    protected abstract SyncRecordStore newStore();

    /** A fresh link of {@code task} to the Jira item {@code ext}. */
    protected static TaskSyncRecord link(String task, String ext) {
        return TaskSyncRecord.link(task, "jira", ext, SyncDirection.BIDIRECTIONAL, Instant.EPOCH);
    }

    @Test
    void recordStoreKeepsVersionsAndBothUniqueIndexes() {
        SyncRecordStore store = newStore();
        TaskSyncRecord v1 = store.insert(link("t1", "X-1"));
        store.insert(link("t2", "X-2"));

        assertThat(v1.version()).isEqualTo(1);
        assertCode(() -> store.insert(link("t1", "X-9")), ErrorCode.SYNC_CONFLICT);
        assertCode(() -> store.insert(link("t3", "X-1")), ErrorCode.SYNC_CONFLICT);
        assertCode(() -> store.update(v1.toBuilder().externalId("X-2").build()), ErrorCode.SYNC_CONFLICT);
        assertCode(() -> store.update(link("t9", "X-9").toBuilder().version(1).build()), ErrorCode.NOT_FOUND);
        TaskSyncRecord v2 = store.update(v1.toBuilder().lastError("e").build());
        assertThat(v2.version()).isEqualTo(2);
        assertCode(() -> store.update(v1), ErrorCode.SYNC_CONFLICT);
        assertThat(store.findByExternal("jira", "X-1")).contains(v2);
        assertThat(store.find("t1")).contains(v2);
        assertThat(store.list()).extracting(TaskSyncRecord::taskId).containsExactly("t1", "t2");
        assertThat(store.delete("t1")).isTrue();
        assertThat(store.delete("t1")).isFalse();
        assertThat(store.findByExternal("jira", "X-1")).isEmpty();
    }

    @Test
    void recordStoreFreesTheOldItemWhenALinkMovesToAnother() {
        SyncRecordStore store = newStore();
        TaskSyncRecord v1 = store.insert(link("t1", "X-1"));

        TaskSyncRecord moved = store.update(v1.toBuilder().externalId("X-5").build());
        TaskSyncRecord other = store.insert(link("t2", "X-1"));

        assertThat(store.findByExternal("jira", "X-5")).contains(moved);
        assertThat(store.findByExternal("jira", "X-1")).contains(other);
        assertCode(() -> store.insert(link("t3", "X-5")), ErrorCode.SYNC_CONFLICT);
    }
}
