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
        String syncId = UUID.randomUUID().toString();
        try (LockProvider.Lock ignored = ctx.settings.locks().acquire(c.taskId(), ctx.settings.lockTimeout())) {
            TaskSyncRecord rec = ctx.settings.records().find(c.taskId()).orElseThrow(() -> noConflict(conflictId));
            ConflictRecord conflict = rec.conflicts().stream().filter(x -> x.id().equals(conflictId)).findFirst()
                    .orElseThrow(() -> noConflict(conflictId));
            Provider p = ctx.enabledProvider(rec.externalSystem());
            ZenTask task = ctx.settings.tasks().find(rec.taskId()).orElseThrow(() -> IntegrationException.builder(
                    ErrorCode.NOT_FOUND, "task " + rec.taskId() + " no longer exists; unlink it").build());
            FieldMapping mapping = p.mapping(rec);
            String f = conflict.field();
            ExternalItem item;
            boolean offline = false;
            try {
                item = p.gateway.get(rec.externalId());
            } catch (IntegrationException e) {
                if (!Offline.isUnavailable(e)) throw e;
                item = RemoteCache.get(rec).orElseThrow(() -> e);
                offline = true;
            }
            String l = ZenTasks.canonicalFields(task).get(f);
            String r = JsonDataMapper.INSTANCE.toZenFields(item, mapping).get(f);
            String value = switch (resolution.choice()) {
                case LOCAL -> l;
                case REMOTE -> r;
                case MERGED -> resolution.mergedValue();
            };
            List<FieldChange> changes = new ArrayList<>();
            Map<String, String> write = new LinkedHashMap<>();
            write.put(f, value);
            if (!Objects.equals(l, value)) {
                ctx.writeLocalOnce(task, write);
                changes.add(new FieldChange(f, FieldChange.Side.LOCAL, l, value));
            }
            Map<String, String> base = new LinkedHashMap<>(rec.baseSnapshot());
            List<PendingChange> pending = new ArrayList<>(rec.pendingChanges());
            boolean queued = false;
            if (!Objects.equals(r, value)) {
                changes.add(new FieldChange(f, FieldChange.Side.REMOTE, r, value));
                if (!offline) {
                    try {
                        item = p.gateway.update(rec.externalId(), JsonDataMapper.INSTANCE.toExternalFields(write, mapping));
                    } catch (IntegrationException e) {
                        if (!Offline.isUnavailable(e)) throw e;
                        offline = true;
                    }
                }
                if (offline) {
                    queued = true;
                    ThreeWayMerge.put(base, f, r);
                    outbox.queue(rec.toBuilder().baseSnapshot(base).build(), write, pending, syncId);
                }
            }
            if (!queued) ThreeWayMerge.put(base, f, value);
            List<ConflictRecord> remaining = rec.conflicts().stream().filter(x -> !x.id().equals(conflictId)).toList();
            Instant now = ctx.settings.clock().instant();
            TaskSyncRecord.Builder b = rec.toBuilder().baseSnapshot(base).conflicts(remaining).pendingChanges(pending)
                    .status(remaining.isEmpty() ? SyncStatus.ACTIVE : SyncStatus.CONFLICT).localHash(null)
                    .remoteHash(null).updated(now);
            if (!offline) RemoteCache.put(b, item, now);
            TaskSyncRecord stored = ctx.settings.records().update(b.build());
            changes.forEach(ch -> ctx.events.emit(SyncEvent.Type.FIELD_CHANGED, syncId, rec.taskId(), p.name(),
                    ch.field(), "conflict " + conflictId + " resolved " + resolution.choice(), Map.of()));
            return new TaskSyncResult(rec.taskId(), true, queued ? TaskSyncResult.Outcome.QUEUED
                    : TaskSyncResult.Outcome.UPDATED, stored.externalId(), changes, List.of(conflict), offline, null);
        }
    }

    static IntegrationException noConflict(String id) {
        return IntegrationException.builder(ErrorCode.NOT_FOUND, "no pending conflict has id " + id
                + "; list them with conflicts()").build();
    }
}
