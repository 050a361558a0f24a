package dev.zen.integration.core.internal;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.FieldChange;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.PendingChange;
import dev.zen.integration.ProviderHealth;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.resilience.ResilientProviderCalls;
import dev.zen.integration.core.store.FileTaskStore;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.SyncListener;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The sync engine behind {@code ZenIntegration}: batches on a bounded executor, per-task locks, three-way merges,
 * the offline outbox and cache, import/publish/link, conflicts and status. Not API; use
 * {@code ZenIntegration.builder()}.
 */
public final class SyncEngine implements TaskSyncService, AutoCloseable {
    private static final int LOCAL_RACE_ATTEMPTS = 3;

    /**
     * Everything the engine needs, assembled by the builder.
     *
     * @param tasks        the task store
     * @param records      the sync-record store
     * @param locks        per-task locks
     * @param listeners    event listeners
     * @param clock        the clock for every timestamp
     * @param parallelism  how many tasks sync at once
     * @param calls        the resilience pipeline every plugin call goes through
     * @param lockTimeout  how long to wait for a task's lock
     * @param enabled      the integration_enabled flag (and sync_enabled)
     * @param taskSystem   the configured task system, or null
     * @param providers    provider configurations with a supplier of their (lazily opened) plugin
     */
    public record Settings(TaskStore tasks, SyncRecordStore records, LockProvider locks, List<SyncListener> listeners,
                           Clock clock, int parallelism, ProviderCalls calls, Duration lockTimeout, boolean enabled,
                           String taskSystem, Map<String, Binding> providers) {
        /** Validates the settings. */
        public Settings {
            Objects.requireNonNull(tasks, "tasks");
            Objects.requireNonNull(records, "records");
            Objects.requireNonNull(locks, "locks");
            listeners = List.copyOf(listeners);
            Objects.requireNonNull(clock, "clock");
            if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
            Objects.requireNonNull(calls, "calls");
            Objects.requireNonNull(lockTimeout, "lockTimeout");
            providers = Map.copyOf(providers);
        }
    }

    /**
     * A provider's configuration and its plugin.
     *
     * @param config the provider configuration
     * @param plugin supplies the open plugin (opened on first use)
     */
    public record Binding(ProviderConfig config, Supplier<Plugin> plugin) {}

    private final Settings s;
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final HealthTracker health;
    private final Events events;
    private final ExecutorService pool;
    private final ExecutorService async;
    private volatile Instant lastRun;

    /** An engine with the given settings; close it to stop its threads. */
    public SyncEngine(Settings settings) {
        this.s = settings;
        this.health = new HealthTracker(settings.clock());
        this.events = new Events(settings.listeners(), settings.clock());
        settings.providers().values().stream().sorted(Comparator.comparing(b -> b.config().name())).forEach(b ->
                providers.put(b.config().name(), new Provider(b.config(),
                        new PluginGateway(b.config().name(), b.plugin(), settings.calls(), health))));
        this.pool = Executors.newFixedThreadPool(settings.parallelism(), threads("zen-sync"));
        this.async = Executors.newCachedThreadPool(threads("zen-sync-run"));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------------------------------------ sync

    @Override
    public SyncReport sync(SyncRequest request) {
        Objects.requireNonNull(request, "request");
        String syncId = UUID.randomUUID().toString();
        Instant started = s.clock().instant();
        List<String> ids = request.taskIds().isEmpty()
                ? s.records().list().stream().map(TaskSyncRecord::taskId).toList() : request.taskIds();
        events.emit(SyncEvent.Type.SYNC_STARTED, syncId, null, null, null, "sync of " + ids.size() + " task(s)",
                Map.of("direction", request.direction().name(), "dry_run", String.valueOf(request.dryRun()),
                        "force", String.valueOf(request.force())));
        List<TaskSyncResult> results = runAll(ids, id -> syncTask(id, request, syncId));
        return finish(syncId, started, request.dryRun(), results);
    }

    @Override
    public CompletableFuture<SyncReport> syncAsync(SyncRequest request) {
        Objects.requireNonNull(request, "request");
        return CompletableFuture.supplyAsync(() -> sync(request), async);
    }

    private List<TaskSyncResult> runAll(List<String> ids, java.util.function.Function<String, TaskSyncResult> work) {
        List<Future<TaskSyncResult>> futures = new ArrayList<>();
        for (String id : ids) futures.add(pool.submit(() -> work.apply(id)));
        List<TaskSyncResult> results = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (ExecutionException e) {
                results.add(TaskSyncResult.failed(ids.get(i), null, info(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw IntegrationException.builder(ErrorCode.SYNC_CONFLICT, "interrupted while syncing").cause(e)
                        .build();
            }
        }
        return results;
    }

    private SyncReport finish(String syncId, Instant started, boolean dryRun, List<TaskSyncResult> results) {
        Instant finished = s.clock().instant();
        if (finished.isBefore(started)) finished = started;
        SyncReport report = new SyncReport(syncId, SyncReport.statusOf(results), dryRun, started, finished, results);
        lastRun = finished;
        events.emit(SyncEvent.Type.SYNC_FINISHED, syncId, null, null, null, "sync " + report.status(),
                Map.of("tasks", String.valueOf(results.size()), "failed", String.valueOf(report.failures().size()),
                        "duration_ms", String.valueOf(Duration.between(started, finished).toMillis())));
        return report;
    }

    private TaskSyncResult syncTask(String taskId, SyncRequest request, String syncId) {
        String provider = null;
        String externalId = null;
        try {
            Optional<TaskSyncRecord> rec = s.records().find(taskId);
            provider = rec.map(TaskSyncRecord::externalSystem).orElse(null);
            externalId = rec.map(TaskSyncRecord::externalId).orElse(null);
            if (!s.enabled()) return skipped(taskId, externalId, syncId, provider, "integration is disabled");
            try (LockProvider.Lock ignored = s.locks().acquire(taskId, s.lockTimeout())) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        return syncLocked(taskId, request, syncId);
                    } catch (LocalRace race) {
                        if (attempt >= LOCAL_RACE_ATTEMPTS) throw race.getCause();
                    }
                }
            }
        } catch (IntegrationException e) {
            return failure(taskId, externalId, provider, syncId, e, request.dryRun());
        } catch (RuntimeException e) {
            IntegrationException wrapped = IntegrationException.builder(ErrorCode.INVALID_DATA,
                    "task " + taskId + " could not be synced: " + e).cause(e).taskId(taskId).build();
            return failure(taskId, externalId, provider, syncId, wrapped, request.dryRun());
        }
    }

    private TaskSyncResult syncLocked(String taskId, SyncRequest request, String syncId) {
        TaskSyncRecord rec = s.records().find(taskId).orElse(null);
        if (rec == null) return skipped(taskId, null, syncId, null, "task is not linked");
        if (rec.status() == SyncStatus.PAUSED) return skipped(taskId, rec.externalId(), syncId, rec.externalSystem(),
                "link is paused");
        Provider p = provider(rec.externalSystem());
        if (!p.config.enabled()) return skipped(taskId, rec.externalId(), syncId, p.name(), "provider is disabled");
        SyncDirection dir = request.direction().restrictTo(rec.direction());
        dir = dir == null ? null : dir.restrictTo(p.config.syncDirection());
        if (dir == null) return skipped(taskId, rec.externalId(), syncId, p.name(),
                "the link's direction " + rec.direction() + " excludes " + request.direction());
        ZenTask task = s.tasks().find(taskId).orElseThrow(() -> IntegrationException.builder(ErrorCode.NOT_FOUND,
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
            Replay replay = replay(p, rec, item, syncId);
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
        Map<String, String> local = restrict(ZenTasks.canonicalFields(task), fields);
        Map<String, String> remote = JsonDataMapper.INSTANCE.toZenFields(item, mapping);
        remote.keySet().retainAll(fields);
        if (!request.force() && !fromCache && changes.isEmpty() && rec.lastSyncTime() != null
                && rec.pendingChanges().isEmpty() && rec.conflicts().isEmpty()
                && hash(local).equals(rec.localHash()) && hash(remote).equals(rec.remoteHash())) {
            return result(taskId, rec, syncId, TaskSyncResult.Outcome.UNCHANGED, List.of(), List.of(), false);
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
            return result(taskId, rec, syncId, outcome, changes, reported, fromCache);
        }

        // 4. write: Zen first (a concurrent local edit restarts the task), then the external system or the outbox
        ZenTask after = plan.toLocal().isEmpty() ? task : writeLocal(task, plan.toLocal());
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
                queue(rec, plan.toRemote(), pending, syncId);
                plan.toRemote().keySet().forEach(f -> ThreeWayMerge.put(newBase, f, r0.baseSnapshot().get(f)));
            }
        }
        Instant now = s.clock().instant();
        TaskSyncRecord.Builder b = rec.toBuilder().baseSnapshot(newBase).conflicts(plan.openConflicts())
                .pendingChanges(pending).status(plan.openConflicts().isEmpty() ? SyncStatus.ACTIVE : SyncStatus.CONFLICT)
                .errorCount(0).lastError(null).updated(now);
        if (fromCache || queued) {
            b.localHash(null).remoteHash(null); // keep the unchanged shortcut off until the outbox is delivered
            if (!fromCache) RemoteCache.put(b, remoteAfter, now);
        } else {
            Map<String, String> remoteNow = JsonDataMapper.INSTANCE.toZenFields(remoteAfter, mapping);
            remoteNow.keySet().retainAll(fields);
            b.lastSyncTime(now).localHash(hash(restrict(ZenTasks.canonicalFields(after), fields)))
                    .remoteHash(hash(remoteNow));
            RemoteCache.put(b, remoteAfter, now);
        }
        TaskSyncRecord stored = s.records().update(b.build());
        mirror(taskId, fromCache ? null : remoteAfter, now);
        emitChanges(syncId, taskId, p, changes, plan.detected(), request, r0, false);
        TaskSyncResult.Outcome outcome = queued ? TaskSyncResult.Outcome.QUEUED
                : !plan.openConflicts().isEmpty() ? TaskSyncResult.Outcome.CONFLICT
                : changes.isEmpty() ? TaskSyncResult.Outcome.UNCHANGED : TaskSyncResult.Outcome.UPDATED;
        return result(taskId, stored, syncId, outcome, changes, reported, fromCache);
    }

    private void emitChanges(String syncId, String taskId, Provider p, List<FieldChange> changes,
                             List<ConflictRecord> detected, SyncRequest request, TaskSyncRecord rec, boolean dryRun) {
        for (ConflictRecord c : detected) {
            events.emit(SyncEvent.Type.CONFLICT_DETECTED, syncId, taskId, p.name(), c.field(),
                    "both sides changed the field; strategy " + p.strategyFor(c.field(), request.conflictStrategy(), rec),
                    Map.of("conflict_id", c.id(), "dry_run", String.valueOf(dryRun)));
        }
        for (FieldChange c : changes) {
            events.emit(SyncEvent.Type.FIELD_CHANGED, syncId, taskId, p.name(), c.field(),
                    (dryRun ? "would write " : "wrote ") + c.target().name().toLowerCase(java.util.Locale.ROOT)
                            + " side", Map.of("dry_run", String.valueOf(dryRun)));
        }
    }

    // ------------------------------------------------------------------------------------------------ outbox

    private record Replay(TaskSyncRecord record, ExternalItem item, List<FieldChange> changes, boolean offline) {}

    /**
     * Delivers queued changes oldest first, writing the record after each so a delivered change is never sent
     * again. A queued value the external side already has is not re-sent (this makes a replay interrupted between
     * delivery and record write exactly-once too); a field the external side changed in the meantime is left to
     * the merge, which detects the conflict, instead of being overwritten blindly.
     */
    private Replay replay(Provider p, TaskSyncRecord rec, ExternalItem item, String syncId) {
        FieldMapping mapping = p.mapping(rec);
        List<FieldChange> changes = new ArrayList<>();
        ExternalItem current = item;
        while (!rec.pendingChanges().isEmpty()) {
            PendingChange head = rec.pendingChanges().get(0);
            Map<String, String> remoteNow = JsonDataMapper.INSTANCE.toZenFields(current, mapping);
            Map<String, String> base = new LinkedHashMap<>(rec.baseSnapshot());
            Map<String, String> send = new LinkedHashMap<>();
            head.fields().forEach((f, v) -> {
                String r = remoteNow.get(f);
                if (Objects.equals(r, v)) ThreeWayMerge.put(base, f, v);
                else if (Objects.equals(r, base.get(f))) send.put(f, v);
            });
            if (!send.isEmpty()) {
                try {
                    current = p.gateway.update(rec.externalId(), JsonDataMapper.INSTANCE.toExternalFields(send, mapping));
                } catch (IntegrationException e) {
                    if (!Offline.isUnavailable(e)) throw e;
                    List<PendingChange> still = new ArrayList<>(rec.pendingChanges());
                    still.set(0, new PendingChange(head.id(), head.fields(), head.queuedAt(), head.attempts() + 1));
                    rec = s.records().update(rec.toBuilder().pendingChanges(still).updated(s.clock().instant())
                            .build());
                    return new Replay(rec, current, changes, true);
                }
                send.forEach((f, v) -> {
                    changes.add(new FieldChange(f, FieldChange.Side.REMOTE, remoteNow.get(f), v));
                    ThreeWayMerge.put(base, f, v);
                });
            }
            rec = s.records().update(rec.toBuilder().baseSnapshot(base)
                    .pendingChanges(rec.pendingChanges().subList(1, rec.pendingChanges().size()))
                    .updated(s.clock().instant()).build());
            events.emit(SyncEvent.Type.FIELD_CHANGED, syncId, rec.taskId(), p.name(), null,
                    "delivered queued change " + head.id(), Map.of("fields", String.join(",", send.keySet())));
        }
        return new Replay(rec, current, changes, false);
    }

    /** Appends the values the outbox does not already carry, so repeated offline syncs never queue twice. */
    private void queue(TaskSyncRecord rec, Map<String, String> toRemote, List<PendingChange> pending, String syncId) {
        Map<String, String> effective = new LinkedHashMap<>(rec.baseSnapshot());
        pending.forEach(pc -> pc.fields().forEach((f, v) -> ThreeWayMerge.put(effective, f, v)));
        Map<String, String> fresh = new LinkedHashMap<>();
        toRemote.forEach((f, v) -> {
            if (!Objects.equals(effective.get(f), v)) fresh.put(f, v);
        });
        if (fresh.isEmpty()) return;
        pending.add(new PendingChange(UUID.randomUUID().toString(), fresh, s.clock().instant(), 0));
        events.emit(SyncEvent.Type.CHANGE_QUEUED, syncId, rec.taskId(), rec.externalSystem(), null,
                "provider unavailable; queued " + fresh.keySet() + " for later delivery",
                Map.of("pending", String.valueOf(pending.size())));
    }

    @Override
    public SyncReport flushPending() {
        String syncId = UUID.randomUUID().toString();
        Instant started = s.clock().instant();
        List<String> ids = s.records().list().stream().filter(r -> !r.pendingChanges().isEmpty())
                .map(TaskSyncRecord::taskId).toList();
        events.emit(SyncEvent.Type.SYNC_STARTED, syncId, null, null, null, "flush of " + ids.size()
                + " task(s) with queued changes", Map.of());
        List<TaskSyncResult> results = runAll(ids, id -> flushTask(id, syncId));
        return finish(syncId, started, false, results);
    }

    private TaskSyncResult flushTask(String taskId, String syncId) {
        String provider = null;
        String externalId = null;
        try (LockProvider.Lock ignored = s.locks().acquire(taskId, s.lockTimeout())) {
            TaskSyncRecord rec = s.records().find(taskId).orElse(null);
            if (rec == null || rec.pendingChanges().isEmpty()) {
                return skipped(taskId, rec == null ? null : rec.externalId(), syncId, null, "nothing queued");
            }
            provider = rec.externalSystem();
            externalId = rec.externalId();
            Provider p = provider(rec.externalSystem());
            Replay replay = replay(p, rec, p.gateway.get(rec.externalId()), syncId);
            if (replay.offline()) {
                throw IntegrationException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "provider " + p.name()
                        + " is still unavailable; " + replay.record().pendingChanges().size()
                        + " change(s) stay queued for the next sync or flush").provider(p.name()).taskId(taskId)
                        .build();
            }
            return result(taskId, replay.record(), syncId, replay.changes().isEmpty()
                    ? TaskSyncResult.Outcome.UNCHANGED : TaskSyncResult.Outcome.UPDATED, replay.changes(), List.of(),
                    false);
        } catch (IntegrationException e) {
            return failure(taskId, externalId, provider, syncId, e, true);
        }
    }

    // ------------------------------------------------------------------------------------------------ conflicts

    @Override
    public List<ConflictRecord> conflicts() {
        return s.records().list().stream().flatMap(r -> r.conflicts().stream())
                .sorted(Comparator.comparing(ConflictRecord::detectedAt).thenComparing(ConflictRecord::id)).toList();
    }

    @Override
    public TaskSyncResult resolve(String conflictId, ConflictResolution resolution) {
        Objects.requireNonNull(conflictId, "conflictId");
        Objects.requireNonNull(resolution, "resolution");
        ConflictRecord c = conflicts().stream().filter(x -> x.id().equals(conflictId)).findFirst()
                .orElseThrow(() -> noConflict(conflictId));
        String syncId = UUID.randomUUID().toString();
        try (LockProvider.Lock ignored = s.locks().acquire(c.taskId(), s.lockTimeout())) {
            TaskSyncRecord rec = s.records().find(c.taskId()).orElseThrow(() -> noConflict(conflictId));
            ConflictRecord conflict = rec.conflicts().stream().filter(x -> x.id().equals(conflictId)).findFirst()
                    .orElseThrow(() -> noConflict(conflictId));
            Provider p = provider(rec.externalSystem());
            ZenTask task = s.tasks().find(rec.taskId()).orElseThrow(() -> IntegrationException.builder(
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
                writeLocalOnce(task, write);
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
                    queue(rec.toBuilder().baseSnapshot(base).build(), write, pending, syncId);
                }
            }
            if (!queued) ThreeWayMerge.put(base, f, value);
            List<ConflictRecord> remaining = rec.conflicts().stream().filter(x -> !x.id().equals(conflictId)).toList();
            Instant now = s.clock().instant();
            TaskSyncRecord.Builder b = rec.toBuilder().baseSnapshot(base).conflicts(remaining).pendingChanges(pending)
                    .status(remaining.isEmpty() ? SyncStatus.ACTIVE : SyncStatus.CONFLICT).localHash(null)
                    .remoteHash(null).updated(now);
            if (!offline) RemoteCache.put(b, item, now);
            TaskSyncRecord stored = s.records().update(b.build());
            changes.forEach(ch -> events.emit(SyncEvent.Type.FIELD_CHANGED, syncId, rec.taskId(), p.name(),
                    ch.field(), "conflict " + conflictId + " resolved " + resolution.choice(), Map.of()));
            return new TaskSyncResult(rec.taskId(), true, queued ? TaskSyncResult.Outcome.QUEUED
                    : TaskSyncResult.Outcome.UPDATED, stored.externalId(), changes, List.of(conflict), offline, null);
        }
    }

    private static IntegrationException noConflict(String id) {
        return IntegrationException.builder(ErrorCode.NOT_FOUND, "no pending conflict has id " + id
                + "; list them with conflicts()").build();
    }

    private ThreeWayMerge.ConflictFactory conflictFactory(TaskSyncRecord rec) {
        return (field, base, local, remote, localAt, remoteAt) -> new ConflictRecord(UUID.randomUUID().toString(),
                rec.taskId(), rec.externalSystem(), rec.externalId(), field, base, local, remote, localAt, remoteAt,
                s.clock().instant());
    }

    // ------------------------------------------------------------------------------------------------ links

    @Override
    public ZenTask importItem(String providerName, String externalId) {
        Provider p = provider(providerName);
        ExternalItem item = p.gateway.get(externalId);
        s.records().findByExternal(p.name(), item.key()).ifPresent(r -> {
            throw alreadyLinked(p.name() + " " + item.key() + " is already linked to task " + r.taskId(), r.taskId());
        });
        String taskId = p.name() + "-" + item.key();
        try (LockProvider.Lock ignored = s.locks().acquire(taskId, s.lockTimeout())) {
            FieldMapping mapping = p.mapping(null);
            List<String> fields = p.fields(null);
            ZenTask fresh;
            try {
                fresh = restrictTask(JsonDataMapper.INSTANCE.toZenTask(taskId, item, mapping), fields);
            } catch (IllegalArgumentException e) {
                throw IntegrationException.builder(ErrorCode.INVALID_DATA, p.name() + " " + item.key()
                        + " cannot become a Zen task: " + e.getMessage()).provider(p.name()).cause(e).build();
            }
            Optional<ZenTask> existing = s.tasks().find(taskId);
            ZenTask task;
            if (existing.isPresent()) {
                // an earlier import may have stopped between creating the task and linking it: resume that one
                boolean same = restrict(ZenTasks.canonicalFields(existing.get()), fields)
                        .equals(restrict(ZenTasks.canonicalFields(fresh), fields));
                if (!same || s.records().find(taskId).isPresent()) {
                    throw alreadyLinked("task " + taskId + " already exists with other data; link it with link(\""
                            + taskId + "\", \"" + p.name() + "\", \"" + item.key() + "\") instead", taskId);
                }
                task = existing.get();
            } else {
                task = s.tasks().create(fresh);
            }
            Instant now = s.clock().instant();
            TaskSyncRecord.Builder b = TaskSyncRecord.link(taskId, p.name(), item.key(), p.config.syncDirection(), now)
                    .toBuilder().lastSyncTime(now).baseSnapshot(restrict(ZenTasks.canonicalFields(task), fields));
            RemoteCache.put(b, item, now);
            s.records().insert(b.build());
            mirror(taskId, item, now);
            return task;
        }
    }

    @Override
    public TaskSyncRecord link(String taskId, String providerName, String externalId) {
        Provider p = provider(providerName);
        try (LockProvider.Lock ignored = s.locks().acquire(taskId, s.lockTimeout())) {
            s.tasks().find(taskId).orElseThrow(() -> IntegrationException.builder(ErrorCode.NOT_FOUND, "task "
                    + taskId + " does not exist; create it in the task store first").taskId(taskId).build());
            s.records().find(taskId).ifPresent(r -> {
                throw alreadyLinked("task " + taskId + " is already linked to " + r.externalSystem() + " "
                        + r.externalId() + "; unlink it first", taskId);
            });
            ExternalItem item = p.gateway.get(externalId);
            Instant now = s.clock().instant();
            TaskSyncRecord.Builder b = TaskSyncRecord.link(taskId, p.name(), item.key(), p.config.syncDirection(), now)
                    .toBuilder();
            RemoteCache.put(b, item, now);
            TaskSyncRecord stored = s.records().insert(b.build());
            mirror(taskId, item, now);
            return stored;
        }
    }

    @Override
    public void unlink(String taskId) {
        try (LockProvider.Lock ignored = s.locks().acquire(taskId, s.lockTimeout())) {
            s.records().delete(taskId);
        }
    }

    @Override
    public TaskSyncRecord publish(String taskId, String providerName) {
        Provider p = provider(providerName);
        try (LockProvider.Lock ignored = s.locks().acquire(taskId, s.lockTimeout())) {
            s.records().find(taskId).ifPresent(r -> {
                throw alreadyLinked("task " + taskId + " is already linked to " + r.externalSystem() + " "
                        + r.externalId() + "; it was published before", taskId);
            });
            ZenTask task = s.tasks().find(taskId).orElseThrow(() -> IntegrationException.builder(ErrorCode.NOT_FOUND,
                    "task " + taskId + " does not exist").taskId(taskId).build());
            FieldMapping mapping = p.mapping(null);
            Map<String, String> local = restrict(ZenTasks.canonicalFields(task), p.fields(null));
            Map<String, String> sent = new LinkedHashMap<>();
            local.forEach((f, v) -> {
                if (f.equals("title") || p.config.directionFor(f).pushes()) sent.put(f, v);
            });
            ExternalItem item = p.gateway.create(JsonDataMapper.INSTANCE.toExternalFields(sent, mapping),
                    "zen-task:" + taskId);
            s.records().findByExternal(p.name(), item.key()).ifPresent(r -> {
                throw alreadyLinked(p.name() + " " + item.key() + " is already linked to task " + r.taskId(), taskId);
            });
            Map<String, String> remote = JsonDataMapper.INSTANCE.toZenFields(item, mapping);
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
            if (!pull.isEmpty()) writeLocalOnce(task, pull);
            Instant now = s.clock().instant();
            TaskSyncRecord.Builder b = TaskSyncRecord.link(taskId, p.name(), item.key(), p.config.syncDirection(), now)
                    .toBuilder().lastSyncTime(now).baseSnapshot(base);
            RemoteCache.put(b, item, now);
            TaskSyncRecord stored = s.records().insert(b.build());
            mirror(taskId, item, now);
            return stored;
        }
    }

    // ------------------------------------------------------------------------------------------------ status

    @Override
    public IntegrationStatus status() {
        List<TaskSyncRecord> records = s.records().list();
        List<ProviderHealth> healths = new ArrayList<>();
        for (Provider p : providers.values()) {
            int pending = records.stream().filter(r -> r.externalSystem().equals(p.name()))
                    .mapToInt(r -> r.pendingChanges().size()).sum();
            healths.add(healthOf(p.name(), pending));
        }
        Instant last = records.stream().map(TaskSyncRecord::lastSyncTime).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(lastRun);
        String taskSystem = s.taskSystem() != null ? s.taskSystem()
                : providers.isEmpty() ? null : providers.keySet().iterator().next();
        return new IntegrationStatus(s.enabled(), taskSystem, healths, last,
                (int) records.stream().filter(r -> r.status() == SyncStatus.ERROR).count(), records.size(),
                records.stream().mapToInt(r -> r.conflicts().size()).sum(),
                records.stream().mapToInt(r -> r.pendingChanges().size()).sum());
    }

    /** The pipeline's view (breaker state, last outcome) when there is one, else what the engine saw itself. */
    private ProviderHealth healthOf(String provider, int pending) {
        if (s.calls() instanceof ResilientProviderCalls pipeline) {
            var h = pipeline.health(provider);
            if (h.lastSuccessAt() != null || h.lastFailureAt() != null) return h.toProviderHealth(pending);
        }
        return health.of(provider, pending);
    }

    @Override
    public void close() {
        pool.shutdown();
        async.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) pool.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Provider provider(String name) {
        Provider p = providers.get(name);
        if (p == null) {
            throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, "provider '" + name + "' is not configured"
                    + (providers.isEmpty() ? "; add one with ZenIntegration.builder().provider(...)"
                    : "; configured providers: " + providers.keySet())).provider(name).build();
        }
        return p;
    }

    /** Thrown when the task store refused a write because the task changed meanwhile: the task sync restarts. */
    private static final class LocalRace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LocalRace(IntegrationException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized IntegrationException getCause() {
            return (IntegrationException) super.getCause();
        }
    }

    private ZenTask writeLocal(ZenTask task, Map<String, String> values) {
        try {
            return writeLocalOnce(task, values);
        } catch (IntegrationException e) {
            if (e.code() == ErrorCode.SYNC_CONFLICT) throw new LocalRace(e);
            throw e;
        }
    }

    private ZenTask writeLocalOnce(ZenTask task, Map<String, String> values) {
        ZenTask changed;
        try {
            changed = ZenTasks.withFields(task, values);
        } catch (IllegalArgumentException e) {
            throw IntegrationException.builder(ErrorCode.INVALID_DATA, "the external values " + values.keySet()
                    + " cannot be stored in task " + task.id() + ": " + e.getMessage()).taskId(task.id()).cause(e)
                    .build();
        }
        return s.tasks().update(changed);
    }

    private void mirror(String taskId, ExternalItem item, Instant now) {
        if (item == null || !(s.tasks() instanceof FileTaskStore files)) return;
        try {
            files.writeMetadata(taskId, "external/" + item.system() + ".json", RemoteCache.document(item, now));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SyncEngine.class).debug("could not mirror external data of {}", taskId, e);
        }
    }

    private static ZenTask restrictTask(ZenTask task, List<String> fields) {
        ZenTask.Builder b = task.toBuilder();
        if (!fields.contains("description")) b.description(null);
        if (!fields.contains("status")) b.status(null);
        if (!fields.contains("priority")) b.priority(null);
        if (!fields.contains("assignee")) b.assignee(null);
        if (!fields.contains("labels")) b.labels(List.of());
        Map<String, String> extra = new LinkedHashMap<>(task.extraFields());
        extra.keySet().retainAll(fields);
        return b.extraFields(extra).build();
    }

    private static Map<String, String> restrict(Map<String, String> values, List<String> fields) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : fields) if (values.containsKey(f)) m.put(f, values.get(f));
        return m;
    }

    static String hash(Map<String, String> values) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
                d.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 1);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static IntegrationException alreadyLinked(String message, String taskId) {
        return IntegrationException.builder(ErrorCode.SYNC_CONFLICT, message).taskId(taskId).build();
    }

    private static TaskSyncResult.ErrorInfo info(Throwable t) {
        if (t instanceof IntegrationException e) return TaskSyncResult.ErrorInfo.of(e);
        return new TaskSyncResult.ErrorInfo(ErrorCode.INVALID_DATA, String.valueOf(t), false);
    }

    private TaskSyncResult skipped(String taskId, String externalId, String syncId, String provider, String why) {
        events.emit(SyncEvent.Type.TASK_SYNCED, syncId, taskId, provider, null, "skipped: " + why, Map.of());
        return new TaskSyncResult(taskId, true, TaskSyncResult.Outcome.SKIPPED, externalId, List.of(), List.of(),
                false, null);
    }

    private TaskSyncResult result(String taskId, TaskSyncRecord rec, String syncId, TaskSyncResult.Outcome outcome,
                                  List<FieldChange> changes, List<ConflictRecord> conflicts, boolean fromCache) {
        events.emit(SyncEvent.Type.TASK_SYNCED, syncId, taskId, rec.externalSystem(), null, outcome.name()
                + (fromCache ? " (from cache: provider unavailable)" : ""),
                Map.of("changes", String.valueOf(changes.size()), "conflicts", String.valueOf(conflicts.size())));
        return new TaskSyncResult(taskId, true, outcome, rec.externalId(), changes, conflicts, fromCache, null);
    }

    private TaskSyncResult failure(String taskId, String externalId, String provider, String syncId,
                                   IntegrationException e, boolean dryRun) {
        IntegrationException err = e.taskId().isPresent() ? e : e.toBuilder().taskId(taskId).build();
        events.emit(SyncEvent.Type.ERROR, syncId, taskId, provider, null, err.getMessage(),
                Map.of("error_code", err.code().name(), "retryable", String.valueOf(err.retryable())));
        if (!dryRun && err.code() != ErrorCode.SYNC_CONFLICT) markError(taskId, err);
        return TaskSyncResult.failed(taskId, externalId, TaskSyncResult.ErrorInfo.of(err));
    }

    private void markError(String taskId, IntegrationException e) {
        try {
            s.records().find(taskId).ifPresent(r -> s.records().update(r.toBuilder().status(SyncStatus.ERROR)
                    .errorCount(r.errorCount() + 1).lastError(e.code() + ": " + e.getMessage())
                    .updated(s.clock().instant()).build()));
        } catch (RuntimeException ignored) {
            // the error is reported in the result either way
        }
    }
}
