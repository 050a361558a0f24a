package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
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
import dev.zen.integration.core.config.CommentSync;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Syncs one task: the remote side (or the offline cache), the outbox replay, the three-way merge, the writes
 * to Zen, the external system or the outbox, and the record. Called under the task's lock.
 */
final class TaskSynchronizer {
    private static final int LOCAL_RACE_ATTEMPTS = 3;

    private final Context ctx;
    private final Outbox outbox;
    private final CommentSynchronizer comments;

    TaskSynchronizer(Context ctx, Outbox outbox) {
        this.ctx = ctx;
        this.outbox = outbox;
        this.comments = new CommentSynchronizer(ctx);
    }

    TaskSyncResult syncTask(String taskId, SyncRequest request, String syncId) {
        return syncTask(taskId, request, syncId, null);
    }

    /**
     * {@link #syncTask(String, SyncRequest, String)} using {@code prefetched} (an item a search page just returned)
     * as the remote side instead of reading it again; null reads it as usual.
     */
    TaskSyncResult syncTask(String taskId, SyncRequest request, String syncId, ExternalItem prefetched) {
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
                        return withComments(syncPass(taskId, request, syncId, List.of(),
                                attempt == 1 ? prefetched : null), request, syncId);
                    } catch (Context.LocalRace race) {
                        if (attempt >= LOCAL_RACE_ATTEMPTS) throw race.getCause();
                    }
                }
            }
        } catch (Context.PartialFailure e) {
            return ctx.failure(taskId, externalId, provider, syncId, e.getCause(), request.dryRun(), e.written());
        } catch (IntegrationException e) {
            return ctx.failure(taskId, externalId, provider, syncId, e, request.dryRun());
        } catch (RuntimeException e) {
            IntegrationException wrapped = Context.internalError("task " + taskId + " could not be synced", e)
                    .toBuilder().taskId(taskId).build();
            return ctx.failure(taskId, externalId, provider, syncId, wrapped, request.dryRun());
        }
    }

    /**
     * After the fields, the comments (when the provider's {@code comments} setting is on): not in a dry run, nor when
     * the fields were skipped, failed or read from the offline cache. A comment failure fails the result, keeping
     * the field changes already written; the next sync carries on where it stopped.
     */
    private TaskSyncResult withComments(TaskSyncResult r, SyncRequest request, String syncId) {
        if (request.dryRun() || r.fromCache() || r.outcome() == TaskSyncResult.Outcome.SKIPPED
                || r.outcome() == TaskSyncResult.Outcome.FAILED) {
            return r;
        }
        TaskSyncRecord rec = ctx.settings.records().find(r.taskId()).orElse(null);
        if (rec == null) return r;
        Provider p = ctx.provider(rec.externalSystem());
        SyncDirection dir = direction(request, rec, p);
        if (dir == null || p.config.comments() == CommentSync.OFF) return r;
        try {
            comments.sync(syncId, r.taskId(), p, dir);
        } catch (IntegrationException e) {
            throw new Context.PartialFailure(e, r.changes());
        }
        return r;
    }

    /** The spec's algorithm for one linked task: fetch, replay the outbox, merge, apply, record. */
    TaskSyncResult syncLocked(String taskId, SyncRequest request, String syncId) {
        return syncPass(taskId, request, syncId, List.of(), null);
    }

    /**
     * One pass of {@link #syncLocked}. A second pass follows when the external system reported a concurrent edit of
     * a field this pass wrote (someone changed it between our read and our write): that field was not delivered,
     * so it is merged again against the person's value, with {@code carried} the changes the first pass made.
     */
    private TaskSyncResult syncPass(String taskId, SyncRequest request, String syncId, List<FieldChange> carried,
                                    ExternalItem prefetched) {
        TaskSyncRecord rec = ctx.settings.records().find(taskId).orElse(null);
        String skip = skipReason(rec, request);
        if (skip != null) {
            return ctx.skipped(taskId, rec == null ? null : rec.externalId(), syncId,
                    rec == null ? null : rec.externalSystem(), skip);
        }
        Run run = new Run(taskId, request, syncId, rec, ctx.provider(rec.externalSystem()));
        run.changes.addAll(carried);
        run.carried = carried.size();
        fetch(run, prefetched);
        if (run.canPush && !rec.pendingChanges().isEmpty() && !request.dryRun()) replayOutbox(run);
        Merge merge = merge(run);
        if (merge.unchanged()) {
            return ctx.result(taskId, run.rec, syncId, TaskSyncResult.Outcome.UNCHANGED, List.of(), List.of(), false);
        }
        run.changes.addAll(merge.plan().changes());
        if (request.dryRun()) return dryRunResult(run, merge);
        Applied applied = apply(run, merge);
        try {
            TaskSyncRecord stored = record(run, merge, applied);
            if (!applied.concurrent().isEmpty() && carried.isEmpty()) {
                return syncPass(taskId, request, syncId, run.changes, null);
            }
            return result(run, merge, applied, stored);
        } catch (IntegrationException e) { // both sides were written (or the outbox was to be); only the record was not
            List<FieldChange> written = new ArrayList<>(run.changes);
            if (applied.queued()) written.removeIf(c -> isPlannedPush(merge.plan(), c)); // the queue was not stored
            throw written(run, e, written);
        }
    }

    private static boolean isPlannedPush(ThreeWayMerge.Plan plan, FieldChange c) {
        return c.target() == FieldChange.Side.REMOTE && plan.changes().stream().anyMatch(x -> x == c);
    }

    /** The failure of a run after {@code written} reached Zen or the external system (replayed or merged changes). */
    private Context.PartialFailure written(Run run, IntegrationException e, List<FieldChange> written) {
        emitChanges(run.syncId, run.taskId, run.p, written.subList(Math.min(run.carried, written.size()),
                written.size()), List.of(), run.request, run.rec, false);
        return new Context.PartialFailure(e, written);
    }

    /** Why the task is not synced now (not linked, paused, provider disabled, direction excluded), or null. */
    private String skipReason(TaskSyncRecord rec, SyncRequest request) {
        if (rec == null) return "task is not linked";
        if (rec.status() == SyncStatus.PAUSED) return "link is paused";
        if (ctx.pausedReason(rec.externalSystem()) != null) return ctx.pausedReason(rec.externalSystem());
        Provider p = ctx.provider(rec.externalSystem());
        if (!p.config.enabled()) return "provider is disabled";
        if (direction(request, rec, p) == null) {
            return "the link's direction " + rec.direction() + " excludes " + request.direction();
        }
        return null;
    }

    private static SyncDirection direction(SyncRequest request, TaskSyncRecord rec, Provider p) {
        SyncDirection dir = request.direction().restrictTo(rec.direction());
        return dir == null ? null : dir.restrictTo(p.config.syncDirection());
    }

    /** One task's sync in progress. */
    private final class Run {
        final String taskId;
        final SyncRequest request;
        final String syncId;
        final Provider p;
        final SyncDirection dir;
        final ZenTask task;
        final List<FieldChange> changes = new ArrayList<>();
        TaskSyncRecord rec;
        ExternalItem item;
        int carried; // how many of changes an earlier pass of this sync made (and already reported as events)
        boolean fromCache;
        boolean canPush;

        Run(String taskId, SyncRequest request, String syncId, TaskSyncRecord rec, Provider p) {
            this.taskId = taskId;
            this.request = request;
            this.syncId = syncId;
            this.rec = rec;
            this.p = p;
            this.dir = direction(request, rec, p);
            this.task = ctx.settings.tasks().find(taskId).orElseThrow(() -> IntegrationException.builder(
                    ErrorCode.NOT_FOUND, "task " + taskId + " no longer exists in the task store; unlink it with"
                            + " unlink(\"" + taskId + "\")").taskId(taskId).provider(p.name()).build());
        }
    }

    /** 1. The remote side, from the provider or (offline) from the cache. */
    private void fetch(Run run, ExternalItem prefetched) {
        if (prefetched != null && (prefetched.key().equals(run.rec.externalId())
                || prefetched.id().equals(run.rec.externalId())) && !olderThanCached(prefetched, run.rec)) {
            run.item = prefetched;
            run.canPush = true;
            return;
        }
        Context.Fetched fetched = ctx.fetch(run.p, run.rec);
        run.item = fetched.item();
        run.fromCache = fetched.fromCache();
        run.canPush = !fetched.fromCache();
    }

    /**
     * Whether a searched item is older than what the link last saw (a lagging search index): merging it would pull
     * stale values back, so the item is read again instead.
     */
    private static boolean olderThanCached(ExternalItem item, TaskSyncRecord rec) {
        Instant cached = RemoteCache.get(rec).map(ExternalItem::updated).orElse(null);
        return cached != null && (item.updated() == null || item.updated().isBefore(cached));
    }

    /** 2. Changes queued while the provider was down, in order, before anything new. */
    private void replayOutbox(Run run) {
        Outbox.Replay replay = outbox.replay(run.p, run.rec, run.item, run.syncId);
        run.rec = replay.record();
        run.item = replay.item();
        run.changes.addAll(replay.changes());
        run.canPush = !replay.offline();
    }

    /** The merge of one run: the fields in play, both sides, the settings hash and the plan. */
    private record Merge(List<String> fields, FieldMapping mapping, Map<String, String> settings, String localHash,
                         Map<String, String> remote, ThreeWayMerge.Plan plan, boolean unchanged) {}

    /** 3. The three-way merge, or the shortcut when both sides are as at the last sync. */
    private Merge merge(Run run) {
        TaskSyncRecord rec = run.rec;
        FieldMapping mapping = run.p.mapping(rec);
        Map<String, SyncDirection> directions = new LinkedHashMap<>();
        Map<String, SyncDirection> owners = new LinkedHashMap<>();
        SyncDirection configured = rec.direction().restrictTo(run.p.config.syncDirection());
        for (String f : run.p.fields(rec)) {
            SyncDirection fd = run.dir.restrictTo(run.p.config.directionFor(f));
            if (fd == null) continue;
            directions.put(f, fd);
            owners.put(f, configured.restrictTo(run.p.config.directionFor(f)));
        }
        List<String> fields = List.copyOf(directions.keySet());
        Map<String, String> local = Context.restrict(ZenTasks.canonicalFields(run.task), fields);
        ProviderMapper.Pulled pulled = run.p.mapper.pull(run.item, mapping, rec.baseSnapshot());
        Map<String, String> remote = new LinkedHashMap<>(pulled.values());
        // an unmapped value the value map skips reads as unchanged: the merge keeps the base, never clears the field
        pulled.skipped().forEach(f -> ThreeWayMerge.put(remote, f, rec.baseSnapshot().get(f)));
        remote.keySet().retainAll(fields);
        Map<String, String> settings = new LinkedHashMap<>();
        fields.forEach(f -> settings.put(f, directions.get(f) + "/" + strategy(run, f)));
        String localHash = localHash(local, settings);
        boolean unchanged = !run.request.force() && !run.fromCache && run.changes.isEmpty()
                && rec.lastSyncTime() != null && rec.pendingChanges().isEmpty() && rec.conflicts().isEmpty()
                && localHash.equals(rec.localHash()) && Context.hash(remote).equals(rec.remoteHash());
        if (unchanged) return new Merge(fields, mapping, settings, localHash, remote, null, true);
        ExternalItem fetched = run.item;
        ThreeWayMerge.Plan plan = ThreeWayMerge.merge(new ThreeWayMerge.Inputs(fields, rec.lastSyncTime() != null,
                rec.baseSnapshot(), local, remote, directions::get, owners::get, f -> strategy(run, f), run.task.updated(),
                f -> fetched.fieldChangedAt().getOrDefault(mapping.externalPath(f).orElse(f), fetched.updated()),
                rec.conflicts()), conflictFactory(rec));
        return new Merge(fields, mapping, settings, localHash, remote, plan, false);
    }

    private ConflictStrategy strategy(Run run, String field) {
        return run.p.strategyFor(field, run.request.conflictStrategy(), run.rec);
    }

    private TaskSyncResult dryRunResult(Run run, Merge merge) {
        ThreeWayMerge.Plan plan = merge.plan();
        emitChanges(run.syncId, run.taskId, run.p, run.changes, plan.detected(), run.request, run.rec, true);
        TaskSyncResult.Outcome outcome = !plan.openConflicts().isEmpty() ? TaskSyncResult.Outcome.CONFLICT
                : run.changes.isEmpty() ? TaskSyncResult.Outcome.UNCHANGED : TaskSyncResult.Outcome.UPDATED;
        return ctx.result(run.taskId, run.rec, run.syncId, outcome, run.changes, reported(plan), run.fromCache);
    }

    /**
     * What {@link #apply} wrote; {@code concurrent} are the pushed fields the external system reports someone else
     * changed during the write, which therefore keep their old base and hold that person's value there.
     */
    private record Applied(ZenTask local, ExternalItem remote, Map<String, String> newBase,
                           List<PendingChange> pending, boolean queued, Set<String> concurrent) {
        Applied(ZenTask local, ExternalItem remote, Map<String, String> newBase, List<PendingChange> pending,
                boolean queued) {
            this(local, remote, newBase, pending, queued, Set.of());
        }
    }

    /** 4. Zen first (a concurrent local edit restarts the task), then the external system or the outbox. */
    private Applied apply(Run run, Merge merge) {
        ThreeWayMerge.Plan plan = merge.plan();
        ZenTask after;
        try {
            after = plan.toLocal().isEmpty() ? run.task : ctx.writeLocal(run.task, plan.toLocal());
        } catch (IntegrationException e) {
            if (run.changes.size() == plan.changes().size()) throw e;
            throw written(run, e, run.changes.subList(0, run.changes.size() - plan.changes().size()));
        }
        Map<String, String> newBase = new LinkedHashMap<>(plan.newBase());
        List<PendingChange> pending = new ArrayList<>(run.rec.pendingChanges());
        ExternalItem remoteAfter = run.item;
        if (plan.toRemote().isEmpty()) return new Applied(after, remoteAfter, newBase, pending, false);
        if (run.canPush) {
            try {
                return pushed(run, merge, after, newBase, pending);
            } catch (IntegrationException e) {
                if (!Offline.isUnavailable(e)) throw written(run, e, delivered(run, writtenBefore(run, merge)));
            }
        }
        outbox.queue(run.rec, plan.toRemote(), pending, run.syncId);
        plan.toRemote().keySet().forEach(f -> ThreeWayMerge.put(newBase, f, run.rec.baseSnapshot().get(f)));
        return new Applied(after, remoteAfter, newBase, pending, true);
    }

    /**
     * Sends the plan's pushes with the values the merge read, so the plugin can tell a concurrent edit of one of
     * them; such a field keeps its old base and its push is not reported (the next pass merges it again).
     */
    private Applied pushed(Run run, Merge merge, ZenTask after, Map<String, String> newBase,
                           List<PendingChange> pending) {
        ThreeWayMerge.Plan plan = merge.plan();
        Map<String, String> expected = new LinkedHashMap<>();
        plan.toRemote().keySet().forEach(f -> expected.put(f, merge.remote().get(f)));
        PluginGateway.Updated u = run.p.gateway.update(run.rec.externalId(),
                run.p.mapper.toExternalFields(plan.toRemote(), merge.mapping()),
                run.p.mapper.expected(expected, merge.mapping(), run.item), run.item.updated());
        Set<String> concurrent = concurrentFields(u.concurrent(), plan.toRemote().keySet(), merge.mapping());
        for (String f : concurrent) {
            ThreeWayMerge.put(newBase, f, run.rec.baseSnapshot().get(f));
            run.changes.removeIf(c -> c.field().equals(f) && isPlannedPush(plan, c));
        }
        // a value the value map skips was not written: the base stays what the item holds, and no push is reported
        for (String f : run.p.mapper.skippedOnPush(plan.toRemote())) {
            ThreeWayMerge.put(newBase, f, merge.remote().get(f));
            run.changes.removeIf(c -> c.field().equals(f) && isPlannedPush(plan, c));
        }
        return new Applied(after, u.item(), newBase, pending, false, concurrent);
    }

    /** The Zen fields among {@code pushed} whose external field (first path segment) the plugin reported. */
    static Set<String> concurrentFields(Set<String> reported, Set<String> pushed, FieldMapping mapping) {
        if (reported.isEmpty()) return Set.of();
        Set<String> out = new LinkedHashSet<>();
        for (String f : pushed) {
            String path = mapping.externalPath(f).orElse(f);
            int dot = path.indexOf('.');
            if (reported.contains(dot < 0 ? path : path.substring(0, dot)) || reported.contains(f)) out.add(f);
        }
        return out;
    }

    /**
     * Records the base of what a failed run wrote all the same (pulled into Zen, or pushed fields the item holds),
     * so a later edit of such a field on one side is no conflict with the base it replaced. Best effort: the failure
     * is reported either way. Returns {@code written}.
     */
    private List<FieldChange> delivered(Run run, List<FieldChange> written) {
        Map<String, String> base = new LinkedHashMap<>(run.rec.baseSnapshot());
        written.forEach(c -> ThreeWayMerge.put(base, c.field(), c.newValue()));
        if (base.equals(run.rec.baseSnapshot())) return written;
        try {
            run.rec = ctx.settings.records().update(run.rec.toBuilder().baseSnapshot(base).localHash(null)
                    .remoteHash(null).updated(ctx.settings.clock().instant()).build());
        } catch (IntegrationException notStored) {
            // the next sync sees the old base; the failure is what the result reports
        }
        return written;
    }

    /**
     * What a run wrote before the external system refused its update: the replayed and pulled changes, and the pushed
     * fields the item now holds (a tracker may write some fields of an update before refusing another, as Jira does
     * with a summary before an impossible status transition). The item is read again to know; if that read fails
     * too, only the changes known to be written are reported.
     */
    private List<FieldChange> writtenBefore(Run run, Merge merge) {
        ThreeWayMerge.Plan plan = merge.plan();
        Map<String, String> now = null;
        try {
            now = run.p.mapper.toZenFields(run.p.gateway.get(run.rec.externalId()), merge.mapping());
        } catch (IntegrationException readFailed) {
            // reported conservatively below
        }
        Map<String, String> remoteNow = now;
        List<FieldChange> written = new ArrayList<>();
        for (FieldChange c : run.changes) {
            boolean pushedNow = isPlannedPush(plan, c);
            boolean landed = remoteNow != null && Objects.equals(remoteNow.get(c.field()), c.newValue());
            if (!pushedNow || landed) written.add(c);
        }
        return written;
    }

    /**
     * 5. The new base, hashes and cache in the record (version + 1). The remote hash is that of the remote state the
     * base describes (what the merge read, plus what this run delivered), not of the item read after the write: a
     * field someone changed in between must make the next sync merge, not take the unchanged shortcut.
     */
    private TaskSyncRecord record(Run run, Merge merge, Applied applied) {
        ThreeWayMerge.Plan plan = merge.plan();
        Instant now = ctx.settings.clock().instant();
        TaskSyncRecord.Builder b = run.rec.toBuilder().baseSnapshot(applied.newBase())
                .conflicts(plan.openConflicts()).pendingChanges(applied.pending())
                .status(plan.openConflicts().isEmpty() ? SyncStatus.ACTIVE : SyncStatus.CONFLICT)
                .errorCount(0).lastError(null).updated(now);
        if (run.fromCache || applied.queued()) {
            b.localHash(null).remoteHash(null); // keep the unchanged shortcut off until the outbox is delivered
            if (!run.fromCache) RemoteCache.put(b, applied.remote(), now);
        } else {
            Map<String, String> described = new LinkedHashMap<>(merge.remote());
            plan.toRemote().forEach((f, v) -> {
                if (!applied.concurrent().contains(f)) ThreeWayMerge.put(described, f, v);
            });
            Map<String, String> localNow = Context.restrict(ZenTasks.canonicalFields(applied.local()), merge.fields());
            b.lastSyncTime(now).localHash(localHash(localNow, merge.settings()))
                    .remoteHash(applied.concurrent().isEmpty() ? Context.hash(described) : null);
            RemoteCache.put(b, applied.remote(), now);
        }
        TaskSyncRecord stored = ctx.settings.records().update(b.build());
        ctx.mirror(run.taskId, run.fromCache ? null : applied.remote(), now);
        emitChanges(run.syncId, run.taskId, run.p, run.changes.subList(run.carried, run.changes.size()),
                plan.detected(), run.request, run.rec, false, c -> applied.queued() && isPlannedPush(plan, c));
        return stored;
    }

    /** The result of a run that stored its record. */
    private TaskSyncResult result(Run run, Merge merge, Applied applied, TaskSyncRecord stored) {
        ThreeWayMerge.Plan plan = merge.plan();
        TaskSyncResult.Outcome outcome = applied.queued() ? TaskSyncResult.Outcome.QUEUED
                : !plan.openConflicts().isEmpty() ? TaskSyncResult.Outcome.CONFLICT
                : run.changes.isEmpty() ? TaskSyncResult.Outcome.UNCHANGED : TaskSyncResult.Outcome.UPDATED;
        return ctx.result(run.taskId, stored, run.syncId, outcome, run.changes, reported(plan), run.fromCache);
    }

    /** The conflicts a result reports: those detected now, then those still open from before. */
    private static List<ConflictRecord> reported(ThreeWayMerge.Plan plan) {
        List<ConflictRecord> reported = new ArrayList<>(plan.detected());
        plan.openConflicts().stream().filter(c -> !reported.contains(c)).forEach(reported::add);
        return reported;
    }

    void emitChanges(String syncId, String taskId, Provider p, List<FieldChange> changes,
                             List<ConflictRecord> detected, SyncRequest request, TaskSyncRecord rec, boolean dryRun) {
        emitChanges(syncId, taskId, p, changes, detected, request, rec, dryRun, c -> false);
    }

    /** Events (and audit entries, unless a dry run) for the changes; {@code queued} ones wait in the outbox. */
    void emitChanges(String syncId, String taskId, Provider p, List<FieldChange> changes, List<ConflictRecord> detected,
                     SyncRequest request, TaskSyncRecord rec, boolean dryRun, Predicate<FieldChange> queued) {
        if (!dryRun) {
            ctx.audit.written(syncId, taskId, p.name(), rec.externalId(), changes.stream().filter(queued.negate())
                    .toList(), detected);
        }
        for (ConflictRecord c : detected) {
            ctx.events.emit(SyncEvent.Type.CONFLICT_DETECTED, syncId, taskId, p.name(), c.field(),
                    "both sides changed the field; strategy " + p.strategyFor(c.field(), request.conflictStrategy(), rec),
                    Map.of("conflict_id", c.id(), "dry_run", String.valueOf(dryRun)));
        }
        for (FieldChange c : changes) {
            boolean q = queued.test(c);
            ctx.events.emit(SyncEvent.Type.FIELD_CHANGED, syncId, taskId, p.name(), c.field(),
                    q ? "queued for " + p.name() + " (unavailable)"
                    : c.target() == FieldChange.Side.LOCAL
                            ? (dryRun ? "would pull from " : "pulled from ") + p.name() + " into Zen"
                            : (dryRun ? "would push to " : "pushed to ") + p.name(),
                    Map.of("dry_run", String.valueOf(dryRun), "queued", String.valueOf(q),
                            "target", c.target().name().toLowerCase(Locale.ROOT)));
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
