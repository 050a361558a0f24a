package dev.zen.integration;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps Zen tasks and their external items in sync. This is the service a Zen tool calls.
 *
 * <pre>{@code
 * SyncReport report = service.sync(List.of("task-1", "task-2"), SyncDirection.BIDIRECTIONAL);
 * report.failures().forEach(r -> log.warn("{} failed: {}", r.taskId(), r.error().orElseThrow().message()));
 * }</pre>
 *
 * <p>Implementations are thread-safe. Syncs of different tasks run in parallel; two syncs of the same task never
 * interleave. A failing task never aborts the others: it appears in the report with its error. Methods that act
 * on one task or link throw {@link IntegrationException} with a code saying what went wrong.
 *
 * <p>Every method checks its arguments before doing anything: a null or blank id or provider name, or a null
 * request, direction or resolution, throws {@link IntegrationException} {@link ErrorCode#INVALID_DATA} whose message
 * and {@code argument} detail name the argument.
 */
public interface TaskSyncService {

    /** Syncs the given tasks in the given direction. An empty collection means every linked task. */
    default SyncReport sync(Collection<String> taskIds, SyncDirection direction) {
        return sync(SyncRequest.of(taskIds, direction));
    }

    /** Syncs as the request says: which tasks, which direction, dry run, force, strategy override. */
    SyncReport sync(SyncRequest request);

    /** {@link #sync(SyncRequest)} on the service's executor; the future fails only if the run itself cannot start. */
    CompletableFuture<SyncReport> syncAsync(SyncRequest request);

    /**
     * Imports an existing external item as a new Zen task and links the two (FR-3).
     *
     * @param provider   the configured provider, such as "jira"
     * @param externalId the item's id or key, such as "SYNC-7"
     * @return the new task
     * @throws IntegrationException {@link ErrorCode#SYNC_CONFLICT} if the item is already linked to a task,
     *                              {@link ErrorCode#NOT_FOUND} if it does not exist
     */
    ZenTask importItem(String provider, String externalId);

    /**
     * Links an existing task to an existing external item. The next sync treats differing fields as changed
     * on both sides, so the conflict strategy decides between them.
     *
     * @throws IntegrationException {@link ErrorCode#SYNC_CONFLICT} if the task or the item is already linked
     */
    TaskSyncRecord link(String taskId, String provider, String externalId);

    /**
     * Removes a task's link. Neither side's data is changed. Does nothing if the task is not linked.
     *
     * @throws IntegrationException {@link ErrorCode#SYNC_CONFLICT} if the link still holds changes queued while the
     *                              provider was unavailable: deliver them with {@link #flushPending()} first, or drop
     *                              them deliberately with {@link #discardPending(String)}; nothing is removed then
     */
    void unlink(String taskId);

    /**
     * Drops the local changes queued for a task while its provider was unavailable, without sending them. Use it when
     * they can never be delivered (the external item was deleted, say) or before {@link #unlink(String)}. The task
     * itself keeps its values; the next sync compares them with the external item as usual.
     *
     * @return the changes dropped, oldest first (empty if none were queued or the task is not linked), so the
     *         caller can log or re-apply them
     */
    List<PendingChange> discardPending(String taskId);

    /**
     * Creates the task in the external system and links the two. Safe to retry: a create that failed after the
     * external system committed it is found again instead of being duplicated.
     *
     * @throws IntegrationException {@link ErrorCode#SYNC_CONFLICT} if the task is already linked
     */
    TaskSyncRecord publish(String taskId, String provider);

    /** Conflicts waiting for manual review, oldest first. */
    List<ConflictRecord> conflicts();

    /**
     * Settles a conflict: writes the chosen value to the side(s) that need it and makes it the new base.
     *
     * @return the result for the conflict's task
     * @throws IntegrationException {@link ErrorCode#NOT_FOUND} if no pending conflict has that id
     */
    TaskSyncResult resolve(String conflictId, ConflictResolution resolution);

    /**
     * Delivers local changes that were queued while a provider was unavailable, in order, exactly once.
     *
     * @return one result per task that had queued changes
     */
    SyncReport flushPending();

    /** The integration's state: providers, counts, last sync. */
    IntegrationStatus status();
}
