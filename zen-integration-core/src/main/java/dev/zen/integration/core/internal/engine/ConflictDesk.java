package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.FieldChange;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.PendingChange;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.UUID;

/**
 * Lists conflicts waiting for manual review and settles them with local, remote or merged values.
 */
final class ConflictDesk {
    private final Context ctx;
    private final Outbox outbox;

    ConflictDesk(Context ctx, Outbox outbox) {
        this.ctx = ctx;
        this.outbox = outbox;
    }

    List<ConflictRecord> conflicts() {
        return ctx.settings.records().list().stream().flatMap(r -> r.conflicts().stream())
                .sorted(Comparator.comparing(ConflictRecord::detectedAt).thenComparing(ConflictRecord::id)).toList();
    }

    TaskSyncResult resolve(String conflictId, ConflictResolution resolution) {
        Objects.requireNonNull(conflictId, "conflictId");
        Objects.requireNonNull(resolution, "resolution");
        ConflictRecord c = conflicts().stream().filter(x -> x.id().equals(conflictId)).findFirst()
                .orElseThrow(() -> noConflict(conflictId));
        try (LockProvider.Lock ignored = ctx.settings.locks().acquire(c.taskId(), ctx.settings.lockTimeout())) {
            TaskSyncRecord rec = ctx.settings.records().find(c.taskId()).orElseThrow(() -> noConflict(conflictId));
            ConflictRecord conflict = rec.conflicts().stream().filter(x -> x.id().equals(conflictId)).findFirst()
                    .orElseThrow(() -> noConflict(conflictId));
            return settle(rec, conflict, resolution, UUID.randomUUID().toString());
        }
    }

    /**
     * Under the task's lock: both sides now, the chosen value written to each side that differs, the record. The
     * resolution is applied to both sides or to neither: the local value is checked first, the remote side is written
     * (or queued) next, and the local side last; if the remote side refuses, nothing is written and the conflict stays
     * open as it was; if the local write then fails, the remote side is put back to its value.
     */
    private TaskSyncResult settle(TaskSyncRecord rec, ConflictRecord conflict, ConflictResolution resolution,
                                  String syncId) {
        Provider p = ctx.enabledProvider(rec.externalSystem());
        ZenTask task = ctx.settings.tasks().find(rec.taskId()).orElseThrow(() -> IntegrationException.builder(
                ErrorCode.NOT_FOUND, "task " + rec.taskId() + " no longer exists; unlink it").build());
        FieldMapping mapping = p.mapping(rec);
        String f = conflict.field();
        Context.Fetched fetched = ctx.fetch(p, rec);
        String l = ZenTasks.canonicalFields(task).get(f);
        String r = p.mapper.toZenFields(fetched.item(), mapping).get(f);
        String value = switch (resolution.choice()) {
            case LOCAL -> l;
            case REMOTE -> r;
            case MERGED -> resolution.mergedValue();
        };
        Map<String, String> write = new LinkedHashMap<>();
        write.put(f, value);
        boolean writeLocal = !Objects.equals(l, value);
        if (writeLocal) ctx.checkLocal(task, write); // a value Zen cannot hold fails before anything is written
        List<FieldChange> changes = new ArrayList<>();
        Side remote = new Side(fetched.item(), fetched.fromCache(), new LinkedHashMap<>(rec.baseSnapshot()),
                new ArrayList<>(rec.pendingChanges()), false);
        boolean remoteWritten = false;
        if (!Objects.equals(r, value)) {
            remote = writeRemote(p, rec, mapping, write, r, remote, syncId);
            remoteWritten = !remote.queued();
            changes.add(new FieldChange(f, FieldChange.Side.REMOTE, r, value));
        }
        if (writeLocal) {
            Map<String, String> undo = new LinkedHashMap<>();
            if (remoteWritten) undo.put(f, r);
            writeLocalOrUndo(p, rec, mapping, task, write, undo);
            changes.add(0, new FieldChange(f, FieldChange.Side.LOCAL, l, value));
        }
        if (!remote.queued()) ThreeWayMerge.put(remote.base(), f, value);
        return recordSettled(p, rec, conflict, resolution, remote, changes, syncId);
    }

    /** The local half of a settlement; when it fails after the remote side was written, that write is undone. */
    private void writeLocalOrUndo(Provider p, TaskSyncRecord rec, FieldMapping mapping, ZenTask task,
                                  Map<String, String> write, Map<String, String> undo) {
        try {
            ctx.writeLocalOnce(task, write);
        } catch (RuntimeException e) {
            if (!undo.isEmpty()) {
                try {
                    p.gateway.update(rec.externalId(), p.mapper.toExternalFields(undo, mapping));
                } catch (RuntimeException undoFailed) {
                    e.addSuppressed(undoFailed);
                }
            }
            throw e;
        }
    }

    /** The remote side of a settlement: the item, whether it is offline, the base, the outbox, whether queued. */
    private record Side(ExternalItem item, boolean offline, Map<String, String> base, List<PendingChange> pending,
                        boolean queued) {}

    private Side writeRemote(Provider p, TaskSyncRecord rec, FieldMapping mapping, Map<String, String> write,
                             String remoteValue, Side side, String syncId) {
        if (!side.offline()) {
            try {
                Map<String, String> expected = new LinkedHashMap<>();
                write.keySet().forEach(f -> expected.put(f, remoteValue));
                PluginGateway.Updated u = p.gateway.update(rec.externalId(),
                        p.mapper.toExternalFields(write, mapping),
                        p.mapper.expected(expected, mapping, side.item()), side.item().updated());
                if (!TaskSynchronizer.concurrentFields(u.concurrent(), write.keySet(), mapping).isEmpty()) {
                    throw changedWhileResolving(p, rec, mapping, write.keySet().iterator().next(), u.item());
                }
                return new Side(u.item(), false, side.base(), side.pending(), false);
            } catch (IntegrationException e) {
                if (!Offline.isUnavailable(e)) throw e;
            }
        }
        write.keySet().forEach(f -> ThreeWayMerge.put(side.base(), f, remoteValue));
        outbox.queue(rec.toBuilder().baseSnapshot(side.base()).build(), write, side.pending(), syncId);
        return new Side(side.item(), true, side.base(), side.pending(), true);
    }

    /**
     * Someone changed the field in the external system after this settlement read it: the plugin left (or put back)
     * their value, nothing was written to Zen, and the conflict stays open with their value as its remote side, so
     * the reviewer decides again with it in view rather than overwrite it unseen.
     */
    private IntegrationException changedWhileResolving(Provider p, TaskSyncRecord rec, FieldMapping mapping,
                                                       String field, ExternalItem now) {
        String theirs = p.mapper.toZenFields(now, mapping).get(field);
        List<ConflictRecord> updated = rec.conflicts().stream().map(c -> !c.field().equals(field) ? c
                : new ConflictRecord(c.id(), c.taskId(), c.externalSystem(), c.externalId(), c.field(), c.baseValue(),
                        c.localValue(), theirs, c.localChangedAt(), now.updated(), c.detectedAt())).toList();
        ctx.settings.records().update(rec.toBuilder().conflicts(updated).localHash(null).remoteHash(null).build());
        return IntegrationException.builder(ErrorCode.SYNC_CONFLICT, field + " was changed in " + p.name()
                + " by someone else while this conflict was being resolved; nothing was written and the conflict stays"
                + " open with their value as its remote side: read conflicts() again and"
                + " resolve it with the new value in view").taskId(rec.taskId()).provider(p.name())
                .detail("field", field).build();
    }

    private TaskSyncResult recordSettled(Provider p, TaskSyncRecord rec, ConflictRecord conflict,
                                         ConflictResolution resolution, Side remote, List<FieldChange> changes,
                                         String syncId) {
        List<ConflictRecord> remaining = rec.conflicts().stream().filter(x -> !x.id().equals(conflict.id())).toList();
        Instant now = ctx.settings.clock().instant();
        TaskSyncRecord.Builder b = rec.toBuilder().baseSnapshot(remote.base()).conflicts(remaining)
                .pendingChanges(remote.pending()).status(remaining.isEmpty() ? SyncStatus.ACTIVE : SyncStatus.CONFLICT)
                .localHash(null).remoteHash(null).updated(now);
        if (!remote.offline()) RemoteCache.put(b, remote.item(), now);
        TaskSyncRecord stored = ctx.settings.records().update(b.build());
        ctx.audit.written(syncId, rec.taskId(), p.name(), rec.externalId(), changes, List.of());
        ctx.audit.resolved(syncId, conflict, resolution.choice().name(), resolutionValue(changes, conflict));
        changes.forEach(ch -> ctx.events.emit(SyncEvent.Type.FIELD_CHANGED, syncId, rec.taskId(), p.name(),
                ch.field(), "conflict " + conflict.id() + " resolved " + resolution.choice(), Map.of()));
        return new TaskSyncResult(rec.taskId(), true, remote.queued() ? TaskSyncResult.Outcome.QUEUED
                : TaskSyncResult.Outcome.UPDATED, stored.externalId(), changes, List.of(conflict), remote.offline(),
                Optional.empty());
    }

    /** The value the settlement chose: what it wrote, or (nothing written) the value both sides already had. */
    private static String resolutionValue(List<FieldChange> changes, ConflictRecord conflict) {
        return changes.isEmpty() ? conflict.localValue() : changes.get(0).newValue();
    }

    static IntegrationException noConflict(String id) {
        return IntegrationException.builder(ErrorCode.NOT_FOUND, "no pending conflict has id " + id
                + "; list them with conflicts()").build();
    }
}
