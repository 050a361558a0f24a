package dev.zen.integration.core.internal.engine;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.HealthReport;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.OperationsSnapshot;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.PendingChange;
import dev.zen.integration.ProviderHealth;
import dev.zen.integration.ScopeReport;
import dev.zen.integration.ScopeState;
import dev.zen.integration.ScopeStatus;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.internal.io.Threads;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.plugin.PluginVersion;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.OutboxClaims;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The sync engine, the one implementation of {@link ZenIntegration}: batches on a bounded executor, per-task locks,
 * three-way merges, the offline outbox and cache, import/publish/link, conflicts and status. It owns the plugins it
 * opens, and the registry and pipeline when the builder made them. Not API; use {@code ZenIntegration.builder()}.
 */
public final class SyncEngine implements ZenIntegration {
    /** How long a claim on queued tasks lasts: a replica that dies mid-flush frees its batch after it. */
    private static final Duration CLAIM_LEASE = Duration.ofMinutes(2);
    private final Assembly s;
    /** This engine's id as an outbox claimant, unique across instances sharing a store. */
    private final String instanceId = UUID.randomUUID().toString();
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final LazyRegistry registry;
    private final Events events;
    private final ExecutorService pool;
    private final ExecutorService async;
    private final TaskSynchronizer synchronizer;
    private final Outbox outbox;
    private final ConflictDesk conflictDesk;
    private final Links links;
    private final ScopeSync scopes;
    private final Context ctx;
    private final Gauges gauges;
    private final Audit audit;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Instant lastRun;

    /** An engine over the assembled parts; close it to stop its threads. */
    SyncEngine(Assembly assembly) {
        this.s = assembly;
        this.registry = new LazyRegistry(assembly.registry());
        this.events = new Events(assembly.listeners(), assembly.clock());
        assembly.providers().values().stream().sorted(Comparator.comparing(ProviderConfig::name)).forEach(config -> {
            Plugin given = assembly.plugins().get(config.name());
            PluginSlot plugin = given != null ? PluginSlot.given(config.name(), given, events) : new PluginSlot(
                    config.name(), registry.opener(config, assembly.calls().requestGate(config.name()).orElse(null)),
                    events);
            providers.put(config.name(), new Provider(config,
                    new PluginGateway(config.name(), plugin, assembly.calls(), events), assembly.dataMapper(),
                    assembly.userDirectory()));
        });
        this.audit = new Audit(assembly.audit(), assembly.clock());
        this.ctx = new Context(assembly, providers, events, audit);
        this.gauges = new Gauges(ctx);
        this.outbox = new Outbox(ctx);
        this.synchronizer = new TaskSynchronizer(ctx, outbox);
        this.conflictDesk = new ConflictDesk(ctx, outbox);
        this.links = new Links(ctx);
        this.pool = Executors.newFixedThreadPool(assembly.parallelism(), Threads.daemon("zen-sync"));
        this.async = Executors.newCachedThreadPool(Threads.daemon("zen-sync-run"));
        this.scopes = new ScopeSync(ctx, synchronizer, new ScopeItems(ctx, links), new ScopeStates(assembly.records()),
                this::runAll, closed::get);
    }

    @Override
    public PluginRegistry pluginRegistry() {
        return stamped("pluginRegistry", registry::get);
    }

    @Override
    public TaskStore taskStore() {
        return s.tasks();
    }

    @Override
    public SyncRecordStore recordStore() {
        return s.records();
    }

    // ------------------------------------------------------------------------------------------------ sync

    @Override
    public SyncReport sync(SyncRequest request) {
        Arguments.present(request, "request");
        return stamped("sync", () -> syncOpen(request));
    }

    private SyncReport syncOpen(SyncRequest request) {
        String syncId = UUID.randomUUID().toString();
        Instant started = s.clock().instant();
        List<String> ids = request.taskIds().isEmpty()
                ? s.records().list().stream().map(TaskSyncRecord::taskId).toList() : request.taskIds();
        events.emit(SyncEvent.Type.SYNC_STARTED, syncId, null, null, null, "sync of " + ids.size() + " task(s)",
                Map.of("direction", request.direction().name(), "dry_run", String.valueOf(request.dryRun()),
                        "force", String.valueOf(request.force())));
        List<TaskSyncResult> results = runAll(syncId, ids, id -> synchronizer.syncTask(id, request, syncId));
        if (!request.dryRun()) results = results.stream().map(r -> scopes.afterSync(r, syncId)).toList();
        return finish(syncId, started, request.dryRun(), results);
    }

    @Override
    public CompletableFuture<SyncReport> syncAsync(SyncRequest request) {
        Arguments.present(request, "request");
        try {
            ensureOpen("syncAsync");
            return CompletableFuture.supplyAsync(() -> sync(request), async);
        } catch (IntegrationException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(closedError("syncAsync", e));
        }
    }

    private List<TaskSyncResult> runAll(String syncId, List<String> ids,
                                        Function<String, TaskSyncResult> work) {
        List<Future<TaskSyncResult>> futures = new ArrayList<>();
        for (String id : ids) futures.add(pool.submit(() -> events.timed(() -> work.apply(id))));
        List<TaskSyncResult> results = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (ExecutionException e) {
                TaskSyncResult.ErrorInfo error = Context.info(e.getCause());
                events.emit(SyncEvent.Type.ERROR, syncId, ids.get(i), null, null, error.message(),
                        Map.of("error_code", error.code().name(), "retryable", String.valueOf(error.retryable())));
                results.add(TaskSyncResult.failed(ids.get(i), null, error));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw IntegrationException.builder(ErrorCode.INTERRUPTED, "interrupted while syncing; tasks already"
                        + " synced keep their result").cause(e).timestamp(s.clock().instant()).build();
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

    @Override
    public SyncReport flushPending() {
        return stamped("flushPending", this::flushOpen);
    }

    private SyncReport flushOpen() {
        String syncId = UUID.randomUUID().toString();
        Instant started = s.clock().instant();
        if (s.records() instanceof OutboxClaims claims) {
            events.emit(SyncEvent.Type.SYNC_STARTED, syncId, null, null, null, "flush of the queued changes this "
                    + "instance claims from the shared record store", Map.of());
            return finish(syncId, started, false, flushClaimed(claims, syncId));
        }
        List<String> ids = s.records().list().stream().filter(r -> !r.pendingChanges().isEmpty())
                .map(TaskSyncRecord::taskId).toList();
        events.emit(SyncEvent.Type.SYNC_STARTED, syncId, null, null, null, "flush of " + ids.size()
                + " task(s) with queued changes", Map.of());
        List<TaskSyncResult> results = runAll(syncId, ids, id -> outbox.flushTask(id, syncId));
        return finish(syncId, started, false, results);
    }

    /**
     * Delivers queued changes in small claimed batches, so a replica that dies mid-flush holds few tasks, and
     * only for {@link #CLAIM_LEASE}. Each task is tried once per flush; a batch of only tasks tried already means
     * the rest is claimed by others or was tried, unless the batch was full, when a larger one looks further.
     */
    private List<TaskSyncResult> flushClaimed(OutboxClaims claims, String syncId) {
        List<TaskSyncResult> results = new ArrayList<>();
        Set<String> tried = new HashSet<>();
        int batch = Math.max(1, s.parallelism() * 4);
        while (true) {
            List<String> ids = claims.claimPending(instanceId, batch, CLAIM_LEASE);
            List<String> fresh = ids.stream().filter(tried::add).toList();
            try {
                if (!fresh.isEmpty()) results.addAll(runAll(syncId, fresh, id -> outbox.flushTask(id, syncId)));
            } finally {
                if (!ids.isEmpty()) claims.releaseClaims(instanceId, ids);
            }
            if (fresh.isEmpty()) {
                if (ids.size() < batch) return results;
                batch *= 2;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ scope

    @Override
    public ScopeReport syncScope(String provider) {
        return stamped("syncScope", () -> scopes.syncScope(Arguments.text(provider, "provider")));
    }

    @Override
    public SyncReport syncItems(String provider, Collection<String> externalIds) {
        Arguments.present(externalIds, "externalIds");
        List<String> ids = new ArrayList<>();
        for (String id : externalIds) ids.add(Arguments.text(id, "externalIds[" + ids.size() + "]"));
        return stamped("syncItems", () -> {
            Provider p = ctx.enabledProvider(Arguments.text(provider, "provider"));
            String syncId = UUID.randomUUID().toString();
            Instant started = s.clock().instant();
            events.emit(SyncEvent.Type.SYNC_STARTED, syncId, null, p.name(), null, "sync of " + ids.size()
                    + " named item(s) of " + p.name(), Map.of());
            return finish(syncId, started, false, scopes.syncItems(p, List.copyOf(new LinkedHashSet<>(ids)), syncId));
        });
    }

    // ------------------------------------------------------------------------------------------------ conflicts

    @Override
    public List<ConflictRecord> conflicts() {
        return stamped("conflicts", conflictDesk::conflicts);
    }

    @Override
    public TaskSyncResult resolve(String conflictId, ConflictResolution resolution) {
        return stamped("resolve", () -> conflictDesk.resolve(Arguments.text(conflictId, "conflictId"),
                Arguments.present(resolution, "resolution")));
    }

    // ------------------------------------------------------------------------------------------------ links

    @Override
    public ZenTask importItem(String provider, String externalId) {
        return stamped("importItem", () -> links.importItem(Arguments.text(provider, "provider"),
                Arguments.text(externalId, "externalId")));
    }

    @Override
    public TaskSyncRecord link(String taskId, String provider, String externalId) {
        return stamped("link", () -> links.link(Arguments.text(taskId, "taskId"), Arguments.text(provider, "provider"),
                Arguments.text(externalId, "externalId")));
    }

    @Override
    public void unlink(String taskId) {
        stamped("unlink", () -> {
            links.unlink(Arguments.text(taskId, "taskId"));
            return null;
        });
    }

    @Override
    public List<PendingChange> discardPending(String taskId) {
        return stamped("discardPending", () -> outbox.discard(Arguments.text(taskId, "taskId")));
    }

    @Override
    public TaskSyncRecord publish(String taskId, String provider) {
        return stamped("publish", () -> links.publish(Arguments.text(taskId, "taskId"),
                Arguments.text(provider, "provider")));
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Override
    public TaskSyncRecord pause(String taskId) {
        return stamped("pause", () -> setPaused(Arguments.text(taskId, "taskId"), true));
    }

    @Override
    public TaskSyncResult resume(String taskId) {
        return stamped("resume", () -> {
            setPaused(Arguments.text(taskId, "taskId"), false);
            return syncOnly(List.of(taskId)).results().get(0);
        });
    }

    /** Sets or clears a link's PAUSED status under the task's lock; resuming restores ACTIVE or CONFLICT. */
    private TaskSyncRecord setPaused(String taskId, boolean paused) {
        try (LockProvider.Lock ignored = s.locks().acquire(taskId, s.lockTimeout())) {
            TaskSyncRecord rec = s.records().find(taskId).orElseThrow(() -> IntegrationException.builder(
                    ErrorCode.NOT_FOUND, "task " + taskId + " is not linked, so it cannot be "
                            + (paused ? "paused" : "resumed") + "; link it first").taskId(taskId).build());
            if ((rec.status() == SyncStatus.PAUSED) == paused) return rec;
            SyncStatus next = paused ? SyncStatus.PAUSED : rec.conflicts().isEmpty() ? SyncStatus.ACTIVE
                    : SyncStatus.CONFLICT;
            TaskSyncRecord stored = s.records().update(rec.toBuilder().status(next).updated(s.clock().instant()).build());
            audit.link(paused ? AuditEntry.Action.LINK_PAUSED : AuditEntry.Action.LINK_RESUMED, taskId,
                    rec.externalSystem(), rec.externalId(), Map.of());
            return stored;
        }
    }

    @Override
    public void pauseProvider(String provider) {
        stamped("pauseProvider", () -> {
            String name = ctx.provider(Arguments.text(provider, "provider")).name();
            if (ctx.pausedProviders.add(name)) audit.provider(AuditEntry.Action.PROVIDER_PAUSED, name, Map.of());
            return null;
        });
    }

    @Override
    public SyncReport resumeProvider(String provider) {
        return stamped("resumeProvider", () -> {
            String name = ctx.provider(Arguments.text(provider, "provider")).name();
            if (ctx.pausedProviders.remove(name)) audit.provider(AuditEntry.Action.PROVIDER_RESUMED, name, Map.of());
            return syncOnly(s.records().list().stream().filter(r -> r.externalSystem().equals(name))
                    .map(TaskSyncRecord::taskId).toList());
        });
    }

    /** A bidirectional sync of exactly these tasks (none: an empty report, not every task). */
    private SyncReport syncOnly(List<String> ids) {
        if (!ids.isEmpty()) return syncOpen(SyncRequest.of(ids, SyncDirection.BIDIRECTIONAL));
        Instant now = s.clock().instant();
        return finish(UUID.randomUUID().toString(), now, false, List.of());
    }

    @Override
    public HealthReport health(Duration maxOutboxAge) {
        Arguments.present(maxOutboxAge, "maxOutboxAge");
        return stamped("health", () -> gauges.health(maxOutboxAge));
    }

    @Override
    public OperationsSnapshot operations() {
        return stamped("operations", gauges::snapshot);
    }

    @Override
    public List<AuditEntry> audit(AuditQuery query) {
        Arguments.present(query, "query");
        return stamped("audit", () -> audit.query(query));
    }

    @Override
    public PluginDescriptor replacePlugin(String provider, Plugin plugin) {
        Arguments.present(plugin, "plugin");
        return stamped("replacePlugin", () -> swap(ctx.provider(Arguments.text(provider, "provider")), plugin, false));
    }

    @Override
    public PluginDescriptor reloadPlugin(String provider) {
        return stamped("reloadPlugin", () -> {
            Provider p = ctx.provider(Arguments.text(provider, "provider"));
            if (s.plugins().containsKey(p.name())) {
                throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, "provider " + p.name() + " is served by a"
                        + " plugin the host opened, not by the plugin registry; give the new one with replacePlugin(\""
                        + p.name() + "\", plugin)").provider(p.name()).build();
            }
            PluginRegistry reg = registry.get();
            long t0 = System.nanoTime();
            int found = reg.discover().size(); // a changed plugin is read again on the open below
            events.pluginDiscovery(found, Duration.ofNanos(System.nanoTime() - t0));
            Plugin next = p.gateway.slot().open(registry.opener(p.config, s.calls().requestGate(p.name()).orElse(null)));
            return swap(p, next, true);
        });
    }

    @Override
    public void pinPlugin(String provider, String versionRange) {
        stamped("pinPlugin", () -> {
            Provider p = ctx.provider(Arguments.text(provider, "provider"));
            VersionRange range = VersionRange.parse(Arguments.text(versionRange, "versionRange"));
            p.gateway.slot().pin(range);
            audit.provider(AuditEntry.Action.PLUGIN_PINNED, p.name(), Map.of("version_range", range.toString()));
            return null;
        });
    }

    @Override
    public void unpinPlugin(String provider) {
        stamped("unpinPlugin", () -> {
            Provider p = ctx.provider(Arguments.text(provider, "provider"));
            if (p.gateway.slot().pin() != null) {
                p.gateway.slot().pin(null);
                audit.provider(AuditEntry.Action.PLUGIN_PINNED, p.name(), Map.of("version_range", ""));
            }
            return null;
        });
    }

    @Override
    public PluginDescriptor rollbackPlugin(String provider) {
        return stamped("rollbackPlugin", () -> {
            Provider p = ctx.provider(Arguments.text(provider, "provider"));
            PluginDescriptor from = p.gateway.slot().rollback();
            PluginDescriptor now = p.gateway.slot().descriptor();
            audit.provider(AuditEntry.Action.PLUGIN_SWAPPED, p.name(), Map.of("reason", "rollback",
                    "from_version", String.valueOf(PluginSlot.version(from)),
                    "to_version", String.valueOf(PluginSlot.version(now)), "to_source", now.source()));
            return now;
        });
    }

    @Override
    public List<PluginVersion> pluginVersions(String provider) {
        return stamped("pluginVersions", () -> gauges.versions(ctx.provider(Arguments.text(provider, "provider")),
                s.plugins().containsKey(provider) ? null : registry.get()));
    }

    /** Probes {@code next} (closing it if it fails) and swaps it in; the old plugin serves until then. */
    private PluginDescriptor swap(Provider p, Plugin next, boolean owned) {
        try {
            p.gateway.slot().checkPin(next.descriptor());
            if (!next.supports(PluginOperation.GET_TASK_DATA)) {
                throw IntegrationException.builder(ErrorCode.PLUGIN_LOAD_FAILED, "the new plugin for provider "
                        + p.name() + " does not export " + PluginOperation.GET_TASK_DATA.exportName()
                        + "; the old plugin keeps serving").provider(p.name()).build();
            }
        } catch (RuntimeException e) {
            if (owned) next.close();
            throw e;
        }
        PluginDescriptor old = p.gateway.slot().swap(next, owned);
        PluginDescriptor now = next.descriptor();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("to_version", String.valueOf(PluginSlot.version(now)));
        details.put("to_source", now.source());
        if (old != null) details.put("from_version", String.valueOf(PluginSlot.version(old)));
        audit.provider(AuditEntry.Action.PLUGIN_SWAPPED, p.name(), details);
        return now;
    }

    // ------------------------------------------------------------------------------------------------ status

    @Override
    public IntegrationStatus status() {
        return stamped("status", this::statusOpen);
    }

    private IntegrationStatus statusOpen() {
        List<TaskSyncRecord> records = s.records().list();
        List<ProviderHealth> healths = new ArrayList<>();
        for (Provider p : providers.values()) {
            List<TaskSyncRecord> links = records.stream().filter(r -> r.externalSystem().equals(p.name())).toList();
            int pending = links.stream().mapToInt(r -> r.pendingChanges().size()).sum();
            Instant lastSync = links.stream().map(TaskSyncRecord::lastSyncTime).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
            int errors = (int) links.stream().filter(r -> r.status() == SyncStatus.ERROR).count();
            PluginDescriptor serving = p.gateway.slot().descriptor(); // null until a call opened it: not opened here
            healths.add(healthOf(p.name(), pending).withLinks(lastSync, errors).withPlugin(
                    serving == null ? null : PluginSlot.version(serving), serving == null ? null : serving.source()));
        }
        Instant last = records.stream().map(TaskSyncRecord::lastSyncTime).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(lastRun);
        // the first provider stands in for an unset task system only while syncing is on: with the integration off
        // (task_system: none, integration_enabled or sync_enabled false) no provider is the task system in use
        String taskSystem = s.taskSystem() != null ? s.taskSystem()
                : !s.enabled() || providers.isEmpty() ? null : providers.keySet().iterator().next();
        return new IntegrationStatus(s.enabled(), taskSystem, healths, last,
                (int) records.stream().filter(r -> r.status() == SyncStatus.ERROR).count(), records.size(),
                records.stream().mapToInt(r -> r.conflicts().size()).sum(),
                records.stream().mapToInt(r -> r.pendingChanges().size()).sum(), scopeStatuses(records));
    }

    /** Per provider with a scope: where its whole-project sync stands. */
    private List<ScopeStatus> scopeStatuses(List<TaskSyncRecord> records) {
        List<ScopeStatus> out = new ArrayList<>();
        for (Provider p : providers.values()) {
            if (p.config.scope() == null) continue;
            String filter = p.config.scope().filterText();
            ScopeState st = scopes.states().load(p.name(), filter);
            int inScope = (int) records.stream().filter(r -> r.externalSystem().equals(p.name())).count();
            out.add(new ScopeStatus(p.name(), filter, st.watermark(), st.lastPoll(), inScope,
                    st.bulkComplete() ? 0 : -1, st.bulkComplete(), st.seen(), st.imported()));
        }
        return out;
    }

    /** The pipeline's view of the provider; UNKNOWN when the host's pipeline does not track health. */
    private ProviderHealth healthOf(String provider, int pending) {
        return s.calls().callHealth(provider).map(h -> h.toProviderHealth(pending)).orElseGet(() ->
                new ProviderHealth(provider, ProviderHealth.State.UNKNOWN, "the configured ProviderCalls does not"
                        + " report health", null, pending));
    }

    /**
     * Runs a host-facing operation, refused once the engine is closed; a failure leaves it stamped with the engine's
     * clock (the exception's own default is the system clock), keeping the stack trace where it happened.
     */
    private <T> T stamped(String method, Supplier<T> operation) {
        try {
            ensureOpen(method);
            return operation.get();
        } catch (RejectedExecutionException e) {
            if (!closed.get()) throw e;
            throw closedError(method, e); // close() ran while the call was under way
        } catch (IntegrationException e) {
            IntegrationException stamped = e.toBuilder().timestamp(s.clock().instant()).build();
            stamped.setStackTrace(e.getStackTrace());
            throw stamped;
        }
    }

    private void ensureOpen(String method) {
        if (closed.get()) throw closedError(method, null);
    }

    /** The one error of every call after {@link #close()}: PLUGIN_EXECUTION_FAILED with reason "closed". */
    private IntegrationException closedError(String method, Throwable cause) {
        return IntegrationException.builder(ErrorCode.PLUGIN_EXECUTION_FAILED, "this ZenIntegration is closed, so "
                + method + "() cannot run; build a new one with ZenIntegration.builder()").detail("reason", "closed")
                .cause(cause).timestamp(s.clock().instant()).build();
    }

    /**
     * Stops the sync threads, closes the plugins this engine opened, and the registry and pipeline it owns. Every
     * later call fails with PLUGIN_EXECUTION_FAILED, reason "closed"; closing again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        pool.shutdown();
        async.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) pool.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
        providers.values().forEach(p -> p.gateway.slot().close());
        registry.close(s.ownsRegistry());
        if (s.ownsAudit()) audit.close();
        if (s.ownsCalls()) s.calls().close();
    }
}
