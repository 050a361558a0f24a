package dev.zen.integration.core.internal.engine;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.FieldChange;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.PendingChange;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline outbox: queues local changes while a provider is unavailable, and delivers them later in order,
 * exactly once, without overwriting concurrent external changes.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger("dev.zen.integration.sync");
    private final Context ctx;

    Outbox(Context ctx) {
        this.ctx = ctx;
    }

    record Replay(TaskSyncRecord record, ExternalItem item, List<FieldChange> changes, boolean offline) {}

    /**
     * Delivers queued changes oldest first, writing the record after each so a delivered change is never sent
     * again. A queued value the external side already has is not re-sent (this makes a replay interrupted between
     * delivery and record write exactly-once too); a field the external side changed in the meantime, before or
     * during the delivery, is left to the merge, which detects the conflict, instead of being overwritten blindly.
     * Delivery is recorded per field: when a change is delivered only in part (Jira wrote the labels, then refused
     * the status transition), the base of the fields the external side already holds advances and only the rest
     * stays queued, so a later Zen edit of a delivered field is no conflict. A change the external system refuses
     * stops the replay with {@link Context.PartialFailure} listing the changes delivered before it.
     */
    Replay replay(Provider p, TaskSyncRecord rec, ExternalItem item, String syncId) {
        FieldMapping mapping = p.mapping(rec);
        List<FieldChange> changes = new ArrayList<>();
        ExternalItem current = item;
        while (!rec.pendingChanges().isEmpty()) {
            PendingChange head = rec.pendingChanges().get(0);
            Map<String, String> remoteNow = p.mapper.pull(current, mapping, rec.baseSnapshot()).values();
            Map<String, String> base = new LinkedHashMap<>(rec.baseSnapshot());
            Map<String, String> send = new LinkedHashMap<>();
            head.fields().forEach((f, v) -> {
                String r = remoteNow.get(f);
                if (Objects.equals(r, v)) ThreeWayMerge.put(base, f, v);
                else if (Objects.equals(r, base.get(f))) send.put(f, v);
            });
            if (!send.isEmpty()) {
                Set<String> concurrent;
                try {
                    PluginGateway.Updated u = p.gateway.update(rec.externalId(),
                            p.mapper.toExternalFields(send, mapping),
                            p.mapper.expected(expected(send, remoteNow), mapping, current),
                            current.updated());
                    current = u.item();
                    concurrent = TaskSynchronizer.concurrentFields(u.concurrent(), send.keySet(), mapping);
                } catch (IntegrationException e) {
                    rec = keepUndelivered(rec, head, base, !Offline.isUnavailable(e));
                    if (!Offline.isUnavailable(e)) {
                        throw changes.isEmpty() ? e : new Context.PartialFailure(e, changes); // earlier ones were sent
                    }
                    return new Replay(rec, current, changes, true);
                }
                send.forEach((f, v) -> {
                    if (concurrent.contains(f)) return; // someone changed it during the delivery: the merge decides
                    changes.add(new FieldChange(f, FieldChange.Side.REMOTE, remoteNow.get(f), v));
                    ThreeWayMerge.put(base, f, v);
                });
            }
            rec = ctx.settings.records().update(rec.toBuilder().baseSnapshot(base)
                    .pendingChanges(rec.pendingChanges().subList(1, rec.pendingChanges().size()))
                    .updated(ctx.settings.clock().instant()).build());
            ctx.events.emit(SyncEvent.Type.FIELD_CHANGED, syncId, rec.taskId(), p.name(), null,
                    "delivered queued change " + head.id(), Map.of("fields", String.join(",", send.keySet())));
        }
        return new Replay(rec, current, changes, false);
    }

    private static Map<String, String> expected(Map<String, String> send, Map<String, String> remoteNow) {
        Map<String, String> expected = new LinkedHashMap<>();
        send.keySet().forEach(f -> expected.put(f, remoteNow.get(f)));
        return expected;
    }

    /**
     * After a failed delivery of {@code head}: the base of the fields the external side already held advances, and
     * only the other fields stay queued (one attempt more when the provider was unavailable).
     */
    private TaskSyncRecord keepUndelivered(TaskSyncRecord rec, PendingChange head, Map<String, String> base,
                                           boolean refused) {
        Map<String, String> left = new LinkedHashMap<>();
        head.fields().forEach((f, v) -> {
            if (!Objects.equals(base.get(f), v)) left.put(f, v);
        });
        List<PendingChange> still = new ArrayList<>(rec.pendingChanges());
        still.set(0, new PendingChange(head.id(), left, head.queuedAt(), head.attempts() + (refused ? 0 : 1)));
        return ctx.settings.records().update(rec.toBuilder().baseSnapshot(base).pendingChanges(still)
                .updated(ctx.settings.clock().instant()).build());
    }

    /** Drops a task's queued changes unsent (under the task's lock) and returns them, oldest first. */
    List<PendingChange> discard(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        try (LockProvider.Lock ignored = ctx.settings.locks().acquire(taskId, ctx.settings.lockTimeout())) {
            TaskSyncRecord rec = ctx.settings.records().find(taskId).orElse(null);
            if (rec == null || rec.pendingChanges().isEmpty()) return List.of();
            ctx.settings.records().update(rec.toBuilder().pendingChanges(List.of())
                    .updated(ctx.settings.clock().instant()).build());
            ctx.audit.link(AuditEntry.Action.PENDING_DISCARDED, taskId, rec.externalSystem(), rec.externalId(),
                    Map.of("changes", String.valueOf(rec.pendingChanges().size())));
            LOG.warn("discarded {} queued change(s) of task {} for {} {} unsent", rec.pendingChanges().size(), taskId,
                    rec.externalSystem(), rec.externalId());
            return rec.pendingChanges();
        }
    }

    /** Appends the values the outbox does not already carry, so repeated offline syncs never queue twice. */
    void queue(TaskSyncRecord rec, Map<String, String> toRemote, List<PendingChange> pending, String syncId) {
        Map<String, String> effective = new LinkedHashMap<>(rec.baseSnapshot());
        pending.forEach(pc -> pc.fields().forEach((f, v) -> ThreeWayMerge.put(effective, f, v)));
        Map<String, String> fresh = new LinkedHashMap<>();
        toRemote.forEach((f, v) -> {
            if (!Objects.equals(effective.get(f), v)) fresh.put(f, v);
        });
        if (fresh.isEmpty()) return;
        pending.add(new PendingChange(UUID.randomUUID().toString(), fresh, ctx.settings.clock().instant(), 0));
        ctx.audit.queued(syncId, rec.taskId(), rec.externalSystem(), rec.externalId(), fresh);
        ctx.events.emit(SyncEvent.Type.CHANGE_QUEUED, syncId, rec.taskId(), rec.externalSystem(), null,
                "provider unavailable; queued " + fresh.keySet() + " for later delivery",
                Map.of("pending", String.valueOf(pending.size())));
    }

    TaskSyncResult flushTask(String taskId, String syncId) {
        String provider = null;
        String externalId = null;
        try (LockProvider.Lock ignored = ctx.settings.locks().acquire(taskId, ctx.settings.lockTimeout())) {
            TaskSyncRecord rec = ctx.settings.records().find(taskId).orElse(null);
            if (rec == null || rec.pendingChanges().isEmpty()) {
                return ctx.skipped(taskId, rec == null ? null : rec.externalId(), syncId, null, "nothing queued");
            }
            provider = rec.externalSystem();
            externalId = rec.externalId();
            Provider p = ctx.provider(rec.externalSystem());
            String disabled = ctx.disabledReason(p);
            if (disabled == null) disabled = ctx.pausedReason(p.name());
            if (disabled != null) return ctx.skipped(taskId, externalId, syncId, p.name(), disabled);
            Replay replay = replay(p, rec, p.gateway.get(rec.externalId()), syncId);
            ctx.audit.written(syncId, taskId, p.name(), externalId, replay.changes(), List.of());
            if (replay.offline()) {
                throw IntegrationException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "provider " + p.name()
                        + " is still unavailable; " + replay.record().pendingChanges().size()
                        + " change(s) stay queued for the next sync or flush").provider(p.name()).taskId(taskId)
                        .build();
            }
            return ctx.result(taskId, replay.record(), syncId, replay.changes().isEmpty()
                    ? TaskSyncResult.Outcome.UNCHANGED : TaskSyncResult.Outcome.UPDATED, replay.changes(), List.of(),
                    false);
        } catch (Context.PartialFailure e) {
            return ctx.failure(taskId, externalId, provider, syncId, e.getCause(), true, e.written());
        } catch (IntegrationException e) {
            return ctx.failure(taskId, externalId, provider, syncId, e, true);
        }
    }
}
