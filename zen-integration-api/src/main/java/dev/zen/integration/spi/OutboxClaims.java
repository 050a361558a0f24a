package dev.zen.integration.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Optional for a {@link SyncRecordStore} shared by several instances: lets each instance's
 * {@code flushPending()} claim the queued changes it delivers, so instances flushing at the same time split the
 * work instead of queueing on the same task locks. The engine uses it when its record store also implements this
 * interface; without it every instance considers every task (the per-task lock and the record's optimistic version
 * still deliver each change once). Implementations must be thread-safe.
 */
public interface OutboxClaims {

    /**
     * Claims up to {@code limit} tasks with queued changes that no other claimant holds an unexpired claim on, and
     * holds them for {@code lease} (a claimant that dies loses them when the lease runs out).
     *
     * @param claimant an id unique to the calling instance
     * @return the claimed task ids, the longest-waiting first
     */
    List<String> claimPending(String claimant, int limit, Duration lease);

    /** Releases {@code claimant}'s claims on these tasks (after delivering, whether or not it succeeded). */
    void releaseClaims(String claimant, Collection<String> taskIds);
}
