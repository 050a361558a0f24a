package dev.zen.integration.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ScopeState;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.spi.ScopeStateStore;
import dev.zen.integration.spi.SyncRecordStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link ScopeStateStore} contract: a provider's whole-project sync state is stored whole, replaced whole,
 * kept apart per provider, survives a reopen, and never shows up among the sync records. Extend it and return a new,
 * empty store from {@link #newStore()} (a {@link SyncRecordStore} that also implements {@link ScopeStateStore}).
 */
public abstract class ScopeStateStoreContract {

    /** A new, empty store. */
    protected abstract SyncRecordStore newStore();

    /** Another instance over the same storage (a restart or another replica); by default the same instance. */
    protected SyncRecordStore reopened(SyncRecordStore store) {
        return store;
    }

    private static ScopeState midBulk(String provider) {
        return new ScopeState(provider, "labels = zen", null, "{\"token\":\"page-3\"}",
                Instant.parse("2026-12-03T10:15:30.123Z"), false, Instant.parse("2026-12-03T10:16:00Z"), 300, 250,
                40, 10, 0, 0, 0, List.of());
    }

    @Test
    void givenAStateWhenReadAfterReopenThenEveryFieldIsKept() {
        SyncRecordStore store = newStore();
        ScopeState state = midBulk("jira");

        ((ScopeStateStore) store).saveScopeState(state);

        assertThat(((ScopeStateStore) reopened(store)).findScopeState("jira")).contains(state);
        assertThat(((ScopeStateStore) store).findScopeState("github")).isEmpty();
    }

    @Test
    void givenAStoredStateWhenSavedAgainThenTheNewOneReplacesItWhole() {
        ScopeStateStore store = (ScopeStateStore) newStore();
        store.saveScopeState(midBulk("jira"));
        ScopeState done = new ScopeState("jira", "labels = zen", Instant.parse("2026-12-03T10:15:30.123Z"), null,
                Instant.parse("2026-12-03T10:15:30.123Z"), true, Instant.parse("2026-12-03T11:00:00Z"), 1000, 950,
                40, 10, 2, 1, 3, List.of("10001@2026-12-03T10:59:00Z", "10002@2026-12-03T10:59:30Z"));

        store.saveScopeState(done);

        assertThat(store.findScopeState("jira")).contains(done);
    }

    @Test
    void givenTwoProvidersWhenOneIsDeletedThenTheOtherStays() {
        ScopeStateStore store = (ScopeStateStore) newStore();
        store.saveScopeState(midBulk("jira"));
        store.saveScopeState(ScopeState.initial("github", ""));

        assertThat(store.deleteScopeState("jira")).isTrue();
        assertThat(store.deleteScopeState("jira")).isFalse();

        assertThat(store.findScopeState("jira")).isEmpty();
        assertThat(store.findScopeState("github")).contains(ScopeState.initial("github", ""));
    }

    @Test
    void givenScopeStateWhenRecordsAreListedThenItIsNotAmongThem() {
        SyncRecordStore store = newStore();
        store.insert(TaskSyncRecord.link("t1", "jira", "SYNC-1", SyncDirection.BIDIRECTIONAL, Instant.EPOCH));

        ((ScopeStateStore) store).saveScopeState(midBulk("jira"));

        assertThat(store.list()).extracting(TaskSyncRecord::taskId).containsExactly("t1");
    }
}
