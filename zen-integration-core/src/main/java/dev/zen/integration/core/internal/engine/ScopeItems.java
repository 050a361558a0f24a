package dev.zen.integration.core.internal.engine;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a scope sync does to one item or task: sync a linked item from the data just searched, import a new one,
 * publish a new local task, and apply {@code on_removed} to a link whose item was deleted or moved away.
 */
final class ScopeItems {
    /** The label an archived task gets ({@code on_removed: archive}). */
    static final String ARCHIVED_LABEL = "zen-archived";
    /** Record metadata of a link kept ({@code on_removed: keep}) after its item was removed: when it was found. */
    static final String REMOVED_AT = "scope.removed_at";
    /** The policies of {@code syncItems} for a provider without a scope: nothing is imported or unlinked. */
    static final ScopeConfig NO_SCOPE = ScopeConfig.builder().onNewRemote(ScopeConfig.OnNewRemote.IGNORE)
            .onRemoved(ScopeConfig.OnRemoved.KEEP).build();
    /** A Jira-style key ({@code SYNC-7}), whose prefix is the project. */
    private static final Pattern PROJECT_KEY = Pattern.compile("[A-Z][A-Z0-9_]*-\\d+");

    private final Context ctx;
    private final Links links;

    ScopeItems(Context ctx, Links links) {
        this.ctx = ctx;
        this.links = links;
    }

    /** A searched item: synced from the item itself if linked, else imported or skipped per {@code on_new_remote}. */
    TaskSyncResult handle(Provider p, ScopeConfig scope, ExternalItem item, LinkLookup links, Tally tally,
                          TaskSynchronizer sync) {
        String taskId = links.taskOf(item);
        if (taskId != null) return syncLinked(taskId, item, tally, sync);
        return handleUnlinked(p, scope, item, tally);
    }

    private TaskSyncResult handleUnlinked(Provider p, ScopeConfig scope, ExternalItem item, Tally tally) {
        if (scope.onNewRemote() == ScopeConfig.OnNewRemote.IGNORE) {
            tally.count(Tally.Kind.SKIPPED, true);
            return ctx.skipped(Links.importedTaskId(p.name(), item.key()), item.key(), tally.syncId, p.name(),
                    "not linked, and on_new_remote is ignore");
        }
        return importItem(p, item, tally);
    }

    /** A webhook's item: read once, then handled like a searched item, or as removed when it is gone or moved. */
    TaskSyncResult syncNamed(Provider p, ScopeConfig scope, String externalId, Tally tally, TaskSynchronizer sync) {
        Optional<TaskSyncRecord> rec = ctx.settings.records().findByExternal(p.name(), externalId);
        ExternalItem item;
        try {
            item = p.gateway.get(externalId);
        } catch (IntegrationException e) {
            if (e.code() != ErrorCode.NOT_FOUND) throw e;
            if (rec.isPresent()) return removed(p, scope, rec.get(), "deleted", tally);
            tally.count(Tally.Kind.SKIPPED, true);
            return ctx.skipped(Links.importedTaskId(p.name(), externalId), externalId, tally.syncId, p.name(),
                    "no such item");
        }
        if (rec.isEmpty()) rec = linked(p, item);
        if (!inProject(p, item)) {
            if (rec.isPresent()) return removed(p, scope, rec.get(), "moved to " + item.key(), tally);
            tally.count(Tally.Kind.SKIPPED, true);
            return ctx.skipped(Links.importedTaskId(p.name(), item.key()), item.key(), tally.syncId, p.name(),
                    "outside project " + p.config.projectKey());
        }
        if (rec.isPresent()) return syncLinked(rec.get().taskId(), item, tally, sync);
        if (scope.onNewRemote() == ScopeConfig.OnNewRemote.IMPORT && scope.filter() != null
                && !matchesFilter(p, scope, item)) {
            tally.count(Tally.Kind.SKIPPED, true);
            return ctx.skipped(Links.importedTaskId(p.name(), item.key()), item.key(), tally.syncId, p.name(),
                    "outside the scope filter");
        }
        return handleUnlinked(p, scope, item, tally);
    }

    /** A linked item the full enumeration lacked: read it once to tell deleted or moved from a lagging index. */
    TaskSyncResult checkMissing(Provider p, ScopeConfig scope, String taskId, Tally tally) {
        Optional<TaskSyncRecord> rec = ctx.settings.records().find(taskId);
        if (rec.isEmpty()) return ctx.skipped(taskId, null, tally.syncId, p.name(), "unlinked meanwhile");
        ExternalItem item;
        try {
            item = p.gateway.get(rec.get().externalId());
        } catch (IntegrationException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                tally.count(Tally.Kind.FAILED, false);
                return ctx.failure(taskId, rec.get().externalId(), p.name(), tally.syncId, e, false);
            }
            return removed(p, scope, rec.get(), "deleted", tally);
        }
        if (!inProject(p, item)) return removed(p, scope, rec.get(), "moved to " + item.key(), tally);
        if (scope.filter() != null && !stillMatches(p, scope, item)) {
            return removed(p, scope, rec.get(), "no longer matches the scope filter", tally);
        }
        return ctx.skipped(taskId, rec.get().externalId(), tally.syncId, p.name(),
                "in the scope but not yet in the search index");
    }

    /**
     * Whether the item still matches the scope's filter, asked as a search for just its id that the tracker answers
     * from current data ({@code consistent}: Jira's {@code reconcileIssues}), because the index that left it out of
     * the enumeration may only lag behind a recent edit.
     */
    private static boolean stillMatches(Provider p, ScopeConfig scope, ExternalItem item) {
        Map<String, Object> query = ScopeSync.query(scope, null);
        query.put("ids", List.of(item.id()));
        query.put("consistent", true);
        return p.gateway.search(query, null, 1).items().stream().anyMatch(i -> i.id().equals(item.id()));
    }

    private TaskSyncResult syncLinked(String taskId, ExternalItem item, Tally tally, TaskSynchronizer sync) {
        TaskSyncResult r = sync.syncTask(taskId, ScopeSync.one(taskId), tally.syncId, item);
        if (!r.success()) {
            tally.count(Tally.Kind.FAILED, true);
            return r;
        }
        tally.count(Tally.Kind.LINKED, true);
        if (r.outcome() == TaskSyncResult.Outcome.UPDATED || r.outcome() == TaskSyncResult.Outcome.CONFLICT) {
            tally.changed();
        }
        return r;
    }

    /**
     * Imports from the searched item. Losing a race to another instance (its record was inserted first, so ours
     * fails with SYNC_CONFLICT) counts as linked.
     */
    private TaskSyncResult importItem(Provider p, ExternalItem item, Tally tally) {
        String taskId = Links.importedTaskId(p.name(), item.key());
        try {
            ZenTask task = links.importFetched(p, item);
            tally.count(Tally.Kind.IMPORTED, true);
            return row(task.id(), item.key(), p.name(), tally, TaskSyncResult.Outcome.IMPORTED);
        } catch (IntegrationException e) {
            if (e.code() == ErrorCode.SYNC_CONFLICT && linked(p, item).isPresent()) {
                tally.count(Tally.Kind.LINKED, true);
                return ctx.skipped(linked(p, item).get().taskId(), item.key(), tally.syncId, p.name(),
                        "imported by another instance meanwhile");
            }
            tally.count(Tally.Kind.FAILED, true);
            return ctx.failure(taskId, item.key(), p.name(), tally.syncId, e, false);
        }
    }

    /** Local tasks that no link holds, that no import created and that are not archived: what publish sends. */
    List<String> unpublished() {
        List<String> ids = new ArrayList<>();
        for (ZenTask t : ctx.settings.tasks().list()) {
            if (t.labels().contains(ARCHIVED_LABEL) || ScopeSync.imported(t, ctx.providers)) continue;
            if (ctx.settings.records().find(t.id()).isEmpty()) ids.add(t.id());
        }
        return ids;
    }

    TaskSyncResult publish(Provider p, String taskId, Tally tally) {
        try {
            TaskSyncRecord rec = links.publish(taskId, p.name());
            tally.count(Tally.Kind.PUBLISHED, false);
            return row(taskId, rec.externalId(), p.name(), tally, TaskSyncResult.Outcome.PUBLISHED);
        } catch (IntegrationException e) {
            if (e.code() == ErrorCode.SYNC_CONFLICT) {
                return ctx.skipped(taskId, null, tally.syncId, p.name(), "linked meanwhile");
            }
            tally.count(Tally.Kind.FAILED, false);
            return ctx.failure(taskId, null, p.name(), tally.syncId, e, false);
        }
    }

    /** Applies {@code on_removed} under the task's lock. Zen data is never deleted. */
    TaskSyncResult removed(Provider p, ScopeConfig scope, TaskSyncRecord rec, String why, Tally tally) {
        String taskId = rec.taskId();
        try (LockProvider.Lock ignored = ctx.settings.locks().acquire(taskId, ctx.settings.lockTimeout())) {
            Optional<TaskSyncRecord> now = ctx.settings.records().find(taskId);
            if (now.isEmpty()) return ctx.skipped(taskId, rec.externalId(), tally.syncId, p.name(), "unlinked meanwhile");
            Instant at = ctx.settings.clock().instant();
            String reason = p.name() + " " + rec.externalId() + " was " + why;
            switch (scope.onRemoved()) {
                case KEEP -> ctx.settings.records().update(now.get().toBuilder().status(SyncStatus.ERROR)
                        .lastError("NOT_FOUND: " + reason + "; the link is kept (on_removed: keep)")
                        .metadata(REMOVED_AT, at.toString()).updated(at).build());
                case ARCHIVE -> {
                    if (ctx.settings.tasks().find(taskId).isPresent()) {
                        ctx.settings.tasks().edit(taskId, b -> b.labels(withArchived(b.build().labels())));
                    }
                    unlink(now.get(), reason);
                }
                case UNLINK -> unlink(now.get(), reason);
            }
            tally.count(Tally.Kind.REMOVED, false);
            return row(taskId, rec.externalId(), p.name(), tally, TaskSyncResult.Outcome.REMOVED);
        } catch (IntegrationException e) {
            tally.count(Tally.Kind.FAILED, false);
            return ctx.failure(taskId, rec.externalId(), p.name(), tally.syncId, e, false);
        }
    }

    private void unlink(TaskSyncRecord rec, String reason) {
        ctx.settings.records().delete(rec.taskId()); // queued changes for a removed item can never be delivered
        ctx.audit.link(AuditEntry.Action.UNLINKED, rec.taskId(), rec.externalSystem(), rec.externalId(),
                Map.of("reason", reason, "dropped_pending", String.valueOf(rec.pendingChanges().size())));
    }

    private static List<String> withArchived(List<String> labels) {
        if (labels.contains(ARCHIVED_LABEL)) return labels;
        List<String> out = new ArrayList<>(labels);
        out.add(ARCHIVED_LABEL);
        return out;
    }

    private Optional<TaskSyncRecord> linked(Provider p, ExternalItem item) {
        Optional<TaskSyncRecord> byKey = ctx.settings.records().findByExternal(p.name(), item.key());
        return byKey.isPresent() ? byKey : ctx.settings.records().findByExternal(p.name(), item.id());
    }

    /** Whether an item with a project-prefixed key ({@code SYNC-7}) is still in the provider's project. */
    static boolean inProject(Provider p, ExternalItem item) {
        String project = p.config.projectKey();
        if (project == null || !PROJECT_KEY.matcher(item.key()).matches()) return true;
        return item.key().startsWith(project + "-");
    }

    private boolean matchesFilter(Provider p, ScopeConfig scope, ExternalItem item) {
        Map<String, Object> q = ScopeSync.query(scope, null);
        q.put("keys", List.of(item.key()));
        return p.gateway.search(q, null, 1).items().stream().anyMatch(i -> i.id().equals(item.id()));
    }

    private TaskSyncResult row(String taskId, String externalId, String provider, Tally tally,
                               TaskSyncResult.Outcome outcome) {
        ctx.events.emit(SyncEvent.Type.TASK_SYNCED, tally.syncId, taskId, provider, null, outcome.name(),
                Map.of("outcome", outcome.name()));
        return new TaskSyncResult(taskId, true, outcome, externalId, List.of(), List.of(), false, Optional.empty());
    }
}
