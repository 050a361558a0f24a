package dev.zen.integration.core.internal.engine;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.spi.LockProvider;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Import, link, unlink and publish: everything that creates or removes the link between a task and an item.
 */
final class Links {
    /**
     * A new link does not narrow the direction itself: the provider's sync_direction and field directions apply on
     * top of it at every sync, so changing the configuration takes effect for existing links too.
     */
    private static final SyncDirection LINK_DIRECTION = SyncDirection.BIDIRECTIONAL;

    private final Context ctx;

    Links(Context ctx) {
        this.ctx = ctx;
    }

    ZenTask importItem(String providerName, String externalId) {
        Provider p = ctx.enabledProvider(providerName);
        return importFetched(p, p.gateway.get(externalId));
    }

    /** The task id an import of {@code key} creates: {@code <provider>-<key>}. */
    static String importedTaskId(String provider, String key) {
        return provider + "-" + key;
    }

    /** Imports an item already read (by a GET or a search page) as a new task, without reading it again. */
    ZenTask importFetched(Provider p, ExternalItem item) {
        ctx.settings.records().findByExternal(p.name(), item.key()).ifPresent(r -> {
            throw Context.alreadyLinked(p.name() + " " + item.key() + " is already linked to task " + r.taskId(), r.taskId());
        });
        String taskId = importedTaskId(p.name(), item.key());
        try (LockProvider.Lock ignored = ctx.settings.locks().acquire(taskId, ctx.settings.lockTimeout())) {
            FieldMapping mapping = p.mapping(null);
            List<String> fields = p.fields(null);
            ZenTask fresh;
            try {
                fresh = Context.restrictTask(p.mapper.toZenTask(taskId, item, mapping), fields);
            } catch (IllegalArgumentException e) {
                throw IntegrationException.builder(ErrorCode.INVALID_DATA, p.name() + " " + item.key()
                        + " cannot become a Zen task: " + e.getMessage()).provider(p.name()).cause(e).build();
            }
            Optional<ZenTask> existing = ctx.settings.tasks().find(taskId);
            ZenTask task;
            if (existing.isPresent()) {
                // an earlier import may have stopped between creating the task and linking it: resume that one
                boolean same = Context.restrict(ZenTasks.canonicalFields(existing.get()), fields)
                        .equals(Context.restrict(ZenTasks.canonicalFields(fresh), fields));
                if (!same || ctx.settings.records().find(taskId).isPresent()) {
                    throw Context.alreadyLinked("task " + taskId + " already exists with other data; link it with link(\""
                            + taskId + "\", \"" + p.name() + "\", \"" + item.key() + "\") instead", taskId).toBuilder()
                            .detail("reason", "already_exists").build();
                }
                task = existing.get();
            } else {
                task = ctx.settings.tasks().create(fresh);
            }
            Instant now = ctx.settings.clock().instant();
            TaskSyncRecord.Builder b = TaskSyncRecord.link(taskId, p.name(), item.key(), LINK_DIRECTION, now)
                    .toBuilder().lastSyncTime(now).baseSnapshot(Context.restrict(ZenTasks.canonicalFields(task), fields));
            RemoteCache.put(b, item, now);
            ctx.settings.records().insert(b.build());
            ctx.audit.link(AuditEntry.Action.IMPORTED, taskId, p.name(), item.key(), Map.of());
            ctx.mirror(taskId, item, now);
            return task;
        }
    }

    TaskSyncRecord link(String taskId, String providerName, String externalId) {
        Provider p = ctx.enabledProvider(providerName);
        try (LockProvider.Lock ignored = ctx.settings.locks().acquire(taskId, ctx.settings.lockTimeout())) {
            ctx.settings.tasks().find(taskId).orElseThrow(() -> IntegrationException.builder(ErrorCode.NOT_FOUND, "task "
                    + taskId + " does not exist; create it in the task store first").taskId(taskId).build());
            ctx.settings.records().find(taskId).ifPresent(r -> {
                throw Context.alreadyLinked("task " + taskId + " is already linked to " + r.externalSystem() + " "
                        + r.externalId() + "; unlink it first", taskId);
            });
            ExternalItem item = p.gateway.get(externalId);
            Instant now = ctx.settings.clock().instant();
            TaskSyncRecord.Builder b = TaskSyncRecord.link(taskId, p.name(), item.key(), LINK_DIRECTION, now)
                    .toBuilder();
            RemoteCache.put(b, item, now);
            TaskSyncRecord stored = ctx.settings.records().insert(b.build());
            ctx.audit.link(AuditEntry.Action.LINKED, taskId, p.name(), item.key(), Map.of());
            ctx.mirror(taskId, item, now);
            return stored;
        }
    }

    void unlink(String taskId) {
        try (LockProvider.Lock ignored = ctx.settings.locks().acquire(taskId, ctx.settings.lockTimeout())) {
            Optional<TaskSyncRecord> rec = ctx.settings.records().find(taskId);
            if (rec.isEmpty()) return;
            int queued = rec.get().pendingChanges().size();
            if (queued > 0) {
                throw IntegrationException.builder(ErrorCode.SYNC_CONFLICT, "task " + taskId + " still has " + queued
                        + " change(s) queued for " + rec.get().externalSystem() + " " + rec.get().externalId()
                        + " that were never delivered; deliver them with flushPending(), or drop them with"
                        + " discardPending(\"" + taskId + "\"), then unlink").taskId(taskId).detail("reason", "pending_changes")
                        .provider(rec.get().externalSystem()).build();
            }
            ctx.settings.records().delete(taskId);
            ctx.audit.link(AuditEntry.Action.UNLINKED, taskId, rec.get().externalSystem(), rec.get().externalId(),
                    Map.of());
        }
    }

    TaskSyncRecord publish(String taskId, String providerName) {
        Provider p = ctx.enabledProvider(providerName);
        try (LockProvider.Lock ignored = ctx.settings.locks().acquire(taskId, ctx.settings.lockTimeout())) {
            ctx.settings.records().find(taskId).ifPresent(r -> {
                throw Context.alreadyLinked("task " + taskId + " is already linked to " + r.externalSystem() + " "
                        + r.externalId() + "; it was published before", taskId);
            });
            ZenTask task = ctx.settings.tasks().find(taskId).orElseThrow(() -> IntegrationException.builder(ErrorCode.NOT_FOUND,
                    "task " + taskId + " does not exist").taskId(taskId).build());
            FieldMapping mapping = p.mapping(null);
            Map<String, String> local = Context.restrict(ZenTasks.canonicalFields(task), p.fields(null));
            Map<String, String> sent = new LinkedHashMap<>();
            local.forEach((f, v) -> {
                if (f.equals("title") || p.config.directionFor(f).pushes()) sent.put(f, v);
            });
            ExternalItem item = p.gateway.create(p.mapper.toExternalFields(sent, mapping),
                    "zen-task:" + taskId);
            ctx.settings.records().findByExternal(p.name(), item.key()).ifPresent(r -> {
                throw Context.alreadyLinked(p.name() + " " + item.key() + " is already linked to task " + r.taskId(), taskId);
            });
            Map<String, String> remote = p.mapper.toZenFields(item, mapping);
            Map<String, String> base = new LinkedHashMap<>();
            Map<String, String> pull = new LinkedHashMap<>();
            for (String f : p.fields(null)) {
                if (sent.containsKey(f)) {
                    ThreeWayMerge.put(base, f, sent.get(f)); // what we wrote is the base: no echo
                } else {
                    ThreeWayMerge.put(base, f, remote.get(f));
                    if (!Objects.equals(local.get(f), remote.get(f)) && p.config.directionFor(f).pulls()) {
                        pull.put(f, remote.get(f));
                    }
                }
            }
            if (!pull.isEmpty()) ctx.writeLocalOnce(task, pull);
            Instant now = ctx.settings.clock().instant();
            TaskSyncRecord.Builder b = TaskSyncRecord.link(taskId, p.name(), item.key(), LINK_DIRECTION, now)
                    .toBuilder().lastSyncTime(now).baseSnapshot(base);
            RemoteCache.put(b, item, now);
            TaskSyncRecord stored = ctx.settings.records().insert(b.build());
            ctx.audit.link(AuditEntry.Action.PUBLISHED, taskId, p.name(), item.key(), Map.of());
            ctx.mirror(taskId, item, now);
            return stored;
        }
    }
}
