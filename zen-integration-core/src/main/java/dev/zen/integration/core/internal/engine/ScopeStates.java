package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ScopeState;
import dev.zen.integration.spi.ScopeStateStore;
import dev.zen.integration.spi.SyncRecordStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the scope states live: in the record store when it can keep them ({@link ScopeStateStore}), else in memory
 * with one WARN (a restart then runs the bulk import again; it finds the items linked and creates no duplicate).
 */
final class ScopeStates {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    private final SyncRecordStore records;
    private final Map<String, ScopeState> memory = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    ScopeStates(SyncRecordStore records) {
        this.records = records;
    }

    /** The provider's state for {@code filter}; a state of another filter starts over. */
    ScopeState load(String provider, String filter) {
        Optional<ScopeState> stored = records instanceof ScopeStateStore s ? s.findScopeState(provider)
                : Optional.ofNullable(memory.get(provider));
        return stored.filter(st -> st.filter().equals(filter)).orElseGet(() -> ScopeState.initial(provider, filter));
    }

    /** The stored state, if any, whatever its filter. */
    Optional<ScopeState> peek(String provider) {
        return records instanceof ScopeStateStore s ? s.findScopeState(provider)
                : Optional.ofNullable(memory.get(provider));
    }

    void save(ScopeState state) {
        if (records instanceof ScopeStateStore s) {
            s.saveScopeState(state);
            return;
        }
        if (warned.compareAndSet(false, true)) {
            LOG.warn("the sync-record store {} cannot keep whole-project sync state (it does not implement"
                    + " ScopeStateStore); it is kept in memory, so a restart runs the bulk import again (without"
                    + " duplicates)", records.getClass().getName());
        }
        memory.put(state.provider(), state);
    }
}
