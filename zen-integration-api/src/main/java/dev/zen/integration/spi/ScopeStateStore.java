package dev.zen.integration.spi;

import dev.zen.integration.ScopeState;
import java.util.Optional;

/**
 * An optional capability of a {@link SyncRecordStore}: keeping each provider's whole-project sync state
 * ({@link ScopeState}) durably beside the records, so a restarted host resumes its bulk import at the last committed
 * page and polls from its watermark. A record store without it still works: the state is then kept in memory (a
 * restart starts the bulk import over, which finds the imported items linked and creates no duplicate).
 *
 * <p>Contract: {@link #saveScopeState} is atomic (a crash leaves the old or the new state) and replaces the
 * provider's state as a whole. Thread-safe.
 */
public interface ScopeStateStore {

    /** The provider's stored state, if any. */
    Optional<ScopeState> findScopeState(String provider);

    /** Stores the provider's state, replacing what was stored. */
    void saveScopeState(ScopeState state);

    /**
     * Removes the provider's state.
     *
     * @return whether there was one
     */
    boolean deleteScopeState(String provider);
}
