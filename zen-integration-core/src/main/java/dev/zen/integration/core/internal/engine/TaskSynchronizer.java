package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.FieldChange;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.PendingChange;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Syncs one task: the remote side (or the offline cache), the outbox replay, the three-way merge, the writes
 * to Zen, the external system or the outbox, and the record. Called under the task's lock.
 */
final class TaskSynchronizer {
    private static final int LOCAL_RACE_ATTEMPTS = 3;

    private final Context ctx;
    private final Outbox outbox;

    TaskSynchronizer(Context ctx, Outbox outbox) {
        this.ctx = ctx;
        this.outbox = outbox;
    }

    TaskSyncResult syncTask(String taskId, SyncRequest request, String syncId) {
        String provider = null;
        String externalId = null;
        try {
            Optional<TaskSyncRecord> rec = ctx.settings.records().find(taskId);
            provider = rec.map(TaskSyncRecord::externalSystem).orElse(null);
            externalId = rec.map(TaskSyncRecord::externalId).orElse(null);
            if (!ctx.settings.enabled()) return ctx.skipped(taskId, externalId, syncId, provider, "integration is disabled");
            try (LockProvider.Lock ignored = ctx.settings.locks().acquire(taskId, ctx.settings.lockTimeout())) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        return syncLocked(taskId, request, syncId);
                    } catch (Context.LocalRace race) {
                        if (attempt >= LOCAL_RACE_ATTEMPTS) throw race.getCause();
                    }
                }
            }
        } catch (IntegrationException e) {
            return ctx.failure(taskId, externalId, provider, syncId, e, request.dryRun());
        } catch (RuntimeException e) {
            IntegrationException wrapped = IntegrationException.builder(ErrorCode.INVALID_DATA,
                    "task " + taskId + " could not be synced: " + e).cause(e).taskId(taskId).build();
            return ctx.failure(taskId, externalId, provider, syncId, wrapped, request.dryRun());
        }
    }

    TaskSyncResult syncLocked(String taskId, SyncRequest request, String syncId) {
        TaskSyncRecord rec = ctx.settings.records().find(taskId).orElse(null);
        if (rec == null) return ctx.skipped(taskId, null, syncId, null, "task is not linked");
        if (rec.status() == SyncStatus.PAUSED) return ctx.skipped(taskId, rec.externalId(), syncId, rec.externalSystem(),
                "link is paused");
        Provider p = ctx.provider(rec.externalSystem());
        if (!p.config.enabled()) return ctx.skipped(taskId, rec.externalId(), syncId, p.name(), "provider is disabled");
        SyncDirection dir = request.direction().restrictTo(rec.direction());
        dir = dir == null ? null : dir.restrictTo(p.config.syncDirection());
        if (dir == null) return ctx.skipped(taskId, rec.externalId(), syncId, p.name(),
                "the link's direction " + rec.direction() + " excludes " + request.direction());
        ZenTask task = ctx.settings.tasks().find(taskId).orElseThrow(() -> IntegrationException.builder(ErrorCode.NOT_FOUND,
                "task " + taskId + " no longer exists in the task store; unlink it with unlink(\"" + taskId + "\")")
                .taskId(taskId).provider(p.name()).build());

        // 1. the remote side, from the provider or (offline) from the cache
        ExternalItem item;
        boolean fromCache = false;
        try {
            item = p.gateway.get(rec.externalId());
        } catch (IntegrationException e) {
            if (!Offline.isUnavailable(e)) throw e;
            item = RemoteCache.get(rec).orElseThrow(() -> e.toBuilder().taskId(taskId).build());
            fromCache = true;
        }
        List<FieldChange> changes = new ArrayList<>();
        boolean canPush = !fromCache;

        // 2. the outbox: changes queued while the provider was down, in order, before anything new
        if (canPush && !rec.pendingChanges().isEmpty() && !request.dryRun()) {
            Outbox.Replay replay = outbox.replay(p, rec, item, syncId);
            rec = replay.record();
            item = replay.item();
            changes.addAll(replay.changes());
            canPush = !replay.offline();
        }

        // 3. the three-way merge
        FieldMapping mapping = p.mapping(rec);
        List<String> fields = new ArrayList<>();
        Map<String, SyncDirection> directions = new LinkedHashMap<>();
        for (String f : p.fields(rec)) {
            SyncDirection fd = dir.restrictTo(p.config.directionFor(f));
            if (fd != null) {
                fields.add(f);
                directions.put(f, fd);
            }
        }
        Map<String, String> local = Context.restrict(ZenTasks.canonicalFields(task), fields);
        Map<String, String> remote = JsonDataMapper.INSTANCE.toZenFields(item, mapping);
        remote.keySet().retainAll(fields);
        // the shortcut: both sides as at the last sync, under the same directions and strategies
        Map<String, String> settings = new LinkedHashMap<>();
        for (String f : fields) {
            settings.put(f, directions.get(f) + "/" + p.strategyFor(f, request.conflictStrategy(), rec));
        }
        String localHash = localHash(local, settings);
        if (!request.force() && !fromCache && changes.isEmpty() && rec.lastSyncTime() != null
                && rec.pendingChanges().isEmpty() && rec.conflicts().isEmpty()
                && localHash.equals(rec.localHash()) && Context.hash(remote).equals(rec.remoteHash())) {
            return ctx.result(taskId, rec, syncId, TaskSyncResult.Outcome.UNCHANGED, List.of(), List.of(), false);
        }
        TaskSyncRecord r0 = rec;
        ExternalItem fetched = item;
        SyncDirection runDirection = dir;
        ThreeWayMerge.Plan plan = ThreeWayMerge.merge(new ThreeWayMerge.Inputs(fields, rec.lastSyncTime() != null,
                rec.baseSnapshot(), local, remote, f -> directions.getOrDefault(f, runDirection),
                f -> p.strategyFor(f, request.conflictStrategy(), r0), task.updated(),
                f -> fetched.fieldChangedAt().getOrDefault(mapping.externalPath(f).orElse(f), fetched.updated()),
                rec.conflicts()), conflictFactory(r0));
        changes.addAll(plan.changes());
        List<ConflictRecord> reported = new ArrayList<>(plan.detected());
        plan.openConflicts().stream().filter(c -> !reported.contains(c)).forEach(reported::add);
        if (request.dryRun()) {
            emitChanges(syncId, taskId, p, changes, plan.detected(), request, r0, true);
            TaskSyncResult.Outcome outcome = !plan.openConflicts().isEmpty() ? TaskSyncResult.Outcome.CONFLICT
                    : changes.isEmpty() ? TaskSyncResult.Outcome.UNCHANGED : TaskSyncResult.Outcome.UPDATED;
            return ctx.result(taskId, rec, syncId, outcome, changes, reported, fromCache);
        }

        // 4. write: Zen first (a concurrent local edit restarts the task), then the external system or the outbox
        ZenTask after = plan.toLocal().isEmpty() ? task : ctx.writeLocal(task, plan.toLocal());
        Map<String, String> newBase = new LinkedHashMap<>(plan.newBase());
        List<PendingChange> pending = new ArrayList<>(rec.pendingChanges());
        boolean queued = false;
        ExternalItem remoteAfter = item;
        if (!plan.toRemote().isEmpty()) {
            if (canPush) {
                try {
                    remoteAfter = p.gateway.update(rec.externalId(),
                            JsonDataMapper.INSTANCE.toExternalFields(plan.toRemote(), mapping));
                } catch (IntegrationException e) {
                    if (!Offline.isUnavailable(e)) throw e;
                    canPush = false;
                }
            }
            if (!canPush) {
                queued = true;
                outbox.queue(rec, plan.toRemote(), pending, syncId);
                plan.toRemote().keySet().forEach(f -> ThreeWayMerge.put(newBase, f, r0.baseSnapshot().get(f)));
            }
        }
        Instant now = ctx.settings.clock().instant();
        TaskSyncRecord.Builder b = rec.toBuilder().baseSnapshot(newBase).conflicts(plan.openConflicts())
                .pendingChanges(pending).status(plan.openConflicts().isEmpty() ? SyncStatus.ACTIVE : SyncStatus.CONFLICT)
                .errorCount(0).lastError(null).updated(now);
        if (fromCache || queued) {
            b.localHash(null).remoteHash(null); // keep the unchanged shortcut off until the outbox is delivered
            if (!fromCache) RemoteCache.put(b, remoteAfter, now);
        } else {
            Map<String, String> remoteNow = JsonDataMapper.INSTANCE.toZenFields(remoteAfter, mapping);
            remoteNow.keySet().retainAll(fields);
            b.lastSyncTime(now).localHash(localHash(Context.restrict(ZenTasks.canonicalFields(after), fields), settings))
                    .remoteHash(Context.hash(remoteNow));
            RemoteCache.put(b, remoteAfter, now);
        }
        TaskSyncRecord stored = ctx.settings.records().update(b.build());
        ctx.mirror(taskId, fromCache ? null : remoteAfter, now);
        emitChanges(syncId, taskId, p, changes, plan.detected(), request, r0, false);
        TaskSyncResult.Outcome outcome = queued ? TaskSyncResult.Outcome.QUEUED
                : !plan.openConflicts().isEmpty() ? TaskSyncResult.Outcome.CONFLICT
                : changes.isEmpty() ? TaskSyncResult.Outcome.UNCHANGED : TaskSyncResult.Outcome.UPDATED;
        return ctx.result(taskId, stored, syncId, outcome, changes, reported, fromCache);
    }

    void emitChanges(String syncId, String taskId, Provider p, List<FieldChange> changes,
                             List<ConflictRecord> detected, SyncRequest request, TaskSyncRecord rec, boolean dryRun) {
        for (ConflictRecord c : detected) {
            ctx.events.emit(SyncEvent.Type.CONFLICT_DETECTED, syncId, taskId, p.name(), c.field(),
                    "both sides changed the field; strategy " + p.strategyFor(c.field(), request.conflictStrategy(), rec),
                    Map.of("conflict_id", c.id(), "dry_run", String.valueOf(dryRun)));
        }
        for (FieldChange c : changes) {
            ctx.events.emit(SyncEvent.Type.FIELD_CHANGED, syncId, taskId, p.name(), c.field(),
                    c.target() == FieldChange.Side.LOCAL
                            ? (dryRun ? "would pull from " : "pulled from ") + p.name() + " into Zen"
                            : (dryRun ? "would push to " : "pushed to ") + p.name(),
                    Map.of("dry_run", String.valueOf(dryRun),
                            "target", c.target().name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /**
     * The hash of the Zen side together with the effective direction and strategy of every field, so a sync in a
     * wider direction, or after the configuration changed, never takes the unchanged shortcut.
     */
    private static String localHash(Map<String, String> local, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(local);
        settings.forEach((f, v) -> all.put("\u0000" + f, v)); // field names never contain NUL
        return Context.hash(all);
    }

    ThreeWayMerge.ConflictFactory conflictFactory(TaskSyncRecord rec) {
        return (field, base, local, remote, localAt, remoteAt) -> new ConflictRecord(UUID.randomUUID().toString(),
                rec.taskId(), rec.externalSystem(), rec.externalId(), field, base, local, remote, localAt, remoteAt,
                ctx.settings.clock().instant());
    }
}
